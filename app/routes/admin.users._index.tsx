import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { listUsers } from "~/models/users.server";
import { ROLE_LABELS } from "~/workflow/adminForms";

export const meta: MetaFunction = () => [{ title: "Users and roles — Tautoko" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  return { users: await listUsers(context.db) };
}

export default function AdminUsers() {
  const { users } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const created = params.get("created");
  return (
    <>
      <p className="meta">
        <Link to="/admin">Administration</Link> › Users and roles
      </p>
      <div className="page-header">
        <div>
          <h1>Users and roles</h1>
          <p>Everyone who can sign in to Tautoko. A disabled account cannot sign in; its history is kept.</p>
        </div>
        <Link className="button" to="/admin/users/new">
          Create an account
        </Link>
      </div>
      {created ? (
        <p className="notice" role="status">
          The account for {created} was created. Give them their initial password by a separate channel.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="list">
          <caption className="visually-hidden">Users</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                </td>
                <td>{u.email}</td>
                <td>{u.roles.map((r) => ROLE_LABELS[r]).join(", ") || "None"}</td>
                <td>
                  {u.active ? (
                    <span className="badge">Active</span>
                  ) : (
                    <span className="badge badge--cancelled">Disabled</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
