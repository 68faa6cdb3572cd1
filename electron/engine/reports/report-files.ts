import type { Investigation } from '../../../shared/investigation.ts';
import type { PendingFile } from './atomic-files.ts';

export interface ReportContext {
  investigation: Investigation;
  /** The source as shown to users: never holds a secret. */
  sourceDescription: string;
  generatedAt: Date;
  /** Markdown of the LLM analysis (or the offline summary), when one ran. */
  analysisMarkdown?: string | undefined;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The compact fields the Python analyzer sent to its LLM; scripts read these names. */
export function analysisRows(investigation: Investigation) {
  return investigation.errors.map((e) => ({
    request_id: e.requestId,
    time: e.time,
    model: e.model,
    key_name: e.keyAlias,
    status: e.statusCode,
    error_type: e.errorType,
    error_message: e.errorMessage,
  }));
}

/** The JSON and Markdown files of DESIGN §5. */
export function reportFiles(ctx: ReportContext): PendingFile[] {
  const { investigation: inv } = ctx;
  const files: PendingFile[] = [
    { base: 'error_logs_full', ext: 'json', content: json(inv.errors) },
    { base: 'error_logs_analysis', ext: 'json', content: json(analysisRows(inv)) },
    {
      base: 'query_params',
      ext: 'json',
      content: json({
        generatedAt: ctx.generatedAt.toISOString(),
        source: ctx.sourceDescription,
        filters: inv.query,
        totals: {
          total: inv.total,
          returned: inv.errors.length,
          byModel: inv.byModel,
          byErrorType: inv.byErrorType,
          byKeyAlias: inv.byKeyAlias,
        },
        notes: inv.notes,
      }),
    },
  ];
  if (ctx.analysisMarkdown !== undefined) {
    files.push({ base: 'llm_analysis', ext: 'md', content: ctx.analysisMarkdown });
  }
  return files;
}
