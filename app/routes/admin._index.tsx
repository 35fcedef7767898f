import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { listSuppliersWithCounts } from "~/models/suppliers.server";
import { listUsers } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Administration — Tautoko" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  const users = await listUsers(context.db);
  const suppliers = await listSuppliersWithCounts(context.db);
  return {
    activeUsers: users.filter((u) => u.active).length,
    disabledUsers: users.filter((u) => !u.active).length,
    suppliers: suppliers.filter((s) => s.mergedIntoId === null).length,
  };
}

export default function AdminHome() {
  const { activeUsers, disabledUsers, suppliers } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Administration</h1>
          <p>Accounts, roles, suppliers and the mail outbox. Administrators make no decisions on requests.</p>
        </div>
      </div>
      <div className="grid-2">
        <section className="panel">
          <h2>
            <Link to="/admin/users">Users and roles</Link>
          </h2>
          <p>
            {activeUsers} active {activeUsers === 1 ? "account" : "accounts"}
            {disabledUsers > 0 ? `, ${disabledUsers} disabled` : ""}. Create accounts, grant and remove roles, disable
            and re-enable them.
          </p>
          <Link className="button button--secondary" to="/admin/users/new">
            Create an account
          </Link>
        </section>
        <section className="panel">
          <h2>
            <Link to="/admin/suppliers">Suppliers</Link>
          </h2>
          <p>
            {suppliers} {suppliers === 1 ? "supplier" : "suppliers"}. Correct their details and merge duplicates.
          </p>
        </section>
        <section className="panel">
          <h2>
            <Link to="/admin/reassign">Reassign a leaver&apos;s requests</Link>
          </h2>
          <p>Hand the undecided requests someone logged to another member of staff.</p>
        </section>
        <section className="panel">
          <h2>
            <Link to="/admin/outbox">Mail outbox</Link>
          </h2>
          <p>Every email Tautoko has queued, newest first: whether it was delivered, and how each one reads.</p>
        </section>
      </div>
    </>
  );
}
