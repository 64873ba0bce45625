import type { Analysis, Candidate } from '../../analysis/analysis.js';
import { formatDurationRange, formatP95WithInterval, formatUsdRange } from '../number-format.js';

/**
 * The data the in-page script draws one function's chart from. Arrays are aligned on
 * `memoryMb` (candidates in ascending order of memory). Ranges are split into low and high
 * arrays, and a candidate known exactly has low = high, which draws as a line.
 */
export interface ChartData {
  memoryMb: number[];
  p50Low: (number | null)[];
  p50High: (number | null)[];
  p95Low: (number | null)[];
  p95High: (number | null)[];
  p99Low: (number | null)[];
  p99High: (number | null)[];
  costLow: (number | null)[];
  costHigh: (number | null)[];
  /** P95 at observed sizes, null at projected ones: the points that get confidence-interval whiskers. */
  observedP95: (number | null)[];
  /** Bounds of the P95 confidence interval at observed sizes. Null means open on that side. */
  p95IntervalLower: (number | null)[];
  p95IntervalUpper: (number | null)[];
  /** Whether an observed size has an interval at all (a null interval draws no whisker). */
  hasInterval: boolean[];
  /** Peak Max Memory Used plus the headroom, in MB; null when no size reported memory use. */
  memoryFloorMb: number | null;
  currentMb: number;
  recommendedMb: number | null;
  /** Axis ranges chosen here so that every band and closed interval bound fits. */
  memoryRangeMb: [number, number];
  durationRangeMs: [number, number];
  costRangeUsd: [number, number];
  /** One line per candidate for the hover readout, formatted like the tables. */
  readouts: string[];
}

/** Returns the peak Max Memory Used over all observed sizes plus the headroom, or null when unknown. */
export function memoryFloorMb(analysis: Analysis): number | null {
  const peaks = analysis.observed
    .map((size) => size.maxMemoryUsedMb.max)
    .filter((peak): peak is number => peak !== null && Number.isFinite(peak));
  if (peaks.length === 0) return null;
  return Math.max(...peaks) * (1 + analysis.assumptions.headroomPercent / 100);
}

export function buildChartData(analysis: Analysis): ChartData {
  const candidates = [...analysis.candidates].sort((a, b) => a.memorySizeMb - b.memorySizeMb);
  const floor = memoryFloorMb(analysis);

  const observedP95 = candidates.map((candidate) => (candidate.kind === 'observed' ? finite(candidate.p95Ms.low) : null));
  const intervalOf = (candidate: Candidate) => (candidate.kind === 'observed' ? candidate.p95Interval : null);
  const p95IntervalLower = candidates.map((candidate) => finite(intervalOf(candidate)?.lower ?? null));
  const p95IntervalUpper = candidates.map((candidate) => finite(intervalOf(candidate)?.upper ?? null));

  const durations = candidates.flatMap((candidate) => [
    candidate.p50Ms.low,
    candidate.p50Ms.high,
    candidate.p95Ms.low,
    candidate.p95Ms.high,
    candidate.p99Ms.low,
    candidate.p99Ms.high,
  ]);
  const costs = candidates.flatMap((candidate) => [candidate.costPerMillionUsd.low, candidate.costPerMillionUsd.high]);
  const memory = candidates.map((candidate) => candidate.memorySizeMb);
  const memoryExtent = [...memory, analysis.function.currentMemorySizeMb, ...(floor === null ? [] : [floor])];

  return {
    memoryMb: memory,
    p50Low: candidates.map((candidate) => finite(candidate.p50Ms.low)),
    p50High: candidates.map((candidate) => finite(candidate.p50Ms.high)),
    p95Low: candidates.map((candidate) => finite(candidate.p95Ms.low)),
    p95High: candidates.map((candidate) => finite(candidate.p95Ms.high)),
    p99Low: candidates.map((candidate) => finite(candidate.p99Ms.low)),
    p99High: candidates.map((candidate) => finite(candidate.p99Ms.high)),
    costLow: candidates.map((candidate) => finite(candidate.costPerMillionUsd.low)),
    costHigh: candidates.map((candidate) => finite(candidate.costPerMillionUsd.high)),
    observedP95,
    p95IntervalLower,
    p95IntervalUpper,
    hasInterval: candidates.map((candidate) => intervalOf(candidate) !== null),
    memoryFloorMb: floor,
    currentMb: analysis.function.currentMemorySizeMb,
    recommendedMb: analysis.recommendation.memorySizeMb,
    // The memory axis is log2, so a factor of 1.2 is the same padding at both ends.
    memoryRangeMb: [Math.min(...memoryExtent) / 1.2, Math.max(...memoryExtent) * 1.2],
    durationRangeMs: paddedRange([...durations, ...p95IntervalLower, ...p95IntervalUpper]),
    costRangeUsd: paddedRange(costs),
    readouts: candidates.map(readout),
  };
}

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/** Returns [min, max] of the finite values widened by 8% of the span (10% of the value for a single point), never below 0. */
function paddedRange(values: (number | null)[]): [number, number] {
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (known.length === 0) return [0, 1];
  const min = Math.min(...known);
  const max = Math.max(...known);
  const padding = max > min ? (max - min) * 0.08 : Math.max(Math.abs(max) * 0.1, 1e-6);
  return [Math.max(0, min - padding), max + padding];
}

function readout(candidate: Candidate): string {
  const basis =
    candidate.kind === 'observed'
      ? `observed, n=${candidate.invocations.toLocaleString('en-US')}`
      : `projected from ${candidate.projectedFromMb ?? '?'} MB`;
  const marks = [candidate.isRecommended ? 'recommended' : '', candidate.isCurrent ? 'current' : ''].filter(Boolean);
  return [
    `${candidate.memorySizeMb} MB (${basis}${marks.length > 0 ? `, ${marks.join(', ')}` : ''})`,
    `P50 ${formatDurationRange(candidate.p50Ms)} ms`,
    `P95 ${formatP95WithInterval(candidate)} ms`,
    `P99 ${formatDurationRange(candidate.p99Ms)} ms`,
    `${formatUsdRange(candidate.costPerMillionUsd)} per 1M invocations`,
    candidate.viable ? 'viable' : `not viable: ${candidate.rejections.join('; ')}`,
  ].join(' · ');
}
