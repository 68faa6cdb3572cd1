import type { ReportModel } from '../report-model.ts';
import { esc } from './escape.ts';
import {
  analysisSection,
  breakdownSection,
  errorsSection,
  footerSection,
  headerSection,
  patternsSection,
  spikesSection,
  timelineSection,
  totalsSection,
} from './sections.ts';
import { trafficSectionHtml } from './traffic-section.ts';
import { dataQualitySectionHtml } from './data-quality-section.ts';
import { REPORT_CSS } from './styles.ts';

/**
 * Besides escaping every value, the page forbids itself any script, fetch or external resource:
 * even a bug in escaping could not make it load or run anything when opened from chat or mail.
 */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** One self-contained HTML page: inline CSS, inline SVG charts, no script, nothing fetched. */
export function renderReportHtml(m: ReportModel): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="Logdesk">
<title>${esc(m.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${headerSection(m)}
<main>
${dataQualitySectionHtml(m.dataQuality)}
${totalsSection(m)}
${timelineSection(m)}
${breakdownSection(m)}
${trafficSectionHtml(m.traffic)}
${analysisSection(m)}
${spikesSection(m)}
${patternsSection(m)}
${errorsSection(m)}
</main>
${footerSection(m)}
</body>
</html>
`;
}
