import type { AppLoadContext } from "@remix-run/node";
import { logRequest } from "~/commands/logRequest.server";
import type { LogRequestInput } from "~/workflow/requestForm";

/** A written reference Acme Ltd asked for by email, with nothing optional filled in. */
export const ACME_REQUEST: LogRequestInput = {
  supplierName: "Acme Ltd",
  supplierNzbn: undefined,
  supplierContactEmail: "sales@acme.example",
  requestType: "written_reference",
  enduring: "auto",
  channel: "email",
  receivedAt: "2026-11-20T20:00:00.000Z",
  asked: "A reference for a tender.",
  originalMessage: undefined,
  contractRef: undefined,
  conflict: "none",
  conflictNote: undefined,
};

/** Logs a request through the command itself, not the form: ACME_REQUEST with `changes`, no attachments. */
export function logDirectly(
  context: AppLoadContext,
  requester: { id: number; name: string; email: string },
  changes: Partial<LogRequestInput> = {},
): Promise<{ id: number; reference: string }> {
  return logRequest(context, requester, { ...ACME_REQUEST, ...changes }, []);
}
