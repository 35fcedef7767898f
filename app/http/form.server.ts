import busboy from "busboy";
import { bodyLimitFor, FORM_BODY_BYTES, tooLargeMessage } from "~/http/bodyLimits";

export interface Upload {
  field: string;
  /** The name as the browser sent it (quoted, or RFC 5987 `filename*=`), directories left out. */
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

export interface FormLimits {
  maxFileBytes: number;
  maxFieldBytes: number;
  maxFiles: number;
}

/** Every form but logging a request: text only. */
export const TEXT_FORM: FormLimits = { maxFileBytes: 0, maxFieldBytes: 128 * 1024, maxFiles: 0 };

/** More fields than any page sends (the review form's findings are the most, at most 500 of three). */
const MAX_FIELDS = 2000;
const URLENCODED = "application/x-www-form-urlencoded";
const MULTIPART = "multipart/form-data";
const UNREADABLE = "The form could not be read. Reload the page and try again.";

export function plainAnswer(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

class BodyTooLarge extends Error {}

/** Forms with files read at once; the rest wait unread (the client held back by TCP), so memory stays near two uploads. */
const UPLOAD_SLOTS = 2;
let uploadsReading = 0;
const waitingForSlot: Array<() => void> = [];

async function uploadSlot(): Promise<() => void> {
  if (uploadsReading < UPLOAD_SLOTS) uploadsReading += 1;
  else await new Promise<void>((resolve) => waitingForSlot.push(resolve));
  // A freed slot passes straight to the next in line, so no newcomer can slip in between.
  return () => {
    const next = waitingForSlot.shift();
    if (next) next();
    else uploadsReading -= 1;
  };
}

/**
 * The body's chunks, failing as soon as more than `limit` bytes have come. The
 * stream is let go, not cancelled: cancelling would destroy the connection
 * before the 413 is sent (the HTTP server closes it after answering).
 */
async function* chunksOf(request: Request, limit: number): AsyncGenerator<Uint8Array> {
  if (!request.body) return;
  const reader = request.body.getReader();
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > limit) throw new BodyTooLarge();
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function readUrlEncoded(chunks: AsyncGenerator<Uint8Array>, limits: FormLimits): Promise<ParsedForm> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  const form = new FormData();
  const oversizedFields: string[] = [];
  let count = 0;
  for (const [field, value] of new URLSearchParams(Buffer.concat(parts).toString("utf8"))) {
    if (++count > MAX_FIELDS) throw new Error("too many fields");
    if (Buffer.byteLength(value) > limits.maxFieldBytes) oversizedFields.push(field);
    else form.append(field, value);
  }
  return { form, files: [], oversizedFields };
}

/** Streams a multipart body through busboy, keeping at most the limits of each part in memory. */
function readMultipart(
  chunks: AsyncGenerator<Uint8Array>,
  contentType: string,
  limits: FormLimits,
): Promise<ParsedForm> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    const files: Upload[] = [];
    const oversizedFields: string[] = [];
    const parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: {
        fieldSize: limits.maxFieldBytes + 1,
        fileSize: limits.maxFileBytes + 1,
        files: limits.maxFiles,
        fields: MAX_FIELDS,
      },
    });
    let failed = false;
    const fail = (error: unknown) => {
      failed = true;
      reject(error);
    };
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) oversizedFields.push(name);
      else form.append(name, value);
    });
    parser.on("file", (field, stream, info) => {
      const kept: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size <= limits.maxFileBytes) kept.push(chunk);
      });
      stream.on("end", () => {
        // A file input with nothing chosen sends an empty part with no name.
        if (!info.filename && size === 0) return;
        files.push({
          field,
          name: info.filename || "unnamed",
          type: info.mimeType || "application/octet-stream",
          size,
          bytes: size > limits.maxFileBytes ? null : new Uint8Array(Buffer.concat(kept)),
        });
      });
    });
    parser.on("filesLimit", () =>
      fail(
        plainAnswer(
          400,
          limits.maxFiles === 0 ? "This form does not take files." : `Attach at most ${limits.maxFiles} files.`,
        ),
      ),
    );
    parser.on("fieldsLimit", () => fail(new Error("too many fields")));
    parser.on("error", fail);
    parser.on("close", () => {
      if (!failed) resolve({ form, files, oversizedFields });
    });
    void (async () => {
      try {
        for await (const chunk of chunks) {
          if (failed) return;
          if (!parser.write(chunk)) await new Promise((r) => parser.once("drain", r));
        }
        parser.end();
      } catch (error) {
        fail(error);
      }
    })();
  });
}

/**
 * Reads a form (multipart or urlencoded) without ever holding more than the
 * limits in memory: a body larger than its route allows is a 413 (refused on
 * its declared length before a byte is read, or as soon as it passes the
 * limit), anything but a form is a 415, a broken one a 400. Files over
 * `maxFileBytes` and fields over `maxFieldBytes` are drained and reported, so
 * the action can say which.
 */
export async function readForm(request: Request, limits: FormLimits, stored?: readonly string[]): Promise<ParsedForm> {
  const maxBody = bodyLimitFor(new URL(request.url).pathname);
  if (Number(request.headers.get("Content-Length")) > maxBody) throw plainAnswer(413, tooLargeMessage(maxBody));
  const contentType = request.headers.get("Content-Type") ?? "";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  if (mediaType !== URLENCODED && mediaType !== MULTIPART) {
    throw plainAnswer(415, "Tautoko takes only forms sent from its own pages. Reload the page and try again.");
  }
  // Only multipart carries files: an urlencoded body, held whole while parsed, is never more than a form's.
  const limit = mediaType === URLENCODED ? Math.min(maxBody, FORM_BODY_BYTES) : maxBody;
  const release = mediaType === MULTIPART && limits.maxFiles > 0 ? await uploadSlot() : () => {};
  try {
    const chunks = chunksOf(request, limit);
    const parsed =
      mediaType === URLENCODED
        ? await readUrlEncoded(chunks, limits)
        : await readMultipart(chunks, contentType, limits);
    refuseNulCharacters(parsed, stored);
    return parsed;
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof BodyTooLarge) throw plainAnswer(413, tooLargeMessage(limit));
    throw plainAnswer(400, UNREADABLE);
  } finally {
    release();
  }
}

/**
 * A text-only form (every page but logging): files or over-long fields are a 400.
 * `stored` names the fields that are written anywhere, for the NUL check (all when absent).
 */
export async function readTextForm(request: Request, stored?: readonly string[]): Promise<FormData> {
  const { form, files, oversizedFields } = await readForm(request, TEXT_FORM, stored);
  if (files.length > 0 || oversizedFields.length > 0) {
    throw plainAnswer(400, "The form sent more than this page accepts. Reload the page and try again.");
  }
  return form;
}

/**
 * PostgreSQL refuses a NUL character in text and no field of ours has a use
 * for one, so a form holding one is a 400 on either engine rather than a 500 on one.
 */
function refuseNulCharacters({ form, files }: ParsedForm, stored?: readonly string[]): void {
  const nul = (text: string) => text.includes("\u0000");
  for (const [field, value] of form) {
    if (stored !== undefined && !stored.includes(field)) continue;
    if (typeof value === "string" && nul(value)) {
      throw plainAnswer(400, "The form contains a NUL character, which cannot be stored. Remove it and try again.");
    }
  }
  if (files.some((file) => nul(file.name)))
    throw plainAnswer(400, "A file name contains a NUL character. Rename the file.");
}
