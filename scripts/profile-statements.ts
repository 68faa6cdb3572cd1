/**
 * Profiling aid (issue #23): runs the CLI in this process with every statement's time and first words on
 * stderr. `node --import tsx scripts/profile-statements.ts usage --url … --json`.
 */
import { MysqlDatabase } from '../electron/engine/db/mysql-database.ts';
import { SqliteDatabase } from '../electron/engine/db/sqlite-database.ts';
import type { SqlRunner } from '../electron/engine/db/database.ts';
import { main } from '../electron/cli/main.ts';
import { sqlDialect } from '../electron/engine/sql/dialects/sql-dialect.ts';
import { writeFileSync } from 'node:fs';

// PROFILE_DUMP=DIR writes each statement with its values inlined to DIR/NN.sql (for the engine's own shell).
let dumped = 0;
const dump = (dialect: 'sqlite' | 'mysql', sql: string, params: readonly unknown[] = []) => {
  if (!process.env.PROFILE_DUMP) return;
  const text = sqlDialect(dialect).inline(sql, params as never);
  writeFileSync(`${process.env.PROFILE_DUMP}/${String(++dumped).padStart(2, '0')}.sql`, `${text};\n`);
};

const label = (sql: string) => sql.replace(/\s+/g, ' ').slice(0, Number(process.env.PROFILE_CHARS ?? 90));
function timed(runner: SqlRunner, dialect: 'sqlite' | 'mysql'): SqlRunner {
  return {
    ...runner,
    query: async (sql, params) => {
      dump(dialect, sql, params);
      const t0 = performance.now();
      try {
        return await runner.query(sql, params);
      } finally {
        if (process.env.PROFILE_SQL) process.stderr.write(`${sql}\n${JSON.stringify(params)}\n`);
        process.stderr.write(`[sql ${(performance.now() - t0).toFixed(0)} ms] ${label(sql)}\n`);
      }
    },
    ...(runner.stream
      ? {
          stream: (sql: string, params: Parameters<NonNullable<SqlRunner['stream']>>[1], size: number) => {
            dump(dialect, sql, params);
            const t0 = performance.now();
            const s = runner.stream!(sql, params, size);
            let rows = 0;
            return {
              next: async () => {
                const page = await s.next();
                rows += page.length;
                if (page.length === 0)
                  process.stderr.write(
                    `[stream ${(performance.now() - t0).toFixed(0)} ms, ${rows} rows] ${label(sql)}\n`,
                  );
                return page;
              },
              drain: () => s.drain(),
            };
          },
        }
      : {}),
  };
}
for (const cls of [MysqlDatabase, SqliteDatabase]) {
  const original = cls.prototype.readOnly;
  cls.prototype.readOnly = function <T>(
    this: { dialect: 'sqlite' | 'mysql' },
    work: (sql: SqlRunner) => Promise<T>,
    options?: object,
  ) {
    return original.call(this, (sql: SqlRunner) => work(timed(sql, this.dialect)), options) as Promise<T>;
  } as typeof original;
}
process.exitCode = await main(process.argv.slice(2));
