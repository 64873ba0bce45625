import { renderCsv } from './csv.js';
import type { ReportFormat } from './formats.js';
import { renderHtml } from './html.js';
import { renderJson, stringifyReportJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderNdjsonFailure, renderNdjsonLine } from './ndjson.js';
import { failureRecord, type ReportSet } from './report-set.js';
import { renderTable } from './table.js';

export { REPORT_FORMATS, type ReportFormat } from './formats.js';

/**
 * Renders a run's report in one format. This is the only place that tells the formats apart.
 * JSON is one analysis object for a single function, or a document with every analysis
 * and failure when the run covered several functions or one failed.
 */
export function renderReport(format: ReportFormat, report: ReportSet, options: { color: boolean }): string {
  switch (format) {
    case 'json': {
      const [only] = report.analyses;
      if (report.analyses.length === 1 && report.failures.length === 0 && only !== undefined) return renderJson(only);
      const document = { schemaVersion: 1, analyses: report.analyses, failures: report.failures.map(failureRecord) };
      return `${stringifyReportJson(document, 2)}\n`;
    }
    case 'ndjson':
      return [...report.analyses.map(renderNdjsonLine), ...report.failures.map(renderNdjsonFailure)].join('');
    case 'markdown':
      return renderMarkdown(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report.analyses);
    case 'table':
      return report.analyses.map((analysis) => renderTable(analysis, options)).join('\n');
  }
}
