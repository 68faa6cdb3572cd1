import { describe, expect, it } from 'vitest';
import { progressOnStderr, progressWanted } from './progress.ts';

describe('CLI progress on stderr', () => {
  it('names a step that took over a second, with its time, and stays quiet for quick ones', () => {
    const lines: string[] = [];
    let t = 0;
    const progress = progressOnStderr(
      (s) => lines.push(s),
      { afterMs: 1_000 },
      () => t,
    );
    progress.step('Preparing the demo database');
    t = 1_234;
    progress.step('Counting the matching errors');
    t = 1_500;
    progress.step('Grouping error patterns');
    t = 3_000;
    progress.done();
    progress.done();
    expect(lines).toEqual([
      'logdesk: Preparing the demo database… 1.2 s\n',
      'logdesk: Grouping error patterns… 1.5 s\n',
    ]);
  });

  it('writes nothing when switched off, however slow', () => {
    const lines: string[] = [];
    let t = 0;
    const progress = progressOnStderr(
      (s) => lines.push(s),
      false,
      () => t,
    );
    progress.step('Preparing the demo database');
    t = 60_000;
    progress.done();
    expect(lines).toEqual([]);
  });

  it('is on for a terminal, off for a pipe, and LOGDESK_PROGRESS decides either way', () => {
    const slowSteps = { afterMs: 1_000 };
    expect(progressWanted({}, true)).toEqual(slowSteps);
    expect(progressWanted({}, false)).toBe(false);
    expect(progressWanted({ LOGDESK_PROGRESS: '1' }, false)).toEqual(slowSteps);
    expect(progressWanted({ LOGDESK_PROGRESS: '0' }, true)).toBe(false);
    expect(progressWanted({ LOGDESK_PROGRESS: 'all' }, false)).toEqual({ afterMs: 0 });
  });

  it('with LOGDESK_PROGRESS=all names every step, however quick', () => {
    const lines: string[] = [];
    let t = 0;
    const progress = progressOnStderr(
      (s) => lines.push(s),
      progressWanted({ LOGDESK_PROGRESS: 'all' }, false),
      () => t,
    );
    progress.step('Preparing the demo database');
    t = 40;
    progress.step('Counting the matching errors');
    t = 41;
    progress.done();
    expect(lines).toEqual([
      'logdesk: Preparing the demo database… 0.0 s\n',
      'logdesk: Counting the matching errors… 0.0 s\n',
    ]);
  });
});
