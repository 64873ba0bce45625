import type { Analysis } from '../analysis/analysis.js';
import type { ReportSet } from './report-set.js';
import { sanitizeForTerminal } from './terminal-text.js';

/** CSV columns: one row per function and candidate memory size. */
export const CSV_COLUMNS = [
  'function',
  'region',
  'architecture',
  'current_memory_mb',
  'finding',
  'recommended_memory_mb',
  'memory_mb',
  'kind',
  'in_grid',
  'invocations',
  'p50_ms_low',
  'p50_ms_high',
  'p95_ms_low',
  'p95_ms_high',
  'p95_ci_lower_ms',
  'p95_ci_upper_ms',
  'p99_ms_low',
  'p99_ms_high',
  'billed_mean_ms_low',
  'billed_mean_ms_high',
  'cost_per_million_usd_low',
  'cost_per_million_usd_high',
  'monthly_cost_usd_low',
  'monthly_cost_usd_high',
  'change_vs_current_percent_low',
  'change_vs_current_percent_high',
  'memory_headroom_percent',
  'viable',
  'rejections',
  'is_current',
  'is_recommended',
  'error',
] as const;

type Cell = string | number | boolean | null | undefined;

/**
 * Quotes a cell by RFC 4180. Text cells that a spreadsheet would read as a formula
 * (starting with =, +, -, @, tab or CR) get a leading apostrophe; numbers are written as they are.
 * Control characters and ANSI / OSC sequences are dropped from text (newlines kept), since
 * CSV printed to stdout reaches a terminal.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  // 15 significant digits drop binary noise such as 1692.0000000000002 and keep every real digit.
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const visible = value.split('\n').map(sanitizeForTerminal).join('\n');
  const text = /^[=+\-@\t\r]/.test(visible) ? `'${visible}` : visible;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function rowsOf(analysis: Analysis): Cell[][] {
  return analysis.candidates.map((candidate) => [
    analysis.function.name,
    analysis.function.region,
    analysis.function.architecture,
    analysis.function.currentMemorySizeMb,
    analysis.recommendation.finding,
    analysis.recommendation.memorySizeMb,
    candidate.memorySizeMb,
    candidate.kind,
    candidate.inGrid,
    candidate.invocations,
    candidate.p50Ms.low,
    candidate.p50Ms.high,
    candidate.p95Ms.low,
    candidate.p95Ms.high,
    candidate.p95Interval?.lower,
    candidate.p95Interval?.upper,
    candidate.p99Ms.low,
    candidate.p99Ms.high,
    candidate.billedMeanMs.low,
    candidate.billedMeanMs.high,
    candidate.costPerMillionUsd.low,
    candidate.costPerMillionUsd.high,
    candidate.monthlyCostUsd?.low,
    candidate.monthlyCostUsd?.high,
    candidate.changeVsCurrentPercent?.low,
    candidate.changeVsCurrentPercent?.high,
    candidate.memoryHeadroomPercent,
    candidate.viable,
    candidate.rejections.join('; '),
    candidate.isCurrent,
    candidate.isRecommended,
    '',
  ]);
}

/** Renders every function's candidates as CSV, with one row per failed function carrying its error. */
export function renderCsv(report: ReportSet): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const analysis of report.analyses) {
    for (const row of rowsOf(analysis)) lines.push(row.map(csvCell).join(','));
  }
  for (const failure of report.failures) {
    const row: Cell[] = CSV_COLUMNS.map(() => '');
    row[0] = failure.functionName;
    row[1] = failure.region ?? '';
    row[CSV_COLUMNS.length - 1] = `${failure.operation}: ${failure.message}`;
    lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
