import { durationScale } from './duration-model.js';
import { invocationCostUsd, type ResolvedPrices } from './pricing.js';
import { billedMilliseconds, type InvocationBasis, type SizeStatistics } from './size-statistics.js';

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

/**
 * Returns the mean billed duration after scaling every invocation and rounding it up to
 * the next 1 ms. Equal durations are costed once from the sorted durations, then the
 * invocations with INIT or fixed billed time are corrected one by one. Every term is a
 * whole number of ms, so the sum is exact in any order and equals a per-invocation loop.
 */
function billedMeanFromSamples(statistics: SizeStatistics, scale: number): number {
  const basis = statistics.basis!;
  const count = basis.durationMs.length;
  if (count === 0) return Number.NaN;
  const sorted = basis.sortedDurationMs;
  const wholeFixed = basis.extraFixedBilledMs.every((value) => Number.isInteger(value));
  if (sorted.length !== count || !wholeFixed) return billedMeanByInvocation(basis, scale);

  let sum = 0;
  let start = 0;
  for (let run = 0; run < sorted.values.length; run++) {
    const end = sorted.ends[run] as number;
    sum += (end - start) * billedMilliseconds((sorted.values[run] as number) * scale);
    start = end;
  }

  // NOTE: INIT time is scaled like handler time. Whether the INIT phase gets the same CPU
  // share as the handler is not documented, so projections to smaller sizes may overstate it.
  for (let k = 0; k < basis.extraIndexes.length; k++) {
    const duration = basis.durationMs[basis.extraIndexes[k] as number] as number;
    const init = basis.extraInitMs[k] as number;
    sum += billedMilliseconds((duration + init) * scale) + (basis.extraFixedBilledMs[k] as number) - billedMilliseconds(duration * scale);
  }
  return sum / count;
}

/** Sums billed time invocation by invocation, for samples with non-finite durations or fractional fixed billed time. */
function billedMeanByInvocation(basis: InvocationBasis, scale: number): number {
  const count = basis.durationMs.length;
  let sum = 0;
  let k = 0;
  for (let i = 0; i < count; i++) {
    let init = 0;
    let fixed = 0;
    if (basis.extraIndexes[k] === i) {
      init = basis.extraInitMs[k] as number;
      fixed = basis.extraFixedBilledMs[k] as number;
      k++;
    }
    sum += billedMilliseconds(((basis.durationMs[i] as number) + init) * scale) + fixed;
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
