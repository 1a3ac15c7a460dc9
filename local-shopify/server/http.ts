import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

export type Handler = (request: Request, loopback: boolean) => Promise<Response>;

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Whether a peer address is this machine (the session-token endpoint serves only those). */
export function isLoopbackAddress(address: string | undefined): boolean {
  return !!address && (address === "::1" || /^(::ffff:)?127\./.test(address));
}

async function toRequest(message: IncomingMessage, fallbackHost: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = message.method ?? "GET";
  const chunks: Buffer[] = [];
  if (method !== "GET" && method !== "HEAD") for await (const chunk of message) chunks.push(chunk as Buffer);
  return new Request(`http://${message.headers.host ?? fallbackHost}${message.url ?? "/"}`, {
    method,
    headers,
    ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
  });
}

/** Serves a fetch-style handler over node:http (the local Shopify's `listen`). */
export async function serveHttp(
  handler: Handler,
  port: number,
  host: string,
  log: (message: string, detail?: unknown) => void,
): Promise<Listening> {
  const server = createServer((message, reply) => {
    void (async () => {
      try {
        const request = await toRequest(message, host);
        const response = await handler(request, isLoopbackAddress(message.socket.remoteAddress));
        reply.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) await pipeline(Readable.fromWeb(response.body as WebReadableStream), reply);
        else reply.end();
      } catch (error) {
        log("local Shopify: request failed", error);
        if (!reply.headersSent) reply.writeHead(500);
        reply.end();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
