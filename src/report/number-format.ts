import type { Candidate, Range } from '../analysis/analysis.js';

/** Formats a duration in ms: two decimals below 10 ms, one below 1,000 ms, whole numbers above. */
export function formatDurationMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 10) return ms.toFixed(2);
  if (ms < 1000) return ms.toFixed(1);
  return Math.round(ms).toLocaleString('en-US');
}

export function formatDurationRange(range: Range): string {
  if (!Number.isFinite(range.low)) return '—';
  if (isPoint(range)) return formatDurationMs(range.low);
  return `${formatDurationMs(range.low)}–${formatDurationMs(range.high)}`;
}

/** Formats USD with cents, or with four significant digits below one cent. */
export function formatUsd(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return '—';
  const sign = usd < 0 ? '-' : '';
  const magnitude = Math.abs(usd);
  if (magnitude > 0 && magnitude < 0.01) return `${sign}$${magnitude.toPrecision(2)}`;
  return `${sign}$${magnitude.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function formatUsdRange(range: Range | null): string {
  if (range === null) return '—';
  if (isPoint(range, 0.005)) return formatUsd(range.low);
  return `${formatUsd(range.low)}–${formatUsd(range.high)}`;
}

export function formatPercent(value: number): string {
  const rounded = Math.abs(value) < 0.05 ? 0 : value;
  return `${rounded > 0 ? '+' : ''}${rounded.toFixed(1)}%`;
}

export function formatPercentRange(range: Range | null): string {
  if (range === null) return '—';
  if (isPoint(range, 0.05)) return formatPercent(range.low);
  return `${formatPercent(range.low)}…${formatPercent(range.high)}`;
}

function isPoint(range: Range, tolerance = 1e-9): boolean {
  return Math.abs(range.high - range.low) <= tolerance;
}

/** Formats P95 with its 95% confidence interval, as every report shows it: an open bound prints as "…". */
export function formatP95WithInterval(candidate: Candidate): string {
  const value = formatDurationRange(candidate.p95Ms);
  const interval = candidate.p95Interval;
  if (interval === null) return value;
  const lower = interval.lower === null ? '…' : formatDurationMs(interval.lower);
  const upper = interval.upper === null ? '…' : formatDurationMs(interval.upper);
  return `${value} [${lower}, ${upper}]`;
}
