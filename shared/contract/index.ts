import type { z } from 'zod';
import { mergeAreas } from './define.ts';
import { investigationArea, investigationEvents } from './investigation.ts';
import { jobEvents, jobsArea } from './jobs.ts';
import { reportsArea } from './reports.ts';
import { drilldownArea } from './drilldown.ts';
import { presetsArea } from './presets.ts';
import { profilesArea } from './profiles.ts';
import { analysisArea, analysisEvents } from './analysis.ts';
import { sourcesArea } from './sources.ts';
import { jobResultEvents } from './job-results.ts';
import { trafficArea } from './traffic.ts';
import { askArea } from './ask.ts';
import { watchArea, watchEvents } from './watch.ts';
import { displayArea } from './display.ts';
import { viewArea, viewEvents } from './view.ts';
import { healthArea } from './health.ts';

/** Every call the renderer, the web client, the CLI and tests can make of the engine. */
export const contract = mergeAreas(
  investigationArea,
  reportsArea,
  jobsArea,
  drilldownArea,
  presetsArea,
  profilesArea,
  analysisArea,
  trafficArea,
  sourcesArea,
  askArea,
  watchArea,
  displayArea,
  viewArea,
  healthArea,
);

/** Every event the engine streams to its callers. */
export const events = mergeAreas(
  jobEvents,
  jobResultEvents,
  investigationEvents,
  analysisEvents,
  watchEvents,
  viewEvents,
);
export type Events = typeof events;
export type EventName = keyof Events & string;
export type EventPayload<K extends EventName> = z.output<Events[K]>;
export type EventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;
export type Contract = typeof contract;
export type CallName = keyof Contract & string;
export type CallArgs<K extends CallName> = z.input<Contract[K]['request']>;
export type CallParsedArgs<K extends CallName> = z.output<Contract[K]['request']>;
export type CallResult<K extends CallName> = z.output<Contract[K]['response']>;

/** An own property of the contract only: `constructor`, `__proto__` or `toString` are not calls. */
export const isCallName = (name: unknown): name is CallName =>
  typeof name === 'string' && Object.hasOwn(contract, name);

/** What the engine implements: one handler per call, taking parsed arguments. */
export type Handlers = { [K in CallName]: (args: CallParsedArgs<K>) => Promise<CallResult<K>> };

/** What callers use: arguments as they may write them (defaults filled in at dispatch). */
export type Caller = <K extends CallName>(name: K, args: CallArgs<K>) => Promise<CallResult<K>>;
