import type { TestStepId } from '../../../shared/contract/profiles.ts';
import { AppError, toAppError } from '../../../shared/errors.ts';
import type { SourceMapping, TableSpec } from '../../../shared/source-mapping.ts';
import type { Database, SqlRunner } from '../db/database.ts';
import { checkedMapping } from '../sources/mapped/investigate.ts';
import { openCallSource } from '../sources/open-mapped.ts';
import { sqlDialect } from '../sql/dialects/sql-dialect.ts';
import type { CheckedMapping } from '../sources/validate-mapping.ts';
import type { StepReporter } from '../transports/ssh/ssh-connect.ts';
import { timedSteps } from './timed-steps.ts';

const count = new Intl.NumberFormat('en-US');
const ROW_CAP = 1_000_000;
const READ = { timeoutMs: 15_000 };

async function login(q: SqlRunner, dialect: Database['dialect']): Promise<string> {
  if (dialect === 'sqlite') {
    const [row] = await q.query<{ n: number }>(`SELECT count(*) AS n FROM sqlite_master`);
    return `opened read-only (${row?.n ?? 0} schema objects)`;
  }
  const [who] =
    dialect === 'mysql'
      ? await q.query<{ user: string; db: string }>(`SELECT CURRENT_USER() AS user, DATABASE() AS db`)
      : await q.query<{ user: string; db: string }>(
          `SELECT current_user AS "user", current_database() AS db`,
        );
  return `logged in as ${who?.user} to ${who?.db}`;
}

async function version(q: SqlRunner, dialect: Database['dialect']): Promise<string> {
  if (dialect === 'sqlite')
    return `SQLite ${(await q.query<{ v: string }>(`SELECT sqlite_version() AS v`))[0]?.v}`;
  if (dialect === 'mysql') {
    const v = String((await q.query<{ v: string }>(`SELECT VERSION() AS v`))[0]?.v ?? '');
    return /mariadb/i.test(v) ? `MariaDB ${v.replace(/-?MariaDB.*$/i, '')}` : `MySQL ${v}`;
  }
  return `PostgreSQL ${(await q.query<{ v: string }>(`SELECT current_setting('server_version') AS v`))[0]?.v}`;
}

/**
 * Proof that the read cannot write: PostgreSQL reports its transaction read-only; MySQL and SQLite
 * must refuse a DELETE that matches no row (harmless even where it would be accepted). Runs last
 * in its transaction, after which nothing else is read.
 */
async function readOnlyProof(q: SqlRunner, dialect: Database['dialect'], table: string): Promise<string> {
  if (dialect !== 'mysql' && dialect !== 'sqlite') {
    const [row] = await q.query<{ ro: string }>(`SELECT current_setting('transaction_read_only') AS ro`);
    if (row?.ro !== 'on') throw new AppError('QUERY_FAILED', 'the transaction is not read-only');
    return 'reads run in a read-only transaction';
  }
  const refused = await q.query(`DELETE FROM ${sqlDialect(dialect).quote(table)} WHERE 1 = 0`).then(
    () => null,
    (err: unknown) => toAppError(err).message,
  );
  if (refused === null)
    throw new AppError(
      'QUERY_FAILED',
      `the server accepted a write inside Logdesk's read (DELETE on "${table}")`,
    );
  if (!/read[ -]?only|query_only/i.test(refused))
    throw new AppError('QUERY_FAILED', `the write probe failed for another reason: ${refused}`);
  return dialect === 'mysql'
    ? 'writes refused (START TRANSACTION READ ONLY)'
    : 'writes refused (file opened read-only)';
}

/** The mapping as it is read: a price or roll-up table set aside (it does not fit) is said to be unused, with why. */
function mappingDetail(named: SourceMapping, checked: CheckedMapping): string {
  const m = checked.mapping;
  const fields = Object.keys(m.columns).length;
  const why = (field: string) =>
    checked.setAside
      .find((s) => s.startsWith(`Not used: ${field}`))
      ?.replace(/^Not used: /, '')
      .replace(/\.$/, '');
  return [
    `table "${m.table}"${m.builtIn ? ` (built-in ${m.builtIn})` : ''}: ${fields} fields mapped`,
    m.success.column
      ? `success from ${m.success.kind} column "${m.success.column}"`
      : `success from ${m.fallbacks?.success?.path ? `"${m.fallbacks.success.column}".${m.fallbacks.success.path.join('.')}` : 'its fallback'}`,
    ...(m.priceTable
      ? [`prices from "${m.priceTable.table}"`]
      : named.priceTable
        ? [`price table "${named.priceTable.table}" not used (${why('priceTable')})`]
        : []),
    ...(m.rollups
      ? [`roll-ups from "${m.rollups.table}"`]
      : named.rollups
        ? [`roll-up table "${named.rollups.table}" not used (${why('rollups')})`]
        : []),
  ].join(', ');
}

/**
 * The connection test of a mapped source (MySQL, SQLite, or a table in PostgreSQL): login, server
 * version, the table and its mapping checked against the real columns, its row count, and proof that
 * writes are refused. Each step timed; the failing one is the last reported.
 */
export async function mappedSourceSteps(
  db: Database,
  spec: TableSpec | undefined,
  report: StepReporter,
  loginStepOf: (error: AppError) => TestStepId,
  describe: (error: AppError) => string,
): Promise<void> {
  await timedSteps(report, loginStepOf, describe, async (done) => {
    await db.readOnly(async (q) => {
      done(await login(q, db.dialect), 'server-version');
      done(await version(q, db.dialect), 'source-table');
    }, READ);
    const mapped = await openCallSource(db, spec);
    if (mapped.kind !== 'mapped')
      throw new AppError('BAD_ARGUMENT', 'no table of LLM calls is named for this source');
    done(
      mappingDetail(mapped.mapping, await db.readOnly((q) => checkedMapping(q, mapped.database), READ)),
      'row-estimate',
    );
    const table = mapped.mapping.table;
    await db.readOnly(async (q) => {
      const [row] = await q.query<{ n: number }>(
        `SELECT count(*) AS n FROM (SELECT 1 AS one FROM ${sqlDialect(db.dialect).quote(table)} LIMIT ${ROW_CAP + 1}) capped`,
      );
      const n = Number(row?.n ?? 0);
      done(
        `${table}: ${n > ROW_CAP ? `more than ${count.format(ROW_CAP)}` : count.format(n)} rows`,
        'read-only',
      );
      done(await readOnlyProof(q, db.dialect, table));
    }, READ);
  });
}
