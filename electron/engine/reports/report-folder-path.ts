import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * The folder a report goes into, absolute. A relative folder (or `~/…`) is taken inside the home
 * folder: the engine's working directory is wherever the app or `logdesk web` happened to start,
 * which the user neither sees nor chose.
 */
export function resolveReportFolder(outDir: string, home: string = homedir()): string {
  const folder = outDir.trim();
  if (folder === '~') return resolve(home);
  if (folder.startsWith('~/')) return resolve(join(home, folder.slice(2)));
  return isAbsolute(folder) ? resolve(folder) : resolve(home, folder);
}
