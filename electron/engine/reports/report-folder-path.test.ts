import { describe, expect, it } from 'vitest';
import { resolveReportFolder } from './report-folder-path.ts';

describe('resolveReportFolder', () => {
  const home = '/home/ana';
  it('takes a relative folder inside the home folder, not the working directory', () => {
    expect(resolveReportFolder('incident-reports', home)).toBe('/home/ana/incident-reports');
    expect(resolveReportFolder('./a/../b', home)).toBe('/home/ana/b');
  });
  it('expands ~ and keeps absolute folders as they are (normalised)', () => {
    expect(resolveReportFolder('~', home)).toBe('/home/ana');
    expect(resolveReportFolder('~/reports', home)).toBe('/home/ana/reports');
    expect(resolveReportFolder(' /srv/reports/ ', home)).toBe('/srv/reports');
  });
});
