import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { PROJECT_ROOT } from "~/cli/paths";
import { createHttpApp } from "~/server/http.server";
import type { TestApp } from "./app";

export interface InProcessServer {
  port: number;
  /** Bytes the server has read from every connection so far (open and closed). */
  bytesRead(): number;
  close(): Promise<void>;
}

/**
 * The real HTTP layer and Remix build (built by globalSetup) serving a test
 * app's database on a loopback port, in this process, so a test can count
 * the bytes the server read off its sockets.
 */
export async function serveInProcess(app: TestApp): Promise<InProcessServer> {
  const build = (await import(pathToFileURL(path.join(PROJECT_ROOT, "build", "index.js")).href)) as ServerBuild;
  const http = createHttpApp({
    build,
    db: app.db,
    config: app.config,
    now: app.context.now,
    publicDir: path.join(PROJECT_ROOT, "public"),
  });
  const sockets = new Set<Socket>();
  let closedBytes = 0;
  const server: Server = await new Promise((resolve) => {
    const s = http.listen(0, "127.0.0.1", () => resolve(s));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => {
      closedBytes += socket.bytesRead;
      sockets.delete(socket);
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    bytesRead: () => closedBytes + [...sockets].reduce((n, s) => n + s.bytesRead, 0),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
