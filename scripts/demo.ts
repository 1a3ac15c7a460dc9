/*
 * npm run demo: the app on a sample store with nothing else installed. Creates the SQLite
 * database, starts the local Shopify (Shopify's real Admin API schema over a synthetic store) and
 * the app connected to it, and prints the URL to open. Demo only: never used in production.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, statSync, readdirSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { createDb } from "../app/db-client.server";
import { redactShop } from "../app/models/compliance.server";
import { migrateSqlite } from "./db-migrate.mjs";
import { generateStore } from "../local-shopify/generator/index";
import { createLocalShopify } from "../local-shopify/server/index";

const root = path.resolve(import.meta.dirname, "..");

export interface DemoOptions {
  port: number;
  localShopifyPort?: number;
  databaseFile?: string;
  seed?: number;
  products?: number;
  log?: (line: string) => void;
  /** where the app server's own output goes (default: kept, shown if it fails to start) */
  appOutput?: (chunk: string) => void;
}

export interface RunningDemo {
  appUrl: string;
  localShopifyUrl: string;
  shop: string;
  stop(): Promise<void>;
}

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuild(log: (line: string) => void): void {
  const built = path.join(root, "build/index.js");
  if (existsSync(built) && statSync(built).mtimeMs > newestSourceTime(path.join(root, "app"))) return;
  log("Building the app (remix build)...");
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`remix build failed:\n${result.stdout}\n${result.stderr}`);
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited:\n${output()}`);
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`the app did not start:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const log = options.log ?? ((line: string) => console.log(line));
  const databaseFile = options.databaseFile ?? path.join(root, "prisma/demo.sqlite");
  mkdirSync(path.dirname(databaseFile), { recursive: true });
  const databaseUrl = `file:${databaseFile}`;

  log(`Database: ${path.relative(root, databaseFile)} (SQLite), applying migrations...`);
  migrateSqlite(databaseUrl);

  const products = options.products ?? 300;
  const seed = options.seed ?? 42;
  log(`Generating the sample store: ${products} products, a year of orders (seed ${seed})...`);
  const started = Date.now();
  // History up to the start of today (UTC), so the app sees recent sales.
  const now = `${new Date().toISOString().slice(0, 10)}T00:00:00Z`;
  const store = generateStore({ seed, products, now });
  const lines = store.orders.reduce((sum, order) => sum + order.lineItems.length, 0);
  log(
    `  ${store.products.length} products, ${store.variants.length} variants, ${store.customers.length} customers, ` +
      `${store.orders.length} orders (${lines} lines) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  // Each run is a fresh install on a fresh local Shopify: what an earlier run synced, queued or
  // was granted is void, so the shop starts empty (as after shop/redact).
  const db = createDb(databaseUrl);
  await redactShop(db, store.shop.myshopifyDomain);
  await db.$disconnect();

  const apiKey = "shelfwise-demo";
  const apiSecret = randomBytes(24).toString("hex");
  const appUrl = `http://localhost:${options.port}`;
  const localShopify = createLocalShopify({ store, apiKey, apiSecret, webhookTarget: appUrl });
  const listening = await localShopify.listen(options.localShopifyPort ?? 0, "127.0.0.1");
  log(`Local Shopify (Admin API 2026-10) for ${store.shop.myshopifyDomain} on ${listening.url}`);
  log(`  simulate more days of sales: curl -X POST "${listening.url}/local/advance?days=7"`);

  ensureBuild(log);
  let output = "";
  const app = spawn(process.execPath, [path.join(root, "scripts/demo-app-server.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      PORT: String(options.port),
      DATABASE_URL: databaseUrl,
      SHOPIFY_API_KEY: apiKey,
      SHOPIFY_API_SECRET: apiSecret,
      SHOPIFY_APP_URL: appUrl,
      SHELFWISE_DEMO: "1",
      LOCAL_SHOPIFY_URL: listening.url,
      DEMO_SHOP: store.shop.myshopifyDomain,
    },
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    options.appOutput?.(chunk.toString());
  };
  app.stdout?.on("data", collect);
  app.stderr?.on("data", collect);
  await waitForHttp(`http://127.0.0.1:${options.port}/favicon.svg`, app, () => output);

  return {
    appUrl,
    localShopifyUrl: listening.url,
    shop: store.shop.myshopifyDomain,
    async stop() {
      if (app.exitCode === null) {
        const exited = new Promise((resolve) => app.once("exit", resolve));
        app.kill("SIGTERM");
        setTimeout(() => app.kill("SIGKILL"), 10_000).unref();
        await exited;
      }
      await listening.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.env.PORT ?? 3000);
  startDemo({ port, appOutput: (chunk) => process.stdout.write(chunk) })
    .then((demo) => {
      console.log(
        `\nShelfwise is running on the sample store ${demo.shop}.\nOpen ${demo.appUrl} in your browser.`,
      );
      console.log("Press Ctrl+C to stop.");
      const shutdown = () => void demo.stop().then(() => process.exit(0));
      process.on("SIGINT", shutdown);
      process.on("SIGTERM", shutdown);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
