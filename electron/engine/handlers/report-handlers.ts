import { resolve } from 'node:path';
import type { Handlers } from '../../../shared/contract/index.ts';
import { localStamp, writeFilesAtomically } from '../reports/atomic-files.ts';
import { reportFiles } from '../reports/report-files.ts';
import type { EngineContext } from './context.ts';

export function reportHandlers(ctx: EngineContext): Pick<Handlers, 'report.export'> {
  return {
    'report.export': async ({ investigationId, outDir }) => {
      const investigation = ctx.results.get(investigationId);
      const generatedAt = new Date(ctx.platform.now());
      const { day, time } = localStamp(generatedAt);
      const files = reportFiles({ investigation, sourceDescription: investigation.source, generatedAt });
      const written = await writeFilesAtomically(resolve(outDir, day), time, files);
      ctx.platform.log.info('report written', { dir: written.dir, files: written.files.length });
      return written;
    },
  };
}
