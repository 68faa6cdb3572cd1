import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect, SourceMapping } from '../../../shared/source-mapping.ts';
import { RANGE } from '../../test-support/call-log-fixture.ts';
import { startThreeEngines, type ThreeEngines } from '../../test-support/three-engines.ts';
import { MappedSource } from '../sources/mapped/mapped-source.ts';

let engines: ThreeEngines;
beforeAll(async () => {
  engines = await startThreeEngines();
}, 120_000);
afterAll(async () => engines?.stop());

const DIALECTS: Dialect[] = ['postgres', 'mysql', 'sqlite'];
// The router's request_logs has no index on its time column; the tracker's table has one (call-log-fixture.ts).
const REQUEST_LOGS: SourceMapping = {
  table: 'request_logs',
  columns: { time: 'created_at', requestId: 'id', model: 'model' },
  success: { kind: 'http', column: 'status_code', min: 200, max: 399 },
};
const TRACKER: SourceMapping = {
  table: 'llm_tracker_usage',
  columns: { time: 'created_at', requestId: 'user_id', model: 'model' },
  success: { kind: 'boolean', column: 'success' },
};
const check = (dialect: Dialect, mapping: SourceMapping) =>
  new MappedSource(engines.open(dialect), mapping).healthCheck(RANGE, { now: Date.parse(RANGE.to) });

describe('the health check on mapped tables (PostgreSQL, MariaDB, SQLite)', () => {
  for (const dialect of DIALECTS) {
    it(`${dialect}: the table's size, the missing time index with the engine's statement, repeated ids`, async () => {
      const logs = await check(dialect, REQUEST_LOGS);
      expect(logs.engine).toBe(dialect);
      expect(logs.tables).toHaveLength(1);
      expect(logs.tables[0]!.totalBytes).toBeGreaterThan(0);
      const index = logs.findings.filter((f) => f.kind === 'missing_index');
      expect(index.map((f) => f.title)).toEqual(['No index on "request_logs" (created_at)']);
      expect(index[0]!.details[0]).toMatch(
        dialect === 'mysql'
          ? /^CREATE INDEX `request_logs_created_at_idx` ON `request_logs` \(`created_at`\) ALGORITHM=INPLACE LOCK=NONE;$/
          : /^CREATE INDEX (CONCURRENTLY )?"request_logs_created_at_idx" ON "request_logs" \("created_at"\);$/,
      );
      expect(logs.findings.filter((f) => f.kind === 'duplicate_ids')).toEqual([]);

      // Mapped on user_id as the "request id", the tracker's rows repeat 3 ids: counted, and its indexed time column is not reported.
      const tracker = await check(dialect, TRACKER);
      expect(tracker.findings.map((f) => [f.kind, f.count])).toEqual([['duplicate_ids', 3]]);
      const counts = tracker.findings[0]!.details.map((line) =>
        Number(/^(?:alice|bob|carol): (\d+) rows$/.exec(line)?.[1]),
      );
      expect(counts.every((n) => n >= 20)).toBe(true);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    }, 60_000);
  }
});
