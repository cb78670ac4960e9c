import { existsSync } from 'node:fs';
import { canonicalJson } from '../common/canonical-json';
import { sha256 } from '../common/hashing';
import { StageError } from '../common/stage.error';
import { type RawTable } from '../common/table-files';

const POSTGRES = /^postgres(?:ql)?:\/\//i;

interface QueryResult {
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

/**
 * Runs a read-only query against PostgreSQL (`postgres://…`) or a SQLite file (a path, or
 * `sqlite:`/`file:` URL). The result's sha256 stands in for a file hash.
 */
export async function querySql(
  url: string,
  query: string,
  resolvePath: (path: string) => string,
): Promise<RawTable> {
  const result = POSTGRES.test(url)
    ? await queryPostgres(url, query)
    : await querySqlite(url, resolvePath(url.replace(/^(sqlite|file):(\/\/)?/, '')), query);
  return {
    ...result,
    sha256: sha256(canonicalJson(result)),
    location: `${redactUrl(url)}: ${query.replace(/\s+/g, ' ').trim()}`,
  };
}

async function querySqlite(url: string, path: string, query: string): Promise<QueryResult> {
  if (!existsSync(path)) throw new StageError(`SQLite database ${url} not found`);
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const statement = db.prepare(query);
    if (!statement.reader) {
      throw new StageError('data.source.query must return rows (SELECT …)');
    }
    const rows = statement.all() as Record<string, unknown>[];
    return { columns: statement.columns().map((c) => c.name), rows };
  } catch (error) {
    if (error instanceof StageError) throw error;
    throw new StageError(`SQLite query on ${url} failed: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

async function queryPostgres(url: string, query: string): Promise<QueryResult> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new StageError(
      `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`,
    );
  }
  try {
    await client.query('BEGIN READ ONLY');
    const result = await client.query<Record<string, unknown>>(query);
    return { columns: result.fields.map((f) => f.name), rows: result.rows };
  } catch (error) {
    throw new StageError(`PostgreSQL query failed: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
