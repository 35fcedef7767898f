import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { forbidden, requireUser } from "~/auth/session.server";
import { viewerOf } from "~/auth/viewer.server";
import { ListCount, Pager, RequestTable } from "~/components/RequestTable";
import { z } from "zod";
import { parseQuery, queryNumber } from "~/http/query";
import { listAllRequests, tallyRequests } from "~/models/requests.server";
import { getSupplier } from "~/models/suppliers.server";
import { seesEveryRequest } from "~/workflow/access";
import { recordIdParam } from "~/workflow/adminForms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.supplier.name} — Tautoko` : "Supplier — Tautoko" },
];

function supplierNotFound(): Response {
  return new Response("We could not find that supplier.", { status: 404, statusText: "Not Found" });
}

/** A supplier and every request it made, newest first: for managers, acting delegates and auditors. */
const pageQuery = z.object({ before: queryNumber("before") });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (!seesEveryRequest(await viewerOf(context, user))) throw forbidden();
  const id = recordIdParam(params.id);
  const supplier = id === null ? undefined : await getSupplier(context.db, id);
  if (!supplier) throw supplierNotFound();
  const { before } = parseQuery(new URL(request.url), pageQuery);
  const [page, tally] = await Promise.all([
    listAllRequests(context.db, { before, supplierId: supplier.id }),
    tallyRequests(context.db, { before, supplierId: supplier.id }),
  ]);
  return {
    supplier: { name: supplier.name, nzbn: supplier.nzbn, contactEmail: supplier.contact_email },
    ...page,
    tally,
    isFirst: before === undefined,
    now: context.now().toISOString(),
  };
}

export default function SupplierRequests() {
  const { supplier, rows, next, tally, isFirst, now } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{supplier.name}</h1>
          <p>
            {supplier.nzbn ? `NZBN ${supplier.nzbn}` : "No NZBN recorded"} ·{" "}
            {supplier.contactEmail ?? "no contact email recorded"}
          </p>
        </div>
      </div>
      <h2>Requests from this supplier</h2>
      {rows.length === 0 ? (
        <p className="panel empty">This supplier has made no requests.</p>
      ) : (
        <>
          <ListCount offset={tally.offset} shown={rows.length} total={tally.total} noun="requests" />
          <RequestTable rows={rows} caption={`Requests from ${supplier.name}`} now={now} />
        </>
      )}
      <Pager next={next} param="before" isFirst={isFirst} />
    </>
  );
}
