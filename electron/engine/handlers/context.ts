import type { AnalysisStore } from '../analysis/analysis-store.ts';
import type { Connections } from '../connections.ts';
import type { EventHub, Jobs } from '../jobs.ts';
import type { Platform } from '../platform/platform.ts';
import type { ResultStore } from './result-store.ts';

/** What every handler area may use. */
export interface EngineContext {
  platform: Platform;
  connections: Connections;
  results: ResultStore;
  hub: EventHub;
  jobs: Jobs;
  /** Latest insights and analysis per investigation (reports pick them up). */
  analyses: AnalysisStore;
}
