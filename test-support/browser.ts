import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

const root = path.resolve(import.meta.dirname, "..");

// Debian's Chromium; flags keep it from reaching for Google's hosts on a closed network.
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

// The library answers bot-like user agents (HeadlessChrome) on admin routes with 410.
export const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface AppServer {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Runs the production build (`npm run build` first) the way `npm start` does, on a free port. */
export async function startAppServer(env: Record<string, string>): Promise<AppServer> {
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, "node_modules/@remix-run/serve/dist/cli.js"), path.join(root, "build/index.js")],
    { cwd: root, env: { ...process.env, ...env, PORT: String(port), NODE_ENV: "production" } },
  );
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app server exited:\n${output}`);
    try {
      await fetch(`${url}/favicon.svg`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`app server did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        // A server that does not stop within 10 s is stopped.
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}
