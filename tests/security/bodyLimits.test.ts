import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORM_BODY_BYTES, SIGN_IN_BODY_BYTES, UPLOAD_BODY_BYTES } from "~/http/bodyLimits";
import { createTestApp, TEST_ORIGIN, type TestApp, type TestUser } from "../helpers/app";
import { serveInProcess, type InProcessServer } from "../helpers/inProcess";
import { rawPost } from "../helpers/rawPost";

const MB = 1024 * 1024;
/** What the server may read past a limit: socket buffers and the little drained so the client sees the answer. */
const SLACK = 2 * MB;

let app: TestApp;
let server: InProcessServer;
let staff: TestUser;
let manager: TestUser;
let reference: string;

beforeAll(async () => {
  app = await createTestApp();
  staff = await app.addUser("aroha@tautoko.test", ["staff"]);
  manager = await app.addUser("mere@tautoko.test", ["procurement_manager"]);
  server = await serveInProcess(app);
  reference = "END-2026-0001";
});

afterAll(async () => {
  await server?.close();
});

/** Sends the post and answers what came back and how many bytes the server read doing it. */
async function post(path: string, user: TestUser | null, bytes: number, options: { chunked?: boolean; type?: string }) {
  const before = server.bytesRead();
  const headers: Record<string, string> = {
    Origin: TEST_ORIGIN,
    "Content-Type": options.type ?? "application/x-www-form-urlencoded",
  };
  if (user) headers.Cookie = user.cookie;
  const answer = await rawPost(server.port, path, headers, bytes, { chunked: options.chunked });
  return { ...answer, serverRead: server.bytesRead() - before };
}

describe("bodies are bounded before they are read (over HTTP, counting the bytes the server read)", () => {
  it.each([
    ["anonymous sign-in, 50 MB declared", "/login", false, 50 * MB],
    ["anonymous sign-in, 50 MB chunked", "/login", false, 50 * MB],
    ["a signed-in form, 50 MB declared", "/delegation", true, 50 * MB],
    ["a signed-in form, 50 MB chunked", "/delegation", true, 50 * MB],
    ["logging with uploads, 400 MB declared", "/requests/new", true, 400 * MB],
  ])("%s: 413 with a message, and the server read almost none of it", async (what, path, signedIn, bytes) => {
    const chunked = what.endsWith("chunked");
    const user = path === "/delegation" ? manager : staff;
    const answer = await post(path, signedIn ? user : null, bytes, { chunked });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatch(/more than this page accepts/);
    const limit = path === "/login" ? SIGN_IN_BODY_BYTES : FORM_BODY_BYTES;
    expect(answer.serverRead).toBeLessThan((chunked ? limit : 0) + SLACK);
  });

  it("logging with uploads, 400 MB chunked: read only up to the upload limit, then 413", async () => {
    const answer = await post("/requests/new", staff, 400 * MB, {
      chunked: true,
      type: "multipart/form-data; boundary=----x",
    });
    expect(answer.status).toBe(413);
    expect(answer.serverRead).toBeGreaterThan(UPLOAD_BODY_BYTES);
    expect(answer.serverRead).toBeLessThan(UPLOAD_BODY_BYTES + SLACK);
  });

  it("a post where nothing reads the body (a request page a stranger may not act on) is not read to the end", async () => {
    const answer = await post(`/requests/${reference}`, null, 50 * MB, { chunked: true });
    expect(answer.status).toBeGreaterThanOrEqual(300);
    expect(answer.status).toBeLessThan(500);
    expect(answer.serverRead).toBeLessThan(SLACK);
  });

  it("stores nothing for any of them", async () => {
    expect(await app.db.selectFrom("requests").select("id").execute()).toEqual([]);
    expect(await app.db.selectFrom("delegations").select("id").execute()).toEqual([]);
  });
});
