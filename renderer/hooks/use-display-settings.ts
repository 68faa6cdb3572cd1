import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { DisplaySettings, TimeZoneChoice } from '../../shared/contract/display.ts';
import type { AppError } from '../../shared/errors.ts';
import { bridge } from '../bridge/bridge.ts';
import { setDisplayZone, useDisplayZone } from '../lib/display-zone.ts';

/** `display.settings.get` / `.save`: the remembered UTC/local choice, applied to the whole window. */
export function useTimeZoneChoice() {
  const client = useQueryClient();
  const saved = useQuery<DisplaySettings, AppError>({
    queryKey: ['display.settings'],
    queryFn: () => bridge().call('display.settings.get', {}),
    staleTime: Infinity,
  });
  useEffect(() => {
    if (saved.data) setDisplayZone(saved.data.timeZone);
  }, [saved.data]);
  const save = useMutation<DisplaySettings, AppError, TimeZoneChoice>({
    mutationFn: (timeZone) => bridge().call('display.settings.save', { timeZone }),
    onSuccess: (settings) => client.setQueryData(['display.settings'], settings),
  });
  const choose = (timeZone: TimeZoneChoice) => {
    // Shown at once; remembered in the background.
    setDisplayZone(timeZone);
    save.mutate(timeZone);
  };
  return { zone: useDisplayZone(), choose };
}
