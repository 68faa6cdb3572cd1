import type { TestStepId } from '../../../shared/contract/profiles.ts';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { StepReporter } from '../transports/ssh/ssh-connect.ts';

/** Marks the running step done (with what it found) and starts timing `next`. */
export type StepDone = (detail: string, next?: TestStepId) => void;

/**
 * Runs a connection test's database steps, each timed from the end of the one before; the step
 * running when `body` fails is reported failed with the reason (a login failure by `loginStepOf`).
 */
export async function timedSteps(
  report: StepReporter,
  loginStepOf: (error: AppError) => TestStepId,
  describe: (error: AppError) => string,
  body: (done: StepDone) => Promise<void>,
): Promise<void> {
  let current: TestStepId = 'database-login';
  let started = Date.now();
  const done: StepDone = (detail, next) => {
    report(current, true, Date.now() - started, detail);
    if (next) current = next;
    started = Date.now();
  };
  try {
    await body(done);
  } catch (err) {
    const error = toAppError(err);
    report(
      current === 'database-login' ? loginStepOf(error) : current,
      false,
      Date.now() - started,
      describe(error),
    );
    throw err;
  }
}
