import type { Analysis, Candidate } from '../analysis/analysis.js';
import {
  formatDurationRange,
  formatP95WithInterval,
  formatPercentRange,
  formatUsdRange,
} from './number-format.js';
import { FINDINGS, summarizeFleet } from './fleet-summary.js';
import type { ReportSet } from './report-set.js';
import { sanitizeForTerminal } from './terminal-text.js';

/**
 * Escapes text from the account or the logs for a Markdown table cell or paragraph:
 * control characters go, HTML is entity-encoded (GitHub renders raw HTML in summaries),
 * and the Markdown punctuation that opens emphasis, code, links or table cells is
 * backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
  return sanitizeForTerminal(text)
    .replace(/\t/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

function summaryRow(analysis: Analysis): string {
  const recommended = analysis.candidates.find((candidate) => candidate.isRecommended);
  const current = analysis.candidates.find((candidate) => candidate.isCurrent);
  const target = analysis.recommendation.memorySizeMb === null ? '—' : `${analysis.recommendation.memorySizeMb} MB`;
  const cells = [
    escapeMarkdown(analysis.function.name),
    `${analysis.function.currentMemorySizeMb} MB`,
    target,
    analysis.recommendation.finding,
    current === undefined ? '—' : formatDurationRange(current.p95Ms),
    recommended === undefined ? '—' : formatDurationRange(recommended.p95Ms),
    formatUsdRange(current?.monthlyCostUsd ?? null),
    formatUsdRange(analysis.recommendation.monthlySavingsUsd),
    String(analysis.advisories.length),
  ];
  return `| ${cells.join(' | ')} |`;
}

function candidateRow(candidate: Candidate): string {
  const marks: string[] = [];
  if (candidate.isRecommended) marks.push('**recommended**');
  if (candidate.isCurrent) marks.push('current');
  if (!candidate.viable) marks.push(escapeMarkdown(candidate.rejections.join('; ')));
  const basis = candidate.kind === 'observed' ? `observed n=${candidate.invocations}` : `projected${candidate.inGrid ? '' : ', off grid'}`;
  const cells = [
    `${candidate.memorySizeMb} MB`,
    basis,
    formatDurationRange(candidate.p50Ms),
    formatP95WithInterval(candidate),
    formatDurationRange(candidate.p99Ms),
    formatUsdRange(candidate.costPerMillionUsd),
    formatUsdRange(candidate.monthlyCostUsd),
    formatPercentRange(candidate.changeVsCurrentPercent),
    marks.length === 0 ? 'viable' : marks.join(', '),
  ];
  return `| ${cells.join(' | ')} |`;
}

function functionSection(analysis: Analysis): string {
  const lines = [
    '<details>',
    `<summary>${escapeMarkdown(analysis.function.name)}: ${analysis.recommendation.finding}${analysis.recommendation.memorySizeMb === null ? '' : `, ${analysis.recommendation.memorySizeMb} MB`}</summary>`,
    '',
    escapeMarkdown(analysis.recommendation.reason),
    '',
    '| Memory | Basis | P50 ms | P95 ms [95% CI] | P99 ms | $ / 1M inv | $ / month | vs current | Status |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...analysis.candidates.map(candidateRow),
    '',
  ];
  if (analysis.advisories.length > 0) {
    lines.push('Advisories:', '');
    for (const advisory of analysis.advisories) {
      lines.push(
        `- **${advisory.severity}** \`${advisory.code}\`: ${escapeMarkdown(advisory.title)}. ${escapeMarkdown(advisory.evidence)}. Fix: ${escapeMarkdown(advisory.fix)}`,
      );
    }
    lines.push('');
  }
  if (analysis.warnings.length > 0) {
    lines.push('Warnings:', '', ...analysis.warnings.map((warning) => `- ${escapeMarkdown(warning)}`), '');
  }
  const assumptions = analysis.assumptions;
  lines.push(
    `Assumptions: ${assumptions.architecture} in ${escapeMarkdown(assumptions.region)} at $${assumptions.pricePerGbSecondUsd} per GB-second (${escapeMarkdown(assumptions.priceSource)}); CPU-bound fraction ${assumptions.cpuFraction.value === null ? 'unknown, so projections are bands' : `${assumptions.cpuFraction.value.toFixed(2)} (${assumptions.cpuFraction.source})`}; headroom ${assumptions.headroomPercent}%.`,
    '',
    '</details>',
  );
  return lines.join('\n');
}

/** Renders the totals row that closes the summary table, then the findings by kind and the idle functions. */
function fleetTotals(report: ReportSet): string[] {
  const summary = summarizeFleet(report);
  const counts = summary.functions;
  const findings = FINDINGS.map((finding) => `${finding} ${summary.findings[finding]}`).join(', ');
  const lines = [
    `| **Total (${counts.analysed} functions)** | | | | | | ${formatUsdRange(summary.currentMonthlyCostUsd)} | ${formatUsdRange(summary.monthlySavingsUsd)} | |`,
    '',
    `Recommended monthly cost: ${formatUsdRange(summary.recommendedMonthlyCostUsd)}. Findings: ${findings}. Not analysed: ${counts.failed}. Without invocations in the window: ${counts.idle}.`,
  ];
  if (summary.functionsWithoutCost > 0) {
    lines.push('', `${summary.functionsWithoutCost} function(s) have no known invocation rate and are left out of the cost totals.`);
  }
  if (summary.idle.length > 0) {
    lines.push('', `<details>`, `<summary>Without invocations (${summary.idle.length})</summary>`, '', ...summary.idle.map((entry) => `- ${escapeMarkdown(entry.name)} (${escapeMarkdown(entry.region)})`), '', '</details>');
  }
  return lines;
}

/**
 * Renders a Markdown report for a CI job summary or a pull-request comment: a summary
 * table with one row per function, then a collapsible P95 table per function.
 */
export function renderMarkdown(report: ReportSet): string {
  const sorted = [...report.analyses].sort(
    (a, b) => (b.recommendation.monthlySavingsUsd?.high ?? 0) - (a.recommendation.monthlySavingsUsd?.high ?? 0),
  );
  const lines = [
    '## Lambda memory advisor',
    '',
    '| Function | Current | Recommended | Finding | P95 now (ms) | P95 then (ms) | $ / month now | Savings / month | Advisories |',
    '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...sorted.map(summaryRow),
  ];
  if (report.fleet === true || report.analyses.length >= 2) lines.push(...fleetTotals(report));
  lines.push('');
  if (report.failures.length > 0) {
    lines.push(`### Not analysed (${report.failures.length})`, '');
    for (const failure of report.failures) {
      const region = failure.region === undefined ? '' : ` (${escapeMarkdown(failure.region)})`;
      lines.push(`- ${escapeMarkdown(failure.functionName)}${region}: ${escapeMarkdown(failure.operation)}: ${escapeMarkdown(failure.message)}`);
    }
    lines.push('');
  }
  lines.push(...sorted.map(functionSection));
  return `${lines.join('\n')}\n`;
}

