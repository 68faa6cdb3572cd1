import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** The Electron runtime's path, or null where it was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
export function electronRuntime(): string | null {
  try {
    const path = createRequire(join(REPO_ROOT, 'package.json'))('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}
