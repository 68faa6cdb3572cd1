import { PRELOAD_GLOBAL, type PreloadApi } from '../../shared/contract/bridge.ts';
import type { CallResult, Caller, EventName, EventPayload } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import type { Bridge } from './bridge-types.ts';

function preload(): PreloadApi | undefined {
  return (globalThis as unknown as Record<string, PreloadApi | undefined>)[PRELOAD_GLOBAL];
}

export function hasPreload(): boolean {
  return preload() !== undefined;
}

export function createElectronBridge(): Bridge {
  const api = preload()!;
  const call: Caller = async (name, args) => {
    const envelope = await api.call(name, args);
    if (!envelope.ok) throw AppError.fromData(envelope.error);
    return envelope.result as CallResult<typeof name>;
  };
  return {
    kind: 'electron',
    call,
    listen: <K extends EventName>(event: K, callback: (payload: EventPayload<K>) => void) =>
      api.listen(event, (payload) => callback(payload as EventPayload<K>)),
    eventsReady: () => Promise.resolve(),
    openExternal: (url) => void api.openExternal(url),
    pickFolder: (defaultPath) => api.pickFolder(defaultPath),
  };
}
