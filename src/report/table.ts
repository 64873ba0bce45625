import Table from 'cli-table3';

import type { AdvisorySeverity, Analysis, Candidate, Finding, ObservedSize, Range } from '../analysis/analysis.js';
import {
  formatDurationMs,
  formatDurationRange,
  formatP95WithInterval,
  formatPercentRange,

  formatUsd,
  formatUsdRange,
} from './number-format.js';
import { sanitizeForTerminal } from './terminal-text.js';

export interface TableRenderOptions {
  color: boolean;
}

const ANSI = { bold: [1, 22], dim: [2, 22], green: [32, 39], yellow: [33, 39], red: [31, 39], cyan: [36, 39] } as const;
type Style = keyof typeof ANSI;

const FINDING_STYLES: Record<Finding, Style> = {
  optimized: 'green',
  'insufficient-data': 'yellow',
  'no-viable-size': 'red',
  'over-provisioned': 'cyan',
  'under-provisioned': 'cyan',
};

const SEVERITY_STYLES: Record<AdvisorySeverity, Style> = { critical: 'red', warning: 'yellow', info: 'cyan' };

function painter(enabled: boolean): (style: Style, text: string) => string {
  return (style, text) => (enabled ? `\u001b[${ANSI[style][0]}m${text}\u001b[${ANSI[style][1]}m` : text);
}

/** Renders the terminal report: header, P95 justification table, recommendation, advisories, assumptions. */
export function renderTable(analysis: Analysis, options: TableRenderOptions): string {
  const paint = painter(options.color);
  const sections = [
    renderHeader(analysis, paint),
    renderCandidates(analysis, options, paint),
    renderRecommendation(analysis, paint),
    renderObserved(analysis.observed, options),
    renderAdvisories(analysis, paint),
    renderAssumptions(analysis),
    renderWarnings(analysis, paint),
  ];
  return `${sections.filter((section) => section.length > 0).join('\n\n')}\n`;
}

function renderHeader(analysis: Analysis, paint: ReturnType<typeof painter>): string {
  const name = sanitizeForTerminal(analysis.function.name);
  const sources = analysis.source.detail.map(sanitizeForTerminal).join(', ');
  const window =
    analysis.window.start === null
      ? 'no timestamps'
      : `${analysis.window.start} to ${analysis.window.end} (${formatHours(analysis.window.hours)})`;
  const runtime = analysis.function.runtime === null ? '' : `, ${sanitizeForTerminal(analysis.function.runtime)}`;
  return [
    paint('bold', `${name}: ${analysis.function.currentMemorySizeMb} MB${runtime}, ${analysis.function.architecture}, ${analysis.function.region}`),
    `Source:       ${analysis.source.kind === 'logs' ? 'REPORT logs' : 'AWS'} ${sources}`,
    `Window:       ${window}`,
    `Invocations:  ${invocationsText(analysis)}`,
  ].join('\n');
}

function invocationsText(analysis: Analysis): string {
  const total = analysis.invocations.toLocaleString('en-US');
  const [only] = analysis.observed;
  if (analysis.observed.length === 1 && only !== undefined) return `${total} at ${only.memorySizeMb} MB`;
  const perSize = analysis.observed.map((size) => `${size.memorySizeMb} MB (${size.invocations.toLocaleString('en-US')})`);
  return `${total} at ${perSize.join(', ')}`;
}

function formatHours(hours: number | null): string {
  if (hours === null) return 'unknown span';
  if (hours < 1 / 60) return `${(hours * 3600).toFixed(1)} s`;
  if (hours < 1) return `${(hours * 60).toFixed(1)} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}

function basisText(candidate: Candidate): string {
  if (candidate.kind === 'observed') return `observed n=${candidate.invocations.toLocaleString('en-US')}`;
  const grid = candidate.inGrid ? '' : ', off grid';
  return `projected${grid}`;
}

function statusText(candidate: Candidate, paint: ReturnType<typeof painter>): string {
  const marks: string[] = [];
  if (candidate.isRecommended) marks.push(paint('green', 'RECOMMENDED'));
  if (candidate.isCurrent) marks.push('current');
  if (candidate.viable) {
    if (marks.length === 0) marks.push('viable');
    return marks.join(', ');
  }
  return [...marks, paint('red', candidate.rejections.join('; '))].join(', ');
}

function renderCandidates(analysis: Analysis, options: TableRenderOptions, paint: ReturnType<typeof painter>): string {
  const table = new Table({
    head: ['Memory', 'Basis', 'P50 ms', 'P95 ms [95% CI]', 'P99 ms', 'Billed ms', '$ / 1M inv', '$ / month', 'vs current', 'Headroom', 'Status'],
    colAligns: ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    style: { head: options.color ? ['bold'] : [], border: [], compact: true },
  });
  for (const candidate of analysis.candidates) {
    const memory = `${candidate.memorySizeMb} MB`;
    table.push([
      candidate.isRecommended ? paint('bold', memory) : memory,
      basisText(candidate),
      formatDurationRange(candidate.p50Ms),
      formatP95WithInterval(candidate),
      formatDurationRange(candidate.p99Ms),
      formatDurationRange(candidate.billedMeanMs),
      formatUsdRange(candidate.costPerMillionUsd),
      formatUsdRange(candidate.monthlyCostUsd),
      formatPercentRange(candidate.changeVsCurrentPercent),
      candidate.memoryHeadroomPercent === null ? '—' : `${candidate.memoryHeadroomPercent >= 0 ? '+' : ''}${Math.round(candidate.memoryHeadroomPercent)}%`,
      statusText(candidate, paint),
    ]);
  }
  const heading =
    analysis.assumptions.cpuFraction.value === null
      ? 'P95 justification (ranges are the band from I/O-bound to CPU-bound: the CPU share is unknown)'
      : 'P95 justification';
  return `${heading}\n${table.toString()}`;
}

function renderRecommendation(analysis: Analysis, paint: ReturnType<typeof painter>): string {
  const recommendation = analysis.recommendation;
  const target = recommendation.memorySizeMb === null ? 'no change' : `${recommendation.memorySizeMb} MB`;
  const findingStyle = FINDING_STYLES[recommendation.finding];
  const lines = [
    `${paint('bold', 'Recommendation:')} ${target} (${paint(findingStyle, recommendation.finding)})`,
    recommendation.reason,
  ];
  if (recommendation.monthlySavingsUsd !== null && recommendation.memorySizeMb !== analysis.function.currentMemorySizeMb) {
    lines.push(`${monthlyChangeText(recommendation.monthlySavingsUsd)} at ${formatRate(analysis)}`);
  }
  return lines.join('\n');
}

/** Words a savings range so that a negative saving reads as a cost increase, never as "savings: -$x". */
function monthlyChangeText(savings: Range): string {
  if (savings.low >= 0) return `Monthly savings: ${formatUsdRange(savings)}`;
  if (savings.high <= 0) return `Monthly cost increase: ${formatUsdRange({ low: -savings.high, high: -savings.low })}`;
  return `Monthly cost change: from ${formatUsd(-savings.high)} to ${formatUsd(-savings.low)} (negative is a saving)`;
}

function formatRate(analysis: Analysis): string {
  const rate = analysis.assumptions.invocationsPerMonth;
  if (rate.value === null) return 'an unknown rate';
  const source = rate.source === 'user' ? 'as given' : 'the rate observed in the window';
  return `${Math.round(rate.value).toLocaleString('en-US')} invocations a month (${source})`;
}

function renderObserved(observed: ObservedSize[], options: TableRenderOptions): string {
  const table = new Table({
    head: ['Memory', 'n', 'Mean ms', 'P90 ms', 'Max ms', 'Billed mean', 'Max Memory Used P50/P95/max MB', 'Cold starts', 'Init P50/P95 ms', 'Timeouts', 'Errors', 'OOM'],
    colAligns: ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    style: { head: options.color ? ['bold'] : [], border: [], compact: true },
  });
  for (const size of observed) {
    const memory = size.maxMemoryUsedMb;
    table.push([
      `${size.memorySizeMb} MB`,
      size.invocations.toLocaleString('en-US'),
      formatDurationMs(size.duration.meanMs),
      formatDurationMs(size.duration.p90?.value ?? null),
      formatDurationMs(size.duration.maxMs),
      formatDurationMs(size.billedDurationMeanMs),
      `${formatMb(memory.p50)} / ${formatMb(memory.p95)} / ${formatMb(memory.max)}`,
      size.coldStarts.toLocaleString('en-US'),
      size.initDurationMs === null ? '—' : `${formatDurationMs(size.initDurationMs.p50)} / ${formatDurationMs(size.initDurationMs.p95)}`,
      String(size.timeouts),
      String(size.errors),
      String(size.oomKills),
    ]);
  }
  return `Observed\n${table.toString()}`;
}

function formatMb(value: number | null): string {
  return value === null ? '—' : String(Math.round(value * 10) / 10);
}

function renderAdvisories(analysis: Analysis, paint: ReturnType<typeof painter>): string {
  if (analysis.advisories.length === 0) return '';
  const lines = ['Advisories'];
  for (const advisory of analysis.advisories) {
    const severity = SEVERITY_STYLES[advisory.severity];
    lines.push(`  ${paint(severity, `[${advisory.severity}]`)} ${advisory.code}: ${advisory.title}`);
    lines.push(`      evidence: ${advisory.evidence}`);
    lines.push(`      fix: ${advisory.fix}`);
  }
  return lines.join('\n');
}

function renderAssumptions(analysis: Analysis): string {
  const assumptions = analysis.assumptions;
  const cpu = assumptions.cpuFraction;
  const cpuText = cpu.value === null ? 'unknown (band f = 0..1)' : `${cpu.value.toFixed(2)} at ${cpu.referenceMemoryMb} MB`;
  return [
    'Assumptions',
    `  prices: $${assumptions.pricePerGbSecondUsd} per GB-second, $${(assumptions.pricePerRequestUsd * 1_000_000).toFixed(2)} per 1M requests (${assumptions.priceSource})`,
    `  CPU-bound fraction: ${cpuText}, source ${cpu.source}: ${cpu.detail}`,
    `  memory floor: peak Max Memory Used + ${assumptions.headroomPercent}%; ${assumptions.memoryNote}`,
    `  strategy: ${assumptions.strategy}${assumptions.maxP95Ms === null ? '' : `, SLO P95 ≤ ${formatDurationMs(assumptions.maxP95Ms)} ms`}; costs within 1% tie and the faster size wins`,
    `  percentiles: ${assumptions.percentileDefinition}; intervals are ${Math.round(assumptions.confidenceLevel * 100)}% distribution-free (order statistics)`,
    `  billing: ${assumptions.billingRule}`,
  ].join('\n');
}

function renderWarnings(analysis: Analysis, paint: ReturnType<typeof painter>): string {
  if (analysis.warnings.length === 0) return '';
  return ['Warnings', ...analysis.warnings.map((warning) => `  ${paint('yellow', '!')} ${sanitizeForTerminal(warning)}`)].join('\n');
}

