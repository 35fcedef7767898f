import { unstable_parseMultipartFormData, type UploadHandlerPart } from "@remix-run/node";
import { refuseNulCharacters } from "~/http/form.server";
import { truncate } from "~/http/truncate";

export interface Upload {
  field: string;
  name: string;
  type: string;
  size: number;
  /** null when the file was larger than the limit: its bytes were read and dropped, not kept. */
  bytes: Uint8Array | null;
}

export interface ParsedForm {
  form: FormData;
  files: Upload[];
  /** Text fields that were longer than the limit (their values were dropped). */
  oversizedFields: string[];
}

function badRequest(message: string): Response {
  return new Response(message, { status: 400, statusText: "Bad Request" });
}

/**
 * Reads a form (multipart or urlencoded) without ever holding more than the
 * limits in memory: files over `maxFileBytes` and text fields over
 * `maxFieldBytes` are drained and reported, so the action can answer 400.
 */
export async function readForm(
  request: Request,
  limits: { maxFileBytes: number; maxFieldBytes: number; maxFiles: number },
): Promise<ParsedForm> {
  const contentType = request.headers.get("Content-Type") ?? "";
  const files: Upload[] = [];
  const oversizedFields: string[] = [];
  if (!contentType.startsWith("multipart/form-data")) {
    try {
      const form = refuseNulCharacters(await request.formData());
      for (const [field, value] of form) {
        if (typeof value === "string" && Buffer.byteLength(value) > limits.maxFieldBytes) oversizedFields.push(field);
      }
      return { form, files, oversizedFields };
    } catch (error) {
      if (error instanceof Response) throw error;
      throw badRequest("The form could not be read. Reload the page and try again.");
    }
  }

  const handler = async (part: UploadHandlerPart): Promise<string | undefined> => {
    const isFile = typeof part.filename === "string";
    const limit = isFile ? limits.maxFileBytes : limits.maxFieldBytes;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of part.data) {
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
    }
    const tooBig = size > limit;
    if (!isFile) {
      if (tooBig) {
        oversizedFields.push(part.name);
        return undefined;
      }
      return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
    }
    // A file input with nothing chosen sends an empty part with no name.
    if (!part.filename && size === 0) return undefined;
    if (part.filename?.includes("\u0000")) throw badRequest("A file name contains a NUL character. Rename the file.");
    files.push({
      field: part.name,
      name: truncate((part.filename || "unnamed").normalize("NFC"), 255),
      type: part.contentType || "application/octet-stream",
      size,
      bytes: tooBig ? null : new Uint8Array(Buffer.concat(chunks)),
    });
    return undefined;
  };

  try {
    const form = refuseNulCharacters(await unstable_parseMultipartFormData(request, handler));
    if (files.length > limits.maxFiles * 4) throw badRequest("Too many files were sent.");
    return { form, files, oversizedFields };
  } catch (error) {
    if (error instanceof Response) throw error;
    throw badRequest("The form could not be read. Reload the page and try again.");
  }
}
