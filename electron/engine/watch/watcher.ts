import type { Filters } from '../../../shared/filters.ts';
import { toAppError } from '../../../shared/errors.ts';
import type { CallSource, Counts } from '../sources/call-source.ts';
import { evaluate, type Thresholds, type Verdict } from './detector.ts';
import { isQuiet, type QuietHours } from './quiet-hours.ts';

export interface WatchConfig {
  /** What is watched, as people call it (a profile name, the URL without password, "demo"). */
  name: string;
  filters: Filters;
  everyMs: number;
  baselineMs: number;
  thresholds: Thresholds;
  quietHours: QuietHours | null;
}

/** One notification: an incident started, or it ended. */
export interface WatchEvent {
  kind: 'incident' | 'recovered';
  watch: string;
  /** When the incident's first bad window started, UTC ISO. */
  since: string;
  at: string;
  reason: string;
  current: Counts;
  /** One line for a terminal, a chat channel or a desktop notification. */
  message: string;
  /** The incident's view: the watch's filters over the incident's time, for "open" on a notification. */
  view: Filters;
}

export type Notify = (event: WatchEvent) => Promise<void>;

export interface PollResult {
  verdict: Verdict;
  current: Counts;
  events: WatchEvent[];
}

interface Incident {
  start: number;
  notified: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();
const minutes = (ms: number) => `${Math.max(1, Math.round(ms / 60_000))} min`;

/**
 * One watch: each poll counts the current window against the trailing baseline (frozen at the
 * incident's start while one is open, so the incident does not become its own baseline), opens an
 * incident when the detector fires, and calls it recovered after `recoverAfter` clean polls. Each
 * incident notifies once when it starts and once when it ends; quiet hours hold the first back until
 * they end (an incident over by then never notifies).
 */
export class Watcher {
  private incident: Incident | null = null;
  private clean = 0;

  constructor(
    private readonly source: () => Promise<CallSource>,
    readonly config: WatchConfig,
    private readonly notify: Notify,
    /** The engine's clock (platform.now): a pinned LOGDESK_NOW must pin the windows too. */
    private readonly now: () => number,
  ) {}

  get inIncident(): boolean {
    return this.incident !== null;
  }

  async poll(signal?: AbortSignal): Promise<PollResult> {
    const { config } = this;
    const now = this.now();
    const currentFrom = now - config.everyMs;
    const baselineTo = this.incident ? this.incident.start : currentFrom;
    const baselineFrom = baselineTo - config.baselineMs;
    const { current, baseline } = await (
      await this.source()
    ).watchCounts(config.filters, { now, currentFrom, baselineFrom, baselineTo }, signal ? { signal } : {});
    const verdict = evaluate(current, baseline, config.baselineMs / config.everyMs, config.thresholds);
    const events: WatchEvent[] = [];
    if (!this.incident) {
      if (verdict.firing) {
        this.incident = { start: currentFrom, notified: false };
        this.clean = 0;
      }
    } else if (verdict.firing) {
      this.clean = 0;
    } else if (++this.clean >= config.thresholds.recoverAfter) {
      const ended = this.incident;
      this.incident = null;
      if (ended.notified) events.push(this.event('recovered', ended.start, now, verdict, current));
    }
    if (this.incident && !this.incident.notified && !isQuiet(config.quietHours, now)) {
      this.incident.notified = true;
      events.push(this.event('incident', this.incident.start, now, verdict, current));
    }
    for (const e of events) await this.notify(e);
    return { verdict, current, events };
  }

  private event(
    kind: WatchEvent['kind'],
    start: number,
    now: number,
    verdict: Verdict,
    current: Counts,
  ): WatchEvent {
    const name = this.config.name;
    const message =
      kind === 'incident'
        ? `INCIDENT on ${name} since ${iso(start)}: ${verdict.reason}`
        : `RECOVERED on ${name} after ${minutes(now - start)} (since ${iso(start)}): ${verdict.reason}`;
    const view: Filters = {
      ...this.config.filters,
      timeRange: { kind: 'absolute', from: iso(start - this.config.baselineMs), to: iso(now + 60_000) },
    };
    return {
      kind,
      watch: name,
      since: iso(start),
      at: iso(now),
      reason: verdict.reason,
      current,
      message,
      view,
    };
  }
}

export interface RunOptions {
  signal: AbortSignal;
  /** Stop after this many polls (scripts, tests); forever when absent. */
  maxPolls?: number;
  onPoll?: (result: PollResult) => void;
  /** A poll that failed (database down…): reported, and the watch goes on. */
  onError?: (message: string) => void;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((done) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      done();
    }
    signal.addEventListener('abort', finish, { once: true });
  });

/** Polls every `everyMs` until aborted (or `maxPolls`); a failing poll never ends the watch. */
export async function runWatch(watcher: Watcher, options: RunOptions): Promise<void> {
  for (
    let polls = 0;
    !options.signal.aborted && (options.maxPolls === undefined || polls < options.maxPolls);
    polls++
  ) {
    if (polls > 0) await sleep(watcher.config.everyMs, options.signal);
    if (options.signal.aborted) break;
    try {
      options.onPoll?.(await watcher.poll(options.signal));
    } catch (err) {
      if (options.signal.aborted) break;
      options.onError?.(toAppError(err).message);
    }
  }
}
