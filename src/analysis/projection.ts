import { durationScale } from './duration-model.js';
import { invocationCostUsd, type ResolvedPrices } from './pricing.js';
import { billedMilliseconds, type SizeStatistics } from './size-statistics.js';

/** The model's figures for one memory size under one CPU-bound fraction. */
export interface Projection {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  p95Lower: number | null;
  p95Upper: number | null;
  billedMeanMs: number;
  costPerInvocationUsd: number;
}

/**
 * Projects the invocations observed at `basis` to `targetMb` with CPU-bound fraction `cpuFraction`.
 *
 * With samples, every invocation is scaled and its billed duration rounded up to the next
 * 1 ms before costing, because for 5 ms functions the rounding is a large part of the bill.
 * Percentiles scale exactly, since the model multiplies every duration by the same factor.
 * With only summary statistics, the mean billed duration is estimated as the scaled mean
 * plus 0.5 ms of average rounding.
 */
export function projectSize(
  basis: SizeStatistics,
  targetMb: number,
  cpuFraction: number,
  prices: ResolvedPrices,
): Projection {
  const scale = durationScale(cpuFraction, basis.summary.memorySizeMb, targetMb);
  const duration = basis.summary.duration;
  const scaled = (value: number | null | undefined): number => (value ?? Number.NaN) * scale;
  const scaledOrNull = (value: number | null | undefined): number | null =>
    value === null || value === undefined ? null : value * scale;

  const billedMeanMs = basis.basis === null ? estimateBilledMeanFromSummary(basis, scale) : billedMeanFromSamples(basis, scale);

  return {
    p50Ms: scaled(duration.p50?.value),
    p95Ms: scaled(duration.p95?.value),
    p99Ms: scaled(duration.p99?.value),
    p95Lower: scaledOrNull(duration.p95?.lower),
    p95Upper: scaledOrNull(duration.p95?.upper),
    billedMeanMs,
    costPerInvocationUsd: invocationCostUsd(billedMeanMs, targetMb, prices),
  };
}

function billedMeanFromSamples(statistics: SizeStatistics, scale: number): number {
  const basis = statistics.basis!;
  const count = basis.durationMs.length;
  if (count === 0) return Number.NaN;

  // NOTE: INIT time is scaled like handler time. Whether the INIT phase gets the same CPU
  // share as the handler is not documented, so projections to smaller sizes may overstate it.
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const stretched = ((basis.durationMs[i] as number) + (basis.initMs[i] as number)) * scale;
    sum += billedMilliseconds(stretched) + (basis.fixedBilledMs[i] as number);
  }
  return sum / count;
}

function estimateBilledMeanFromSummary(statistics: SizeStatistics, scale: number): number {
  const summary = statistics.summary;
  if (scale === 1 && summary.billedDurationMeanMs !== null) {
    return summary.billedDurationMeanMs;
  }
  const coldShare = summary.invocations > 0 ? summary.coldStarts / summary.invocations : 0;
  const initMeanMs = summary.initDurationMs?.p50 ?? 0;
  return (summary.duration.meanMs + coldShare * initMeanMs) * scale + 0.5;
}
