import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallArgs } from '../../shared/contract/index.ts';
import type { Preset } from '../../shared/contract/presets.ts';
import type { AppError } from '../../shared/errors.ts';
import { bridge } from '../bridge/bridge.ts';

const KEY = ['presets.list'];

/** `presets.list` */
export function usePresets() {
  return useQuery<Preset[], AppError>({
    queryKey: KEY,
    queryFn: async () => (await bridge().call('presets.list', {})).presets,
    staleTime: Infinity,
  });
}

function usePresetsChange<K extends 'presets.save' | 'presets.rename' | 'presets.remove'>(name: K) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: CallArgs<K>) => bridge().call(name, args),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

/** `presets.save` */
export const useSavePreset = () => usePresetsChange('presets.save');
/** `presets.rename` */
export const useRenamePreset = () => usePresetsChange('presets.rename');
/** `presets.remove` */
export const useRemovePreset = () => usePresetsChange('presets.remove');
