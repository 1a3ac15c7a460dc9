import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

it("keeps prisma/postgresql/schema.prisma generated from prisma/schema.prisma", () => {
  const root = path.resolve(import.meta.dirname, "..");
  const result = spawnSync(process.execPath, ["scripts/prisma-schemas.mjs", "--check"], {
    cwd: root,
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
});
