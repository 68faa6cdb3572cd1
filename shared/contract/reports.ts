import { z } from 'zod';
import { defineArea } from './define.ts';

export const ReportExportResult = z.object({ dir: z.string(), stamp: z.string(), files: z.array(z.string()) });
export type ReportExportResult = z.infer<typeof ReportExportResult>;

export const reportsArea = defineArea({
  'report.export': {
    request: z.object({
      investigationId: z.string().min(1, 'expected the id of an investigation'),
      outDir: z.string().min(1, 'expected a folder to write the report into'),
    }),
    response: ReportExportResult,
  },
});
