import Table from 'cli-table3';

import { FINDINGS, type FleetSummary } from './fleet-summary.js';
import { formatUsdRange } from './number-format.js';
import { sanitizeForTerminal } from './terminal-text.js';

/**
 * Renders the fleet summary for the terminal: totals, findings by kind, and one row per
 * function sorted by savings, before the per-function reports.
 */
export function renderFleetSummaryTable(summary: FleetSummary, options: { color: boolean }): string {
  const counts = summary.functions;
  const findings = FINDINGS.map((finding) => `${finding} ${summary.findings[finding]}`).join(', ');
  const lines = [
    `Fleet: ${counts.analysed} analysed, ${counts.failed} failed, ${counts.idle} without invocations in the window`,
    `Monthly cost: ${formatUsdRange(summary.currentMonthlyCostUsd)} now, ${formatUsdRange(summary.recommendedMonthlyCostUsd)} recommended, savings ${formatUsdRange(summary.monthlySavingsUsd)}${summary.functionsWithoutCost > 0 ? ` (${summary.functionsWithoutCost} function(s) without a known rate left out)` : ''}`,
    `Findings: ${findings}`,
  ];
  const table = new Table({
    head: ['Function', 'Region', 'Finding', 'Current', 'Recommended', '$ / month now', 'Savings / month'],
    colAligns: ['left', 'left', 'left', 'right', 'right', 'right', 'right'],
    style: { head: options.color ? ['bold'] : [], border: [], compact: true },
  });
  for (const entry of summary.bySavings) {
    table.push([
      sanitizeForTerminal(entry.name),
      sanitizeForTerminal(entry.region),
      entry.finding,
      `${entry.currentMemorySizeMb} MB`,
      entry.recommendedMemorySizeMb === null ? '—' : `${entry.recommendedMemorySizeMb} MB`,
      formatUsdRange(entry.currentMonthlyCostUsd),
      formatUsdRange(entry.monthlySavingsUsd),
    ]);
  }
  if (summary.bySavings.length > 0) lines.push(table.toString());
  if (summary.idle.length > 0) {
    lines.push(`No invocations in the window: ${summary.idle.map((entry) => sanitizeForTerminal(entry.name)).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
