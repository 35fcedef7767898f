import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { listUsers } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Administration — Tautoko" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  return { users: await listUsers(context.db) };
}

export default function Admin() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Administration</h1>
          <p>People who can sign in to Tautoko and their roles. Administrators make no decisions on requests.</p>
        </div>
      </div>
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
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{u.roles.join(", ") || "none"}</td>
                <td>{u.active ? "Active" : "Disabled"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
