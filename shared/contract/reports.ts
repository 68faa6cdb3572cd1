import { z } from 'zod';
import { SERIES_SLOTS } from '../series-colors.ts';
import { FailureCategory } from '../taxonomy.ts';
import { JobStarted } from './jobs.ts';
import { defineArea } from './define.ts';

/** Long untrusted text is shortened, not refused: one long error message must not fail an export. */
const clipped = (max: number) =>
  z.string().transform((s) => (s.length > max ? `${s.slice(0, max - 1)}…` : s));

/**
 * Which kinds of personal data a report removes (shared/redact.ts). Passwords, API keys and tokens
 * are removed whatever these say: a report is made to be shared.
 */
export const ReportRedaction = z.object({
  emails: z.boolean().default(true),
  ipAddresses: z.boolean().default(true),
});
export type ReportRedaction = z.infer<typeof ReportRedaction>;

/** An IANA time zone (`Europe/Paris`, `UTC`) that this runtime knows. */
export const TimeZoneName = z
  .string()
  .max(100)
  .refine((zone) => isTimeZone(zone), { message: 'expected an IANA time zone like Europe/Paris' });

export const ReportOptions = z.object({
  /** Heading of the HTML page and the Markdown summary; a default naming the range is used when absent. */
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  redaction: ReportRedaction.default({ emails: true, ipAddresses: true }),
  /** Start the CSV with a UTF-8 byte-order mark, so Excel reads accents right. */
  csvBom: z.boolean().default(false),
  /** How many of the newest errors the HTML page lists with their details. */
  htmlErrors: z
    .number()
    .int('expected a whole number')
    .min(0, 'must be 0 or more')
    .max(1000, 'must be at most 1000')
    .default(100),
  /** IANA zone for the "local time" shown next to UTC (the engine's own zone when absent). */
  timeZone: TimeZoneName.optional(),
});
export type ReportOptions = z.infer<typeof ReportOptions>;
export type ReportOptionsInput = z.input<typeof ReportOptions>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Outputs of the analysis area the caller may hand over. The shapes are subsets of that area's
 * AnalysisResult, ErrorPattern and Spike (shared/analysis.ts), so its results pass straight in; extra
 * fields are dropped. Everything here is untrusted text (the LLM's, the errors') and is redacted and
 * escaped before it reaches a file.
 */
export const ReportAnalysis = z.object({
  markdown: z.string().max(200_000, 'must be at most 200000 characters'),
  /** The model that wrote it; null or absent for the offline summary. */
  model: clipped(200).nullish(),
  /** True for the summary computed without an LLM. */
  offline: z.boolean().default(false),
});
export type ReportAnalysis = z.infer<typeof ReportAnalysis>;

const ValueShare = z.object({ value: clipped(500).nullable(), count: z.number() });

export const ReportPattern = z.object({
  /** The message template, variable parts shown as `<*>`. */
  template: clipped(5_000),
  count: z.number().int().min(0),
  models: z.array(ValueShare).max(50).optional(),
  keyAliases: z.array(ValueShare).max(50).optional(),
  errorTypes: z.array(ValueShare).max(50).optional(),
  example: z.object({ message: clipped(20_000) }).optional(),
  /** The cause category (shared/taxonomy.ts) and why. */
  category: FailureCategory.optional(),
  categoryReason: clipped(1_000).optional(),
});
export type ReportPattern = z.infer<typeof ReportPattern>;

export const ReportSpike = z.object({
  /** Start of the first bucket and end of the last bucket of the spike, UTC ISO. */
  from: z.string(),
  to: z.string(),
  count: z.number().min(0),
  /** Typical errors per bucket, when known. */
  baseline: z.number().min(0).optional(),
  /** The busiest bucket's count. */
  peak: z.number().min(0).optional(),
  /** Which errors spiked (`model` / `keyAlias` / `errorType` and its value); absent for all errors. */
  dimension: clipped(50).optional(),
  value: clipped(500).nullable().optional(),
  /** Values of other dimensions that spiked on the same errors in the same window. */
  together: z
    .array(z.object({ dimension: clipped(50), value: clipped(500).nullable() }))
    .max(10)
    .optional(),
  /** One line a human reads. */
  summary: clipped(2_000).optional(),
});
export type ReportSpike = z.infer<typeof ReportSpike>;

export const ReportRequest = z.object({
  investigationId: z.string().min(1, 'expected the id of an investigation'),
  outDir: z.string().min(1, 'expected a folder to write the report into'),
  options: ReportOptions.default(ReportOptions.parse({})),
  /** The analysis shown in the app (an AnalysisResult); without it the report writes its own offline summary. */
  analysis: ReportAnalysis.optional(),
  /** Error patterns from the analysis area (Insights.patterns); the section says "not run" without them. */
  patterns: z.array(ReportPattern).max(1_000).optional(),
  /** Spikes from the analysis area (Insights.spikes); without them the report finds spikes in the timeline itself. */
  spikes: z.array(ReportSpike).max(1_000).optional(),
  /** Why the LLM analysis failed, when it did: the report says so above its offline summary. */
  analysisFailure: clipped(2_000).optional(),
  /** The app's colour slot per model (shared/series-colors.ts), so the report draws each model as the app did. */
  colors: z
    .record(
      z.string().max(1_000),
      z
        .number()
        .int('expected a whole number')
        .min(0)
        .max(SERIES_SLOTS - 1, `must be below ${SERIES_SLOTS}`),
    )
    .refine((c) => Object.keys(c).length <= 10_000, { message: 'must hold at most 10000 values' })
    .optional(),
});
export type ReportRequest = z.infer<typeof ReportRequest>;
export type ReportRequestInput = z.input<typeof ReportRequest>;

export const ReportExportResult = z.object({
  /** The dated folder, `OUT/YYYY-MM-DD`. */
  dir: z.string(),
  /** `HHMMSS`, or `HHMMSS_2`… when that run's names were taken. */
  stamp: z.string(),
  /** File names inside `dir`. */
  files: z.array(z.string()),
  /** Full path of the HTML page, the file to open or share. */
  html: z.string(),
  /** Rows in the CSV: every matching error, not only the ones shown. */
  csvRows: z.number(),
});
export type ReportExportResult = z.infer<typeof ReportExportResult>;

export const ReportLocation = z.object({
  /** The folder the user chose last (the parent of the dated folders), to preselect next time. */
  outDir: z.string().nullable(),
  /** The dated folder and page written last. */
  dir: z.string().nullable(),
  html: z.string().nullable(),
  at: z.string().nullable(),
});
export type ReportLocation = z.infer<typeof ReportLocation>;

export const reportsArea = defineArea({
  /** Writes the report and answers when it is complete. */
  'report.export': { request: ReportRequest, response: ReportExportResult },
  /** Same work as a job: progress events while the CSV is written, `job.cancel` stops it, `job.finished` carries a ReportExportResult. */
  'report.start': { request: ReportRequest, response: JobStarted },
  'report.lastLocation': { request: z.object({}).default({}), response: ReportLocation },
  /** The absolute folder a report with this `outDir` goes into (a relative one is inside the home folder). */
  'report.folder': {
    request: z.object({
      outDir: z.string().min(1, 'expected a folder').max(4_096, 'must be at most 4096 characters'),
    }),
    response: z.object({ path: z.string() }),
  },
  /**
   * Shows a written report in the file manager. Only folders and files this engine wrote can be
   * revealed; `revealed` is false where the target has no file manager (CLI, web mode).
   */
  'report.reveal': {
    request: z.object({ path: z.string().min(1, 'expected the path of a written report') }),
    response: z.object({ revealed: z.boolean(), path: z.string() }),
  },
});
