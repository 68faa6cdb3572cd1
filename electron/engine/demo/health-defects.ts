import type { DemoData, SpendLogRow } from './demo-rows.ts';

const MINUTE = 60_000;

/**
 * The demo's two deliberate integrity defects for the Health tab (issue #25), applied to the demo
 * database only (tests that compare the tables use the generator's output as it is): a logging gap,
 * 15 minutes three days before `now` whose SpendLogs rows were lost while the daily tables still
 * count them (a dropped batch, LiteLLM #33873); and the busiest DailyUserSpend entry of two days
 * before `now` missing (a dropped daily-spend entry, #29292).
 */
export function withHealthDefects(data: DemoData, now: number): DemoData {
  const gapFrom = Math.floor((now - 3 * 24 * 60 * MINUTE) / (60 * MINUTE)) * 60 * MINUTE;
  const gapTo = gapFrom + 15 * MINUTE;
  const inGap = (row: SpendLogRow) => {
    const t = Date.parse(`${row.startTime.replace(' ', 'T')}Z`);
    return t >= gapFrom && t < gapTo;
  };
  const day = new Date(now - 2 * 24 * 60 * MINUTE).toISOString().slice(0, 10);
  const busiest = data.dailyUser
    .filter((r) => r.date === day)
    .sort((a, b) => b.api_requests - a.api_requests)[0];
  return {
    ...data,
    spendLogs: data.spendLogs.filter((r) => !inGap(r)),
    dailyUser: data.dailyUser.filter((r) => r !== busiest),
  };
}
