/**
 * A separate process reading a SQLite file through the app's driver, for the fault suite: run as
 * another user (a folder it cannot write) or killed with SIGKILL mid-read. Prints one JSON line,
 * `{"started":true}` before the read and `{"rows":[…]}` or `{"error":{code,message}}` after it.
 * Usage: node --import tsx sqlite-reader-child.ts FILE SQL
 */
import { AppError } from '../../shared/errors.ts';
import { SqliteDatabase } from '../engine/db/sqlite-database.ts';

const [file, sql] = process.argv.slice(2);
const db = new SqliteDatabase(file!, 600_000);
process.stdout.write(`${JSON.stringify({ started: true })}\n`);
try {
  const rows = await db.readOnly((runner) => runner.query(sql!));
  process.stdout.write(`${JSON.stringify({ rows })}\n`);
} catch (err) {
  const e =
    err instanceof AppError
      ? { code: err.code, message: err.message }
      : { code: 'INTERNAL', message: String(err) };
  process.stdout.write(`${JSON.stringify({ error: e })}\n`);
} finally {
  await db.close();
}
