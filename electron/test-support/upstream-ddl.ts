import type { Dialect } from '../../shared/source-mapping.ts';
import { djangoLiteral, quoteName } from './fixture-sql.ts';
import { upstreamTables, type Kind, type Value } from './upstream-call-logs.ts';

/**
 * The upstream call-log tables (upstream-call-logs.ts) written as each framework's migrations write them:
 * Django's and SQLAlchemy's column types per engine, and their text for times, uuids and booleans.
 */
/** Column types as each framework declares them on each engine (Django's and SQLAlchemy's DDL). */
const TYPES: Record<Dialect, Record<Kind, string>> = {
  postgres: {
    pk: 'integer PRIMARY KEY',
    bigpk: 'bigint PRIMARY KEY',
    uuid: 'uuid',
    int: 'integer',
    bigint: 'bigint',
    str: 'varchar(255)',
    text: 'text',
    bool: 'boolean',
    json: 'jsonb',
    tz: 'timestamp with time zone',
    naive: 'timestamp without time zone',
    date: 'date',
    dec6: 'numeric(10,6)',
    dec4: 'numeric(10,4)',
    float: 'double precision',
  },
  mysql: {
    pk: 'integer PRIMARY KEY',
    bigpk: 'bigint PRIMARY KEY',
    uuid: 'char(32)',
    int: 'integer',
    bigint: 'bigint',
    str: 'varchar(255)',
    text: 'longtext',
    bool: 'bool',
    json: 'json',
    tz: 'datetime(6)',
    naive: 'datetime',
    date: 'date',
    dec6: 'numeric(10,6)',
    dec4: 'numeric(10,4)',
    float: 'double precision',
  },
  sqlite: {
    pk: 'integer NOT NULL PRIMARY KEY',
    bigpk: 'integer NOT NULL PRIMARY KEY',
    uuid: 'char(32)',
    int: 'integer',
    bigint: 'bigint',
    str: 'varchar(255)',
    text: 'text',
    bool: 'bool',
    json: 'text',
    tz: 'datetime',
    naive: 'datetime',
    date: 'date',
    dec6: 'decimal',
    dec4: 'decimal',
    float: 'real',
  },
};

function literal(dialect: Dialect, kind: Kind, v: Value): string {
  // Django stores a UUIDField as 32 hex characters where the engine has no uuid type.
  if (kind === 'uuid' && typeof v === 'string' && dialect !== 'postgres') return `'${v.replace(/-/g, '')}'`;
  return djangoLiteral(dialect, v, kind === 'tz' ? 'tz' : kind === 'naive' ? 'naive' : undefined);
}
const quote = quoteName;

/** DDL and inserts for every table, one statement per entry. */
export function upstreamStatements(dialect: Dialect): string[] {
  const out: string[] = [];
  for (const t of upstreamTables()) {
    out.push(
      `CREATE TABLE ${quote(dialect, t.name)} (${t.columns.map(([c, k]) => `${quote(dialect, c)} ${TYPES[dialect][k]}`).join(', ')})`,
    );
    out.push(
      `INSERT INTO ${quote(dialect, t.name)} VALUES ${t.rows.map((r) => `(${t.columns.map(([c, k]) => literal(dialect, k, r[c] ?? null)).join(', ')})`).join(', ')}`,
    );
  }
  out.push(
    `CREATE INDEX llm_llmcalllog_request_timestamp ON ${quote(dialect, 'llm_llmcalllog')} (${quote(dialect, 'request_timestamp')})`,
  );
  return out;
}
