import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../../../shared/redact.ts';
import type { Logger } from './platform.ts';

const MAX_BYTES = 1_000_000;
const KEEP = 3;

/**
 * Appends JSON lines to `dir/logdesk.log`, rotating at 1 MB (logdesk.log.1 … .3). Every line passes
 * through redaction: a connection URL or an API key in an error message never reaches the disk.
 */
export function createFileLogger(dir: string): Logger {
  const file = join(dir, 'logdesk.log');
  let ready = false;
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    try {
      if (!ready) {
        mkdirSync(dir, { recursive: true });
        ready = true;
      }
      rotateIfLarge(file);
      const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
      appendFileSync(file, `${redact(line)}\n`, { mode: 0o600 });
    } catch {
      // Logging must never break the work it describes.
    }
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

function rotateIfLarge(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return;
  }
  if (size < MAX_BYTES) return;
  for (let i = KEEP - 1; i >= 1; i--) {
    try {
      renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    } catch {
      // that generation does not exist yet
    }
  }
  renameSync(file, `${file}.1`);
}
