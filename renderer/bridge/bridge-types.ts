import type { Caller, EventName, EventPayload } from '../../shared/contract/index.ts';

/** The renderer's one way to reach the engine, the same in Electron and in web mode. */
export interface Bridge {
  readonly kind: 'electron' | 'web';
  call: Caller;
  listen<K extends EventName>(event: K, callback: (payload: EventPayload<K>) => void): () => void;
  /** Resolves once events are flowing, so a job started afterwards cannot emit before anyone listens. */
  eventsReady(): Promise<void>;
  openExternal(url: string): void;
  /** The native folder picker: only in the desktop app (a browser cannot hand out a folder path). */
  pickFolder?: (defaultPath?: string) => Promise<string | null>;
}
