import { fileTypeFromBuffer } from "file-type";

/**
 * The types an attachment may be served as, by what its bytes are (never by
 * its name or the uploader's claim): PDFs and plain raster images, which a
 * browser shows without running anything. Everything else stays
 * application/octet-stream (issue 20, item 14).
 */
const VIEWABLE = new Set(["application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"]);

export async function servedTypeOf(content: Uint8Array): Promise<string> {
  const sniffed = await fileTypeFromBuffer(content);
  return sniffed && VIEWABLE.has(sniffed.mime) ? sniffed.mime : "application/octet-stream";
}
