import {
  parseHostKeyProblem,
  type Profile,
  type ProfileTestResult,
  type TestStep,
  type TestStepId,
} from '../../../shared/contract/profiles.ts';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { Database } from '../db/database.ts';
import { detectSchema, ERROR_LOGS, schemaNotes, SPEND_LOGS } from '../sources/litellm/schema.ts';
import { SecretNeeded } from '../transports/ssh/ssh-auth.ts';
import { SshDatabase } from '../transports/ssh/ssh-database.ts';
import { SshMysqlDatabase } from '../transports/ssh/ssh-mysql-database.ts';
import type { StepReporter } from '../transports/ssh/ssh-connect.ts';
import { indexSuggestions } from './index-advice.ts';
import { callLogEngineSteps } from './probe-call-log-engine.ts';
import { mappedSourceSteps } from './check-mapped-source.ts';
import { timedSteps } from './timed-steps.ts';

const count = new Intl.NumberFormat('en-US');

function estimateDetail(rows: Record<string, unknown>[]): string {
  const parts = rows.map((r) => {
    const n = r.estimate === null || r.estimate === undefined ? null : Number(r.estimate);
    const text = n === null ? 'absent' : n < 0 ? 'not analyzed yet' : `≈ ${count.format(Math.round(n))} rows`;
    return `${String(r.name)}: ${text}`;
  });
  return parts.join('; ');
}

/** Login, LiteLLM tables, server version and row estimate, each timed, in one read-only session. */
async function databaseSteps(
  db: Database,
  report: StepReporter,
  loginStepOf: (error: AppError) => TestStepId,
  describe: (error: AppError) => string,
): Promise<void> {
  await timedSteps(report, loginStepOf, describe, async (done) => {
    await db.readOnly(
      async (q) => {
        const [who] = await q.query<{ user: string; db: string }>(
          `SELECT current_user AS "user", current_database() AS db`,
        );
        done(`logged in as ${who?.user} to ${who?.db}`, 'litellm-tables');
        const schema = await detectSchema(q);
        const found = [schema.spendLogs && SPEND_LOGS, schema.errorLogs && ERROR_LOGS]
          .filter(Boolean)
          .join(', ');
        done([`found ${found}`, ...schemaNotes(schema)].join(' '), 'server-version');
        const [version] = await q.query<{ version: string }>(
          `SELECT current_setting('server_version') AS version`,
        );
        done(`PostgreSQL ${version?.version}`, 'row-estimate');
        const estimates = await q.query(
          `SELECT t.name, c.reltuples::float8 AS estimate
             FROM unnest($1::text[]) WITH ORDINALITY AS t(name, i)
             LEFT JOIN pg_class c ON c.oid = to_regclass(quote_ident(t.name))
            ORDER BY t.i`,
          [[SPEND_LOGS, ERROR_LOGS]],
        );
        done(estimateDetail(estimates));
      },
      { timeoutMs: 15_000 },
    );
  });
}

/** For exec, a login failure is "start the client" unless it ran and could not log in. */
function execLoginStep(error: AppError): TestStepId {
  return error.code === 'AUTH_FAILED' || /^psql in the .* cannot connect| \(in the /.test(error.message)
    ? 'database-login'
    : 'exec-start';
}

/** The SSH step of a failure no step reported (a key needing a passphrase fails before connecting). */
function sshStep(error: AppError, steps: TestStep[]): TestStepId {
  return error instanceof SecretNeeded || error.code === 'AUTH_FAILED' || steps.length
    ? 'ssh-auth'
    : 'ssh-connect';
}

/**
 * "Test connection": runs each step of reaching the database and reports it with its timing, so a
 * user sees where it fails. Never throws; the last step of a failed test is the one that failed.
 */
export async function testConnection(
  profile: Profile,
  db: Database,
  describe: (error: AppError) => string = (error) => error.message,
): Promise<ProfileTestResult> {
  const steps: TestStep[] = [];
  const report: StepReporter = (step, ok, ms, detail) => steps.push({ step, ok, ms, detail });
  try {
    if (db instanceof SshDatabase || db instanceof SshMysqlDatabase) {
      try {
        await db.connect(report);
      } catch (err) {
        const error = toAppError(err);
        if (!steps.some((s) => !s.ok)) report(sshStep(error, steps), false, 0, describe(error));
        throw err;
      }
    }
    // The exec transport starts its client and logs in within the first read.
    const loginStep = profile.transport === 'exec' ? execLoginStep : () => 'database-login' as const;
    const dialect = db.dialect;
    const named = !!profile.source?.table || !!profile.source?.mapping;
    // MySQL or SQLite with no table named yet (the mapping form's first test): login and the tables it offers.
    if (dialect !== 'postgres' && !named) {
      await callLogEngineSteps(db, dialect, report, loginStep, describe);
      return { ok: true, steps };
    }
    // MySQL, SQLite and a named table are mapped sources of calls (DESIGN §9), not LiteLLM.
    const mapped = dialect !== 'postgres' || named;
    if (mapped) await mappedSourceSteps(db, profile.source, report, loginStep, describe);
    else await databaseSteps(db, report, loginStep, describe);
    const suggestions = mapped ? [] : await indexSuggestions(db, Date.now());
    return { ok: true, steps, ...(suggestions.length ? { suggestions } : {}) };
  } catch (err) {
    const error = toAppError(err);
    const hostKey = parseHostKeyProblem(error.detail);
    return { ok: false, steps, ...(hostKey ? { hostKey } : {}) };
  } finally {
    await db.close();
  }
}
