import { useEffect, useRef, useState } from 'react';
import type { InvestigationResult } from '../../shared/contract/investigation.ts';
import type { InvestigationRequest } from './use-investigation.ts';

export const LIVE_INTERVALS = [0, 15, 60] as const;
export type LiveEvery = (typeof LIVE_INTERVALS)[number];
const EVERY_KEY = 'logdesk.liveEvery';

function rememberedEvery(): LiveEvery {
  const n = Number(globalThis.localStorage?.getItem(EVERY_KEY));
  return (LIVE_INTERVALS as readonly number[]).includes(n) ? (n as LiveEvery) : 0;
}

/**
 * Whether the next refresh may be scheduled: live and not paused, and the latest run answered (never
 * a second read beside one in flight); not after Stop or a refused huge scan (`halted`).
 */
export function refreshDue(s: {
  every: number;
  paused: boolean;
  running: boolean;
  halted: boolean;
  run: number | null;
  settledRun: number;
}): boolean {
  return s.every > 0 && !s.paused && !s.running && !s.halted && s.run !== null && s.run === s.settledRun;
}

/**
 * Live mode: the query on screen runs again `every` seconds. The next refresh is only scheduled once
 * the previous run answered, so slow reads never pile up; a stopped or refused run ends the cycle
 * until the user runs a query again.
 */
export function useLiveRefresh(options: {
  request: InvestigationRequest | null;
  settledRun: number;
  running: boolean;
  halted: boolean;
  refresh: () => void;
}) {
  const { request, settledRun, running, halted, refresh } = options;
  const [every, setEveryState] = useState<LiveEvery>(rememberedEvery);
  const [paused, setPaused] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    if (settledRun > 0) setUpdatedAt(Date.now());
  }, [settledRun]);
  const due = refreshDue({ every, paused, running, halted, run: request?.run ?? null, settledRun });
  useEffect(() => {
    if (!due) return;
    const timer = setTimeout(() => refreshRef.current(), every * 1000);
    return () => clearTimeout(timer);
  }, [due, every, settledRun]);
  const setEvery = (next: LiveEvery) => {
    setEveryState(next);
    setPaused(false);
    globalThis.localStorage?.setItem(EVERY_KEY, String(next));
  };
  return {
    every,
    setEvery,
    paused,
    setPaused,
    updatedAt,
    halted: every > 0 && halted,
    waiting: every > 0 && !paused && running,
  };
}

const NONE: ReadonlySet<string> = new Set();

/** The rows of `result` that the previous answer to the same query did not have (a refresh's new errors). */
export function useFreshRows(
  result: InvestigationResult | null,
  request: InvestigationRequest | null,
): ReadonlySet<string> {
  const previous = useRef<{ key: string; ids: Set<string> } | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(NONE);
  useEffect(() => {
    if (!result || !request) return;
    const key = JSON.stringify([request.source, request.filters]);
    const ids = new Set(result.errors.map((r) => r.requestId));
    const before = previous.current;
    setFresh(before && before.key === key ? new Set([...ids].filter((id) => !before.ids.has(id))) : NONE);
    previous.current = { key, ids };
    // Only a new answer compares: the request alone changing (a run starting) must not.
  }, [result?.id]);
  return fresh;
}
