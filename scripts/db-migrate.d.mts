export function isPostgresUrl(url: string): boolean;
export function migrateSqlite(databaseUrl: string): string;
export function migratePostgres(databaseUrl: string, log?: (line: string) => void): Promise<string[]>;
export function migrate(databaseUrl: string, log?: (line: string) => void): Promise<void>;
