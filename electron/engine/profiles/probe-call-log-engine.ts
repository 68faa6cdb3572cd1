import type { TestStepId } from '../../../shared/contract/profiles.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { ClientDialect } from '../../../shared/source-mapping.ts';
import type { Database } from '../db/database.ts';
import { builtInCandidates } from '../sources/built-in-mappings.ts';
import { listTables } from '../sources/introspect.ts';
import { sqlDialect } from '../sql/dialects/sql-dialect.ts';
import type { StepReporter } from '../transports/ssh/ssh-connect.ts';
import { timedSteps } from './timed-steps.ts';

/**
 * "Test connection" of a MySQL/MariaDB or SQLite database: login, the tables a mapping can read
 * (built-in shapes named), server version; PostgreSQL's LiteLLM steps would only fail there.
 */
export async function callLogEngineSteps(
  db: Database,
  dialect: ClientDialect,
  report: StepReporter,
  loginStepOf: (error: AppError) => TestStepId,
  describe: (error: AppError) => string,
): Promise<void> {
  await timedSteps(report, loginStepOf, describe, async (done) => {
    await db.readOnly(
      async (q) => {
        const [row] = await q.query<{ who: unknown; db: unknown; version: unknown }>(
          sqlDialect(dialect).catalog.login,
        );
        done(
          dialect === 'sqlite'
            ? 'opened read-only'
            : `logged in as ${String(row?.who)} to ${String(row?.db)}`,
          'call-tables',
        );
        const tables = await listTables(q, dialect);
        const builtIn = builtInCandidates(tables);
        if (!tables.length) throw new Error('no tables or views here');
        done(
          `${tables.length} table${tables.length === 1 ? '' : 's'}${builtIn.length ? `; built-in shapes: ${builtIn.join(', ')}` : '; map one in "Table of LLM calls"'}`,
          'server-version',
        );
        done(`${dialect === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB'} ${String(row?.version)}`);
      },
      { timeoutMs: 15_000 },
    );
  });
}
