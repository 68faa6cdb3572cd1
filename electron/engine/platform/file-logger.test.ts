import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from './file-logger.ts';

describe('file logger', () => {
  it('redacts secrets and rotates at 1 MB keeping three old files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logdesk-log-'));
    const log = createFileLogger(dir);
    log.warn('connect failed', { url: 'postgres://u:topsecret@h/db', key: 'sk-live-ABCDEFGH12345678' });
    const first = readFileSync(join(dir, 'logdesk.log'), 'utf8');
    expect(first).toContain('connect failed');
    expect(first).not.toContain('topsecret');
    expect(first).not.toContain('sk-live-ABCDEFGH12345678');
    const filler = 'x'.repeat(10_000);
    for (let i = 0; i < 500; i++) log.info(filler);
    expect(readdirSync(dir).sort()).toEqual([
      'logdesk.log',
      'logdesk.log.1',
      'logdesk.log.2',
      'logdesk.log.3',
    ]);
  });
});
