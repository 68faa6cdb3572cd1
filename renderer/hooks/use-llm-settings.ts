import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LlmTestResult } from '../../shared/contract/analysis.ts';
import type { CallArgs } from '../../shared/contract/index.ts';
import type { AppError } from '../../shared/errors.ts';
import type { LlmSettingsView } from '../../shared/llm-settings.ts';
import { bridge } from '../bridge/bridge.ts';

const KEY = ['llm.settings.get'];

/** `llm.settings.get` */
export function useLlmSettings() {
  return useQuery<LlmSettingsView, AppError>({
    queryKey: KEY,
    queryFn: () => bridge().call('llm.settings.get', {}),
    staleTime: Infinity,
  });
}

/** `llm.settings.save` */
export function useSaveLlmSettings() {
  const client = useQueryClient();
  return useMutation<LlmSettingsView, AppError, CallArgs<'llm.settings.save'>>({
    mutationFn: (args) => bridge().call('llm.settings.save', args),
    onSuccess: (view) => client.setQueryData(KEY, view),
  });
}

/** `llm.test` */
export function useTestLlm() {
  return useMutation<LlmTestResult, AppError, CallArgs<'llm.test'>>({
    mutationFn: (args) => bridge().call('llm.test', args),
  });
}
