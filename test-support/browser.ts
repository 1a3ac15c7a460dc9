import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { chromium, type Browser, type Page } from "playwright-core";
import { createDb, type Db } from "../app/db-client.server";
import { REQUIRED_SCOPES } from "../app/env.server";
import { migrateSqlite } from "../scripts/db-migrate.mjs";

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

/** A new SQLite database at `file` (replacing one left by an earlier run), migrated. */
export function freshDatabase(file: string): Db {
  mkdirSync(path.dirname(file), { recursive: true });
  rmSync(file, { force: true });
  migrateSqlite(`file:${file}`);
  return createDb(`file:${file}`);
}

/** The offline session an installed app holds for a shop, with every scope the app asks for. */
export function seedInstalledSession(db: Db, shop: string) {
  return db.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "installed",
      accessToken: "shpat_browser",
      scope: REQUIRED_SCOPES.join(","),
      expires: new Date(Date.now() + 3_600_000),
    },
  });
}

export interface EmbeddedApp {
  /** the store's handle: `<store>.myshopify.com` */
  store: string;
  apiKey: string;
  apiSecret: string;
}

/**
 * Opens an app path the way Shopify admin's first load does: embedded, with a fresh session token
 * in the query. The App Bridge script (and fonts) come from Shopify's CDN and cannot load here.
 */
export async function openEmbedded(
  browser: Browser,
  server: AppServer,
  app: EmbeddedApp,
  appPath = "/app",
): Promise<{ page: Page; status: number | undefined }> {
  const page = await browser.newPage({ userAgent: BROWSER_USER_AGENT });
  await page.route("https://cdn.shopify.com/**", (route) => route.abort());
  const { token } = await getJwt(app.store, app.apiKey, app.apiSecret);
  const url = new URL(`${server.url}${appPath}`);
  const embedded = {
    embedded: "1",
    shop: `${app.store}.myshopify.com`,
    host: Buffer.from(`admin.shopify.com/store/${app.store}`).toString("base64"),
    id_token: token,
  };
  for (const [key, value] of Object.entries(embedded)) url.searchParams.set(key, value);
  const response = await page.goto(url.toString());
  return { page, status: response?.status() };
}
