import type { AnalysisStore } from '../analysis/analysis-store.ts';
import type { Connections } from '../connections.ts';
import type { EventHub, Jobs } from '../jobs.ts';
import type { LlmSettingsStore } from '../llm/llm-settings-store.ts';
import type { PriceStore } from '../llm/price-table.ts';
import type { Platform } from '../platform/platform.ts';
import type { PresetStore } from '../presets/preset-store.ts';
import type { ReportLocationStore } from '../reports/report-settings.ts';
import type { LastSourceStore } from '../view/last-source.ts';
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
  stores: EngineStores;
}

/** The files under the data folder, each behind one store built once in createEngine. */
export interface EngineStores {
  prices: PriceStore;
  presets: PresetStore;
  lastSource: LastSourceStore;
  reportLocations: ReportLocationStore;
  llmSettings: LlmSettingsStore;
}
