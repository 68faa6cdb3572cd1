import type { Handlers } from '../../../shared/contract/index.ts';
import type { EngineContext } from './context.ts';

type PresetCalls = 'presets.list' | 'presets.save' | 'presets.rename' | 'presets.remove';

export function presetHandlers(ctx: EngineContext): Pick<Handlers, PresetCalls> {
  const store = ctx.stores.presets;
  return {
    'presets.list': async () => ({ presets: await store.list() }),
    'presets.save': async ({ name, source, filters, overwrite }) =>
      store.save(name, source, filters, overwrite),
    'presets.rename': async ({ from, to }) => store.rename(from, to),
    'presets.remove': async ({ name }) => ({ removed: await store.remove(name) }),
  };
}
