import type { Finding } from '../../../../shared/health.ts';
import { esc } from './escape.ts';

const DETAILS = 6;

/** "Data quality" (issue #25): the health check's findings that touch the report's range; nothing when none does. */
export function dataQualitySectionHtml(findings: readonly Finding[]): string {
  if (!findings.length) return '';
  const items = findings
    .map((f) => {
      const details = f.details
        .slice(0, DETAILS)
        .map((d) => `<li><code>${esc(d)}</code></li>`)
        .join('');
      return `<li><strong>${esc(f.title)}</strong> <span class="badge">${esc(f.certainty)}</span><div class="muted">${esc(f.explanation)}</div>${details ? `<ul>${details}</ul>` : ''}</li>`;
    })
    .join('');
  return `<section class="card" aria-labelledby="h-data-quality"><h2 id="h-data-quality">Data quality <span class="badge">the logs this report reads are incomplete or disagree in its range</span></h2>
<ul class="data-quality">${items}</ul>
</section>`;
}

/** The same, as Markdown lines for the summary. */
export function dataQualityMarkdown(findings: readonly Finding[]): string[] {
  if (!findings.length) return [];
  return ['**Data quality**', ...findings.map((f) => `- ${f.title} (${f.certainty}): ${f.explanation}`), ''];
}
