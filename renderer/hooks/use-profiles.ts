import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallArgs } from '../../shared/contract/index.ts';
import type { ProfileSummary, ProfileTestResult } from '../../shared/contract/profiles.ts';
import type { AppError } from '../../shared/errors.ts';
import { bridge } from '../bridge/bridge.ts';

const KEY = ['profiles.list'];

/** `profiles.list` */
export function useProfiles() {
  return useQuery<ProfileSummary[], AppError>({
    queryKey: KEY,
    queryFn: async () => (await bridge().call('profiles.list', {})).profiles,
    staleTime: Infinity,
  });
}

/** `profiles.save` */
export function useSaveProfile() {
  const client = useQueryClient();
  return useMutation<ProfileSummary, AppError, CallArgs<'profiles.save'>>({
    mutationFn: (args) => bridge().call('profiles.save', args),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

/** `profiles.remove` */
export function useRemoveProfile() {
  const client = useQueryClient();
  return useMutation<{ removed: boolean }, AppError, CallArgs<'profiles.remove'>>({
    mutationFn: (args) => bridge().call('profiles.remove', args),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

/** `profiles.test` */
export function useTestProfile() {
  return useMutation<ProfileTestResult, AppError, CallArgs<'profiles.test'>>({
    mutationFn: (args) => bridge().call('profiles.test', args),
  });
}

/** `profiles.acceptHostKey` */
export function useAcceptHostKey() {
  return useMutation<{ accepted: boolean; file: string }, AppError, CallArgs<'profiles.acceptHostKey'>>({
    mutationFn: (args) => bridge().call('profiles.acceptHostKey', args),
  });
}
