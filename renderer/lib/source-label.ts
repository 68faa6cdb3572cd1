import type { Source } from '../../shared/connection.ts';

/** How a source is named in the UI; a URL is shown without its password. */
export function sourceLabel(source: Source): string {
  if (source.kind === 'demo') return 'Demo database';
  if (source.kind === 'profile') return source.name;
  try {
    const url = new URL(source.url);
    url.password = '';
    return url.toString();
  } catch {
    return source.url;
  }
}

export function sourceKey(source: Source): string {
  return source.kind === 'demo' ? 'demo' : source.kind === 'url' ? 'url' : `profile:${source.name}`;
}
