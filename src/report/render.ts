import { renderCsv } from './csv.js';
import type { ReportFormat } from './formats.js';
import { summarizeFleet } from './fleet-summary.js';
import { renderFleetSummaryTable } from './fleet-table.js';
import { renderHtml } from './html.js';
import { renderJson, stringifyReportJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderNdjsonFailure, renderNdjsonLine } from './ndjson.js';
import { failureRecord, type ReportSet } from './report-set.js';
import { renderTable } from './table.js';
import { sanitizeForTerminal } from './terminal-text.js';

export { REPORT_FORMATS, type ReportFormat } from './formats.js';

/**
 * Renders a run's report in one format. This is the only place that tells the formats apart.
 * JSON is one analysis object for a single function, or a document with every analysis,
 * every failure and the fleet summary when the run was a fleet audit, covered several
 * functions or one failed.
 */
export function renderReport(format: ReportFormat, report: ReportSet, options: { color: boolean }): string {
  switch (format) {
    case 'json': {
      const [only] = report.analyses;
      if (report.fleet !== true && report.analyses.length === 1 && report.failures.length === 0 && only !== undefined) return renderJson(only);
      const document = { schemaVersion: 1, analyses: report.analyses, failures: report.failures.map(failureRecord), summary: summarizeFleet(report) };
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
    case 'table': {
      const tables = report.analyses.map((analysis) => renderTable(analysis, options));
      if (report.fleet === true || report.analyses.length >= 2) tables.unshift(renderFleetSummaryTable(summarizeFleet(report), options));
      if (report.failures.length > 0) tables.push(renderFailureList(report));
      return tables.join('\n');
    }
  }
}

/** Lists the functions that could not be analysed, one line each, for the terminal table. */
function renderFailureList(report: ReportSet): string {
  const lines = report.failures.map((failure) => {
    const region = failure.region === undefined ? '' : ` (${failure.region})`;
    return `  ${sanitizeForTerminal(failure.functionName)}${region}: ${sanitizeForTerminal(failure.operation)}: ${sanitizeForTerminal(failure.message)}`;
  });
  return `Not analysed (${report.failures.length})\n${lines.join('\n')}\n`;
}
