import type { Candidate, Range } from './analysis.js';
import { cpuFractionAt, ONE_VCPU_MEMORY_MB } from './duration-model.js';
import { LAMBDA_MAX_MEMORY_MB, LAMBDA_MIN_MEMORY_MB, TIMEOUT_SAFETY_SHARE, type AnalysisOptions } from './options.js';
import type { ResolvedPrices } from './pricing.js';
import { projectSize, type Projection } from './projection.js';
import type { SizeStatistics } from './size-statistics.js';

/** The candidate grid: an explicit list, or min..max in steps, plus every observed size and the current one. */
export function candidateGrid(options: AnalysisOptions, observedSizesMb: number[], currentMb: number): number[] {
  const sizes = new Set<number>();
  if (options.candidateSizesMb !== null) {
    for (const size of options.candidateSizesMb) sizes.add(size);
  } else {
    for (let size = options.minMemoryMb; size <= options.maxMemoryMb; size += options.stepMb) sizes.add(size);
  }
  for (const size of observedSizesMb) sizes.add(size);
  sizes.add(currentMb);
  return [...sizes].filter((size) => size >= LAMBDA_MIN_MEMORY_MB && size <= LAMBDA_MAX_MEMORY_MB).sort((a, b) => a - b);
}

/** What the engine knows when it evaluates candidates. */
export interface EvaluationContext {
  sizes: SizeStatistics[];
  /** CPU-bound fractions to evaluate: one known value, or [0, 1] for the band. */
  cpuFractions: number[];
  /** The size whose samples are projected when a candidate was not observed. */
  referenceMemoryMb: number;
  currentMemoryMb: number;
  prices: ResolvedPrices;
  options: AnalysisOptions;
  memoryFloorMb: number | null;
  peakMemoryUsedMb: number | null;
  /** Sizes at or below this had an OOM kill. */
  oomCeilingMb: number | null;
  timeoutSeconds: number | null;
  invocationsPerMonth: number | null;
}

/** A candidate under evaluation, with the per-fraction projections the choice needs. */
export interface EvaluatedCandidate {
  row: Candidate;
  /** One projection per entry of `cpuFractions`. */
  projections: Projection[];
}

/** Picks the observed size to project from: the nearest in CPU share, then the one with more invocations. */
function basisFor(targetMb: number, context: EvaluationContext): SizeStatistics {
  const reference = context.sizes.find((size) => size.summary.memorySizeMb === context.referenceMemoryMb);
  if (context.cpuFractions.length > 1 && reference !== undefined) {
    return reference;
  }
  const share = (mb: number): number => Math.min(mb, ONE_VCPU_MEMORY_MB);
  // analyzeFunction never evaluates candidates without an observed size.
  let best = reference ?? context.sizes[0]!;
  for (const size of context.sizes) {
    if (size.basis === null && size.summary.duration.p95 === null) continue;
    const distance = Math.abs(share(size.summary.memorySizeMb) - share(targetMb));
    const bestDistance = Math.abs(share(best.summary.memorySizeMb) - share(targetMb));
    if (distance < bestDistance || (distance === bestDistance && size.summary.invocations > best.summary.invocations)) {
      best = size;
    }
  }
  return best;
}

function rangeOf(values: number[]): Range {
  return { low: Math.min(...values), high: Math.max(...values) };
}

/** Evaluates one memory size: observed when the function ran at it, projected otherwise. */
export function evaluateCandidate(memoryMb: number, inGrid: boolean, context: EvaluationContext): EvaluatedCandidate {
  const observed = context.sizes.find((size) => size.summary.memorySizeMb === memoryMb && size.summary.duration.p95 !== null);
  const basis = observed ?? basisFor(memoryMb, context);
  // An observed size needs no model, so every fraction gives the same figures there.
  // The fraction is known at the reference size; the basis may be another observed size.
  const fractions =
    observed === undefined
      ? context.cpuFractions.map((fraction) => cpuFractionAt(fraction, context.referenceMemoryMb, basis.summary.memorySizeMb))
      : [0];
  const projections = fractions.map((fraction) => projectSize(basis, memoryMb, fraction, context.prices));
  const allProjections = observed === undefined ? projections : context.cpuFractions.map(() => projections[0] as Projection);

  const perMillion = allProjections.map((projection) => projection.costPerInvocationUsd * 1_000_000);
  const first = allProjections[0] as Projection;
  const lowerBounds = allProjections.map((projection) => projection.p95Lower);
  const upperBounds = allProjections.map((projection) => projection.p95Upper);
  const p95Interval =
    first.p95Lower === null && first.p95Upper === null
      ? null
      : {
          lower: lowerBounds.some((value) => value === null) ? null : Math.min(...(lowerBounds as number[])),
          upper: upperBounds.some((value) => value === null) ? null : Math.max(...(upperBounds as number[])),
        };

  const row: Candidate = {
    memorySizeMb: memoryMb,
    kind: observed === undefined ? 'projected' : 'observed',
    inGrid,
    invocations: basis.summary.invocations,
    projectedFromMb: observed === undefined ? basis.summary.memorySizeMb : null,
    p50Ms: rangeOf(allProjections.map((projection) => projection.p50Ms)),
    p95Ms: rangeOf(allProjections.map((projection) => projection.p95Ms)),
    p99Ms: rangeOf(allProjections.map((projection) => projection.p99Ms)),
    p95Interval,
    billedMeanMs: rangeOf(allProjections.map((projection) => projection.billedMeanMs)),
    costPerMillionUsd: rangeOf(perMillion),
    monthlyCostUsd:
      context.invocationsPerMonth === null
        ? null
        : rangeOf(perMillion.map((cost) => (cost * (context.invocationsPerMonth as number)) / 1_000_000)),
    changeVsCurrentPercent: null,
    memoryHeadroomPercent:
      context.peakMemoryUsedMb === null || context.peakMemoryUsedMb <= 0
        ? null
        : (memoryMb / context.peakMemoryUsedMb - 1) * 100,
    viable: true,
    rejections: [],
    isCurrent: memoryMb === context.currentMemoryMb,
    isRecommended: false,
  };
  row.rejections = rejectionsFor(row, context);
  row.viable = row.rejections.length === 0;
  return { row, projections: allProjections };
}

/** Lists why a candidate cannot be recommended: memory, OOM history, SLO, timeout. */
function rejectionsFor(row: Candidate, context: EvaluationContext): string[] {
  const rejections: string[] = [];
  if (context.memoryFloorMb !== null && row.memorySizeMb < context.memoryFloorMb) {
    rejections.push(
      `below memory floor ${Math.ceil(context.memoryFloorMb)} MB (peak ${context.peakMemoryUsedMb} MB + ${context.options.headroomPercent}%)`,
    );
  }
  if (context.oomCeilingMb !== null && row.memorySizeMb <= context.oomCeilingMb) {
    rejections.push(`OOM kill observed at ${context.oomCeilingMb} MB`);
  }
  if (context.options.maxP95Ms !== null && row.p95Ms.high > context.options.maxP95Ms) {
    rejections.push(`P95 ${formatMs(row.p95Ms.high)} over the ${formatMs(context.options.maxP95Ms)} SLO`);
  }
  if (context.timeoutSeconds !== null && row.p99Ms.high > context.timeoutSeconds * 1000 * TIMEOUT_SAFETY_SHARE) {
    rejections.push(`P99 ${formatMs(row.p99Ms.high)} near the ${context.timeoutSeconds} s timeout`);
  }
  return rejections;
}

/** Formats milliseconds for messages: one decimal below 100 ms, whole numbers above. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  return ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms).toLocaleString('en-US')} ms`;
}
