import net from "node:net";

export interface RawAnswer {
  status: number;
  head: string;
  body: string;
  /** Bytes of body this client managed to hand to the socket before the server answered and closed. */
  bodyBytesSent: number;
}

/**
 * Posts `totalBytes` of body over a raw socket, as a client that keeps
 * sending until the server answers: with a Content-Length (declared up front)
 * or chunked (no length). Stops sending as soon as an answer arrives.
 */
export function rawPost(
  port: number,
  path: string,
  headers: Record<string, string>,
  totalBytes: number,
  options: { chunked?: boolean; chunk?: Buffer } = {},
): Promise<RawAnswer> {
  const chunk = options.chunk ?? Buffer.alloc(64 * 1024, "a");
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    let sent = 0;
    let answered = false;
    const lines = [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    lines.push(options.chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${totalBytes}`);
    const finish = () => {
      const [head = "", body = ""] = received.split("\r\n\r\n", 2);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      if (status === 0) reject(new Error(`no answer after ${sent} bytes sent`));
      else resolve({ status, head, body, bodyBytesSent: sent });
    };
    socket.on("data", (d: Buffer) => {
      received += d.toString("utf8");
      // A server that answers and leaves the connection open is not waited for long.
      if (!answered) setTimeout(() => socket.destroy(), 5000).unref();
      answered = true;
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", finish);
    const pump = () => {
      while (!answered && sent < totalBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
        sent += piece.length;
        const framed = options.chunked
          ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")])
          : piece;
        if (!socket.write(framed)) return void socket.once("drain", pump);
      }
      if (!answered && options.chunked) socket.write("0\r\n\r\n");
    };
    socket.once("connect", () => {
      socket.write(`${lines.join("\r\n")}\r\n\r\n`);
      pump();
    });
  });
}
