import { z } from "zod";

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
    .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), {
      error: "must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)",
    }),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Shelfwise cannot start: ${problems.join("; ")}. See README.md, "Configuration".`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const value = source[name];
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

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}
