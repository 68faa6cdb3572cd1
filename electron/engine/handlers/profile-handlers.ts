import type { Handlers } from '../../../shared/contract/index.ts';
import type { ProfileService } from '../profiles/profile-service.ts';

type ProfileCalls =
  'profiles.list' | 'profiles.save' | 'profiles.remove' | 'profiles.test' | 'profiles.acceptHostKey';

/** Connection profiles: a pure map over the service createEngine built (which also opens profile sources). */
export function profileHandlers(service: ProfileService): Pick<Handlers, ProfileCalls> {
  return {
    'profiles.list': async () => ({ profiles: await service.list() }),
    'profiles.save': async ({ profile, secrets, replace }) => service.save(profile, secrets, { replace }),
    'profiles.remove': async ({ name }) => ({ removed: await service.remove(name) }),
    'profiles.test': async (request) => service.test(request),
    'profiles.acceptHostKey': async ({ host, port, fingerprint }) => ({
      accepted: true,
      file: service.acceptHostKey(host, port, fingerprint),
    }),
  };
}
