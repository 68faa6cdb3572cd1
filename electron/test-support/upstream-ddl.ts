import type { Dialect } from '../../shared/source-mapping.ts';
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
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return dialect === 'postgres' ? String(v) : v ? '1' : '0';
  if (typeof v === 'number') return String(v);
  if (kind === 'uuid' && dialect !== 'postgres') return `'${v.replace(/-/g, '')}'`;
  if (kind === 'tz' || kind === 'naive') {
    // Django writes UTC `YYYY-MM-DD HH:MM:SS.ffffff` on SQLite and MySQL; PostgreSQL gets the offset.
    const text = v.replace('T', ' ').replace('Z', '');
    return dialect === 'postgres' ? `'${text}${kind === 'tz' ? '+00' : ''}'` : `'${text}000'`;
  }
  return `'${v.replace(/'/g, "''")}'`;
}

const quote = (dialect: Dialect, name: string) => (dialect === 'mysql' ? `\`${name}\`` : `"${name}"`);

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
