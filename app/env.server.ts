import { z } from "zod";
import { isPostgresUrl } from "./db-client.server";

// Scopes the features need; shopify.app.toml declares the same list (a test keeps them equal).
export const REQUIRED_SCOPES = [
  "read_products",
  "write_products",
  "read_inventory",
  "read_orders",
  "read_all_orders",
  "read_customers",
  "write_customers",
  "write_discounts",
] as const;

const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";

const envSchema = z.object({
  SHOPIFY_API_KEY: z.string().min(1, "is required (the app's client id)"),
  SHOPIFY_API_SECRET: z.string().min(1, "is required (the app's client secret)"),
  SHOPIFY_APP_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  SCOPES: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(",")
            .map((scope) => scope.trim())
            .filter(Boolean)
        : [...REQUIRED_SCOPES],
    ),
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine((url) => url.startsWith("file:") || isPostgresUrl(url), {
      error: "must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)",
    }),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // "off" on web-only instances when background jobs run in their own process.
  JOB_WORKER: z.enum(["in-process", "off"]).default("in-process"),
  // Demo mode (npm run demo): the app talks to the local Shopify and lets an ordinary browser
  // sign in with session tokens the local Shopify mints. See app/demo.server.ts.
  SHELFWISE_DEMO: z
    .enum(["0", "1", "false", "true"])
    .optional()
    .transform((value) => value === "1" || value === "true"),
  LOCAL_SHOPIFY_URL: z.url({ protocol: /^http$/, error: "must be an http URL" }).optional(),
  DEMO_SHOP: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a myshopify.com domain")
    .optional(),
});

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
export const isLoopbackUrl = (url: string) => LOOPBACK_HOSTS.has(new URL(url).hostname);

// Demo mode's shortcuts are refused outside a development machine's loopback interface.
const checkedSchema = envSchema.superRefine((env, context) => {
  if (!env.SHELFWISE_DEMO) return;
  const refuse = (path: string, message: string) =>
    context.addIssue({ code: "custom", path: [path], message, params: { demo: true } });
  if (env.NODE_ENV === "production")
    refuse("SHELFWISE_DEMO", "demo mode is refused with NODE_ENV=production");
  if (!env.LOCAL_SHOPIFY_URL) refuse("LOCAL_SHOPIFY_URL", "is required in demo mode");
  else if (!isLoopbackUrl(env.LOCAL_SHOPIFY_URL))
    refuse("LOCAL_SHOPIFY_URL", "must be a loopback address in demo mode");
  if (!isLoopbackUrl(env.SHOPIFY_APP_URL))
    refuse("SHOPIFY_APP_URL", "must be a loopback address in demo mode");
  if (!env.DEMO_SHOP) refuse("DEMO_SHOP", "is required in demo mode");
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Shelfwise cannot start: ${problems.join("; ")}. See README.md, "Configuration".`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = checkedSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const value = source[name];
    if (issue.code === "custom" && issue.params?.demo) return `${name} ${issue.message}`;
    return value === undefined || value === ""
      ? `${name} is missing`
      : `${name} is malformed: ${issue.message}`;
  });
  throw new EnvError(problems);
}

let parsed: Env | undefined;

/** The environment, parsed on first use and then kept: a bad variable stops start-up. */
export function env(): Env {
  parsed ??= parseEnv(process.env);
  return parsed;
}
