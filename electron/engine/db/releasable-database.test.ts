import { describe, expect, it } from 'vitest';
import type { Database, SqlRunner } from './database.ts';
import { ReleasableDatabase } from './releasable-database.ts';

/** An in-memory database that counts its opens and closes; a read can be held open on a gate. */
function countingDatabase() {
  const log: string[] = [];
  let opens = 0;
  const open = async (): Promise<Database & { closed: boolean }> => {
    const n = ++opens;
    log.push(`open ${n}`);
    const db = {
      description: 'counting',
      dialect: 'postgres' as const,
      closed: false,
      readOnly: async <T>(work: (sql: SqlRunner) => Promise<T>) => {
        if (db.closed) throw new Error(`read on closed database ${n}`);
        return work({ query: async () => [{ n }] as never });
      },
      close: async () => {
        db.closed = true;
        log.push(`close ${n}`);
      },
    };
    return db;
  };
  return { log, open, releasable: new ReleasableDatabase(open, 'counting', 'postgres') };
}

const read = (db: Database, gate: Promise<void> = Promise.resolve()) =>
  db.readOnly(async (sql) => {
    await gate;
    return (await sql.query<{ n: number }>('select'))[0]!.n;
  });

describe('a database released while idle', () => {
  it('closes at once when no read runs, and the next read opens it again', async () => {
    const { log, releasable } = countingDatabase();
    await releasable.opened();
    expect(await read(releasable)).toBe(1);
    releasable.release();
    expect(releasable.isOpen).toBe(false);
    expect(await read(releasable)).toBe(2);
    await releasable.close();
    expect(log).toEqual(['open 1', 'close 1', 'open 2', 'close 2']);
  });

  it('a read running at the release finishes on its database, which closes when it ends', async () => {
    const { log, releasable } = countingDatabase();
    let letGo!: () => void;
    const running = read(releasable, new Promise<void>((done) => (letGo = done)));
    await expect.poll(() => log).toEqual(['open 1']);
    releasable.release();
    expect(releasable.isOpen).toBe(true);
    letGo();
    expect(await running).toBe(1);
    await expect.poll(() => log).toEqual(['open 1', 'close 1']);
    expect(releasable.isOpen).toBe(false);
  });

  it('being in use again (keep) calls off a release waiting for a read', async () => {
    const { log, releasable } = countingDatabase();
    let letGo!: () => void;
    const running = read(releasable, new Promise<void>((done) => (letGo = done)));
    await expect.poll(() => log).toEqual(['open 1']);
    releasable.release();
    releasable.keep();
    letGo();
    await running;
    expect(await read(releasable)).toBe(1);
    expect(log).toEqual(['open 1']);
    await releasable.close();
  });

  it('released while it opens: it closes once open, and is never open twice at a time', async () => {
    const { log, releasable } = countingDatabase();
    const opening = releasable.opened();
    releasable.release();
    const again = read(releasable);
    await opening;
    expect(await again).toBe(2);
    expect(log).toEqual(['open 1', 'close 1', 'open 2']);
    await releasable.close();
  });

  it('a failed open is not kept: the next read tries again', async () => {
    let fail = true;
    const { open } = countingDatabase();
    const releasable = new ReleasableDatabase(
      async () => {
        if (fail) throw new Error('no snapshot');
        return open();
      },
      'flaky',
      'postgres',
    );
    await expect(releasable.opened()).rejects.toThrow('no snapshot');
    expect(releasable.isOpen).toBe(false);
    fail = false;
    expect(await read(releasable)).toBe(1);
    await releasable.close();
  });
});
