import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateSqlite } from "../scripts/db-migrate.mjs";

const tmp = path.resolve(import.meta.dirname, "../tmp");

declare module "vitest" {
  export interface ProvidedContext {
    templateSqlite: string;
  }
}

/**
 * Applies the migrations once to a template SQLite file that each test file copies. The file is
 * this run's own, so two test runs in one checkout do not overwrite each other's databases.
 */
export default function setup(project: TestProject) {
  mkdirSync(tmp, { recursive: true });
  const template = path.join(tmp, `test-template-${process.pid}.sqlite`);
  rmSync(template, { force: true });
  migrateSqlite(`file:${template}`);
  project.provide("templateSqlite", template);
  return () => {
    for (const file of readdirSync(tmp)) {
      if (file.startsWith(path.basename(template, ".sqlite"))) {
        rmSync(path.join(tmp, file), { force: true });
      }
    }
  };
}
