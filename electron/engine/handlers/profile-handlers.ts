import type { Handlers } from '../../../shared/contract/index.ts';
import { ProfileService } from '../profiles/profile-service.ts';
import type { EngineContext } from './context.ts';

type ProfileCalls =
  'profiles.list' | 'profiles.save' | 'profiles.remove' | 'profiles.test' | 'profiles.acceptHostKey';

/** Connection profiles; also makes `{ kind: 'profile', name }` sources openable through Connections. */
export function profileHandlers(ctx: EngineContext): Pick<Handlers, ProfileCalls> {
  const service = new ProfileService(ctx.platform, ctx.connections);
  ctx.connections.profileOpener = (name, override) => service.open(name, override);
  return {
    'profiles.list': async () => ({ profiles: await service.list() }),
    'profiles.save': async ({ profile, secrets }) => service.save(profile, secrets),
    'profiles.remove': async ({ name }) => ({ removed: await service.remove(name) }),
    'profiles.test': async (request) => service.test(request),
    'profiles.acceptHostKey': async ({ host, port, fingerprint }) => ({
      accepted: true,
      file: service.acceptHostKey(host, port, fingerprint),
    }),
  };
}
