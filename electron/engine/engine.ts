import type { CallEnvelope } from '../../shared/contract/bridge.ts';
import {
  contract,
  isCallName,
  type Caller,
  type EventListener,
  type Handlers,
} from '../../shared/contract/index.ts';
import { AppError, describeZodError, toAppError } from '../../shared/errors.ts';
import { Connections } from './connections.ts';
import type { EngineContext } from './handlers/context.ts';
import { investigationHandlers } from './handlers/investigation-handlers.ts';
import { ResultStore } from './handlers/result-store.ts';
import { jobHandlers } from './handlers/job-handlers.ts';
import { reportHandlers } from './handlers/report-handlers.ts';
import { drilldownHandlers } from './handlers/drilldown-handlers.ts';
import { presetHandlers } from './handlers/preset-handlers.ts';
import { profileHandlers } from './handlers/profile-handlers.ts';
import { analysisHandlers } from './handlers/analysis-handlers.ts';
import { sourceHandlers } from './handlers/source-handlers.ts';
import { trafficHandlers } from './handlers/traffic-handlers.ts';
import { displayHandlers } from './handlers/display-handlers.ts';
import { askHandlers } from './handlers/ask-handlers.ts';
import { watchHandlers } from './handlers/watch-handlers.ts';
import { viewHandlers } from './handlers/view-handlers.ts';
import { healthHandlers } from './handlers/health-handlers.ts';
import { WatchService } from './watch/watch-service.ts';
import { AnalysisStore } from './analysis/analysis-store.ts';
import { LlmSettingsStore } from './llm/llm-settings-store.ts';
import { PriceStore } from './llm/price-table.ts';
import { PresetStore } from './presets/preset-store.ts';
import { ReportLocationStore } from './reports/report-settings.ts';
import { LastSourceStore } from './view/last-source.ts';
import { EventHub, Jobs } from './jobs.ts';
import { AnalysisService } from './analysis/analysis-service.ts';
import type { Platform } from './platform/platform.ts';
import { ProfileService } from './profiles/profile-service.ts';
import { openBareSource } from './sources/bare-source.ts';
import type { CallSource } from './sources/call-source.ts';

export interface Engine {
  /** The one dispatch point of every transport: parses the request with its schema, then runs the handler. */
  call: Caller;
  /**
   * The same dispatch for a wire (IPC, the engine host, the web server): an untyped name and
   * arguments in, one envelope out; never throws.
   */
  dispatch(name: unknown, args: unknown): Promise<CallEnvelope>;
  /** Every stream event (job progress, LLM tokens…); returns its own unsubscribe function. */
  listen(listener: EventListener): () => void;
  context: EngineContext;
  /** Starts the watches switched on in an earlier run: for long-running hosts (desktop app, web mode). */
  restoreWatches(): Promise<void>;
  /**
   * Opens the demo when the window will open on it (view.lastSource), while the page loads: seconds of
   * PGlite off the first screen (issue 23). Never fails: a failed open is logged and tried again by the query.
   */
  openStartSource(): Promise<void>;
  close(): Promise<void>;
}

/** Merges handler maps, refusing a name that two areas both implement. */
function mergeHandlers(...maps: Partial<Handlers>[]): Handlers {
  const merged: Partial<Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [name, handler] of Object.entries(map)) {
      if (name in merged) throw new Error(`engine: handler "${name}" is registered twice`);
      merged[name] = handler;
    }
  }
  const missing = Object.keys(contract).filter((name) => !(name in merged));
  if (missing.length) throw new Error(`engine: no handler for ${missing.join(', ')}`);
  return merged as Handlers;
}

export function createEngine(platform: Platform): Engine {
  const hub = new EventHub();
  // Sources, services and stores are built here, once; handler maps only map calls onto them.
  // Connections opens `{ kind: 'profile' }` sources through the profile service, which in turn
  // drops a profile's cached connection when it changes: the late-bound arrow closes that loop.
  const connections: Connections = new Connections(platform, (name, override): Promise<CallSource> =>
    profiles.open(name, override),
  );
  const profiles: ProfileService = new ProfileService(platform, connections);
  const context: EngineContext = {
    platform,
    connections,
    results: new ResultStore(),
    hub,
    jobs: new Jobs(hub),
    analyses: new AnalysisStore(),
    stores: {
      prices: new PriceStore(platform.dataDir),
      presets: new PresetStore(platform.dataDir, platform.log, platform.now),
      lastSource: new LastSourceStore(platform.dataDir, platform.log),
      reportLocations: new ReportLocationStore(platform.dataDir),
      llmSettings: new LlmSettingsStore(platform),
    },
  };
  // One analysis service: reports reuse the patterns and spikes it computed (or compute them through it).
  const analysis = new AnalysisService(context);
  const watches = new WatchService(context);
  const handlers = mergeHandlers(
    investigationHandlers(context),
    reportHandlers(context, analysis),
    jobHandlers(context),
    drilldownHandlers(context),
    presetHandlers(context),
    profileHandlers(profiles),
    analysisHandlers(context, analysis),
    sourceHandlers((target) => openBareSource(target, profiles), platform.now),
    trafficHandlers(context),
    askHandlers(context, analysis),
    watchHandlers(watches),
    displayHandlers(context.platform.dataDir),
    viewHandlers(context),
    healthHandlers(context),
  );

  const run = async (name: unknown, args: unknown): Promise<unknown> => {
    if (!isCallName(name)) throw new AppError('BAD_ARGUMENT', `Unknown call "${String(name)}"`);
    const parsed = contract[name].request.safeParse(args);
    if (!parsed.success)
      throw new AppError('BAD_ARGUMENT', `${name}: ${describeZodError(parsed.error, 'request')}`);
    const handler = handlers[name] as (a: unknown) => Promise<unknown>;
    try {
      return await handler(parsed.data);
    } catch (err) {
      const appError = toAppError(err);
      platform.log.warn('call failed', { call: name, code: appError.code, message: appError.message });
      throw appError;
    }
  };

  const call = run as Caller;
  const dispatch = async (name: unknown, args: unknown): Promise<CallEnvelope> => {
    try {
      return { ok: true, result: await run(name, args) };
    } catch (err) {
      return { ok: false, error: toAppError(err).toData() };
    }
  };

  return {
    call,
    dispatch,
    listen: (listener) => hub.listen(listener),
    context,
    restoreWatches: () => watches.restore(),
    openStartSource: async () => {
      try {
        const { source } = await call('view.lastSource', {});
        if (source?.kind === 'demo') await connections.get(source);
      } catch (err) {
        platform.log.warn('opening the start source failed', { message: toAppError(err).message });
      }
    },
    close: async () => {
      watches.stopAll();
      await context.jobs.cancelAll();
      await context.connections.closeAll();
    },
  };
}
