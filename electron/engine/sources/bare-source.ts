import type { MappingTarget } from '../../../shared/contract/sources.ts';
import { AppError } from '../../../shared/errors.ts';
import { databaseForUrl } from '../db/open-database.ts';
import type { Database } from '../db/database.ts';
import type { ProfileService } from '../profiles/profile-service.ts';

/**
 * The bare database of a mapping target, opened for one question and not cached: the form must
 * see the tables even when the saved mapping no longer fits them (that is what it is there to fix).
 */
export function openBareSource(target: MappingTarget, profiles: ProfileService): Promise<Database> {
  switch (target.kind) {
    case 'demo':
      return Promise.reject(
        new AppError('BAD_ARGUMENT', 'source: the demo database is LiteLLM, it has no table to map'),
      );
    case 'url':
      return Promise.resolve(databaseForUrl(target.url, target.statementTimeoutSeconds));
    case 'profile':
      return profiles.openBare(profiles.store.get(target.name), {}, target.name);
    case 'draft':
      return profiles.openBare(target.profile, target.secrets, target.savedName);
  }
}
