import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { listSuppliersWithCounts } from "~/models/suppliers.server";

export const meta: MetaFunction = () => [{ title: "Suppliers — Tautoko" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  return { suppliers: await listSuppliersWithCounts(context.db) };
}

export default function AdminSuppliers() {
  const { suppliers } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="meta">
        <Link to="/admin">Administration</Link> › Suppliers
      </p>
      <div className="page-header">
        <div>
          <h1>Suppliers</h1>
          <p>Suppliers named in requests. Correct their details, or merge a duplicate into the right one.</p>
        </div>
      </div>
      {suppliers.length === 0 ? (
        <p className="panel empty">No supplier has been named in a request yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="list">
            <caption className="visually-hidden">Suppliers</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">NZBN</th>
                <th scope="col">Contact email</th>
                <th scope="col">Requests</th>
              </tr>
            </thead>
            <tbody>
              {suppliers.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/admin/suppliers/${s.id}`}>{s.name}</Link>
                    {s.mergedIntoId !== null ? (
                      <div className="meta">
                        Merged into <Link to={`/admin/suppliers/${s.mergedIntoId}`}>{s.mergedIntoName}</Link>
                      </div>
                    ) : null}
                  </td>
                  <td className="mono">{s.nzbn ?? "—"}</td>
                  <td>{s.contactEmail ?? "—"}</td>
                  <td>{s.requestCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
