import type { ObservedSize } from './analysis.js';
import type { MemorySizeObservation } from './observations.js';
import {
  meanOfFinite,
  meanOfSorted,
  percentileWithInterval,
  quantileOfSorted,
  sortedCopy,
  sortedFinite,
  sortedSample,
  type PercentileEstimate,
  type SortedSample,
} from './percentiles.js';

/**
 * Per-invocation arrays of one memory size, prepared for projection. Besides the
 * durations, only the few invocations with extra billed time are listed: the INIT time
 * that today's billing adds on cold starts, and billed time that does not scale with CPU
 * (Billed Restore Duration under SnapStart).
 */
export interface InvocationBasis {
  durationMs: Float64Array;
  /** Finite durations in ascending order, as runs of equal values, for percentiles and for costing equal durations once. */
  sortedDurationMs: SortedSample;
  /** Ascending indexes of the invocations with INIT time or fixed billed time. */
  extraIndexes: Uint32Array;
  /** INIT time per entry of `extraIndexes`, 0 when there is none. */
  extraInitMs: Float64Array;
  /** Billed time that does not scale, per entry of `extraIndexes`, 0 when there is none. */
  extraFixedBilledMs: Float64Array;
}

/** Everything the engine derives from one observed memory size. */
export interface SizeStatistics {
  observation: MemorySizeObservation;
  summary: ObservedSize;
  /** Present when the source gave per-invocation samples. */
  basis: InvocationBasis | null;
  peakMemoryUsedMb: number | null;
  /** Cold starts whose Billed Duration did not include INIT (logs from before INIT was billed). */
  coldStartsBilledWithoutInit: number;
  /** Whether Billed Duration follows the 100 ms rounding in force before December 2020. */
  legacyHundredMsBilling: boolean;
}

/**
 * Rounds a duration up to the next whole millisecond, as Lambda bills it.
 * The sum is first rounded to 1 µs so that 4.80 + 57.20 = 62.000000000000007 bills 62 ms, not 63.
 */
export function billedMilliseconds(durationMs: number): number {
  return Math.ceil(Math.round(durationMs * 1000) / 1000);
}

export function summarizeSize(observation: MemorySizeObservation): SizeStatistics {
  return observation.samples === undefined ? summarizeFromSummary(observation) : summarizeFromSamples(observation);
}

function summarizeFromSamples(observation: MemorySizeObservation): SizeStatistics {
  const samples = observation.samples!;
  const count = samples.durationMs.length;
  const sortedDurationMs = sortedSample(samples.durationMs);
  const sortedMemory = sortedCopy(samples.maxMemoryUsedMb);
  const sortedInit = sortedFinite(samples.initDurationMs.valuesMs);

  let hundredMsMultiples = 0;
  let billedAboveDuration = 0;
  let coldStartsBilledWithoutInit = 0;
  const inits = samples.initDurationMs;
  let next = 0;
  for (let i = 0; i < count; i++) {
    const duration = samples.durationMs[i] as number;
    const billed = samples.billedDurationMs[i] as number;
    let init = Number.NaN;
    if (inits.indexes[next] === i) init = inits.valuesMs[next++] as number;
    if (billed > 0 && billed % 100 === 0) hundredMsMultiples++;
    if (billed - billedMilliseconds(duration) >= 2) billedAboveDuration++;
    if (!Number.isFinite(init)) continue;

    // Today INIT is billed on every runtime, so it joins the cost basis even where the
    // logs predate that rule. The note about it is raised by the engine.
    if (Number.isFinite(billed) && billed < billedMilliseconds(duration + init)) {
      coldStartsBilledWithoutInit++;
    }
  }
  const legacyHundredMsBilling = count > 0 && hundredMsMultiples === count && billedAboveDuration > 0;
  const extras = extraBilling(samples, legacyHundredMsBilling);

  const percentile = (p: number): PercentileEstimate | null =>
    sortedDurationMs.length === 0 ? null : percentileWithInterval(sortedDurationMs, p);
  const memoryQuantile = (p: number): number | null =>
    sortedMemory.length === 0 ? null : quantileOfSorted(sortedMemory, p);
  const billedMeanMs = meanOfFinite(samples.billedDurationMs);

  const summary: ObservedSize = {
    memorySizeMb: observation.memorySizeMb,
    invocations: observation.invocations,
    basis: 'samples',
    duration: {
      p50: percentile(0.5),
      p90: percentile(0.9),
      p95: percentile(0.95),
      p99: percentile(0.99),
      maxMs: sortedDurationMs.length === 0 ? null : (sortedDurationMs.at(sortedDurationMs.length - 1) as number),
      meanMs: meanOfSorted(sortedDurationMs),
    },
    billedDurationMeanMs: Number.isNaN(billedMeanMs) ? null : billedMeanMs,
    maxMemoryUsedMb: {
      p50: memoryQuantile(0.5),
      p95: memoryQuantile(0.95),
      max: sortedMemory.length === 0 ? null : (sortedMemory.at(sortedMemory.length - 1) as number),
    },
    coldStarts: observation.coldStarts,
    initDurationMs:
      sortedInit.length === 0
        ? null
        : { p50: quantileOfSorted(sortedInit, 0.5), p95: quantileOfSorted(sortedInit, 0.95) },
    timeouts: observation.timeouts,
    errors: observation.errors,
    oomKills: observation.oomKills,
  };

  return {
    observation,
    summary,
    basis: { durationMs: samples.durationMs, sortedDurationMs, ...extras },
    peakMemoryUsedMb: summary.maxMemoryUsedMb.max,
    coldStartsBilledWithoutInit,
    legacyHundredMsBilling,
  };
}

/**
 * Collects the invocations whose billing has a part besides their Duration: INIT on cold
 * starts, and billed time beyond ceil(Duration + Init), which is Billed Restore Duration
 * (SnapStart) and does not scale with CPU. Under legacy 100 ms billing that difference is
 * rounding, not restore time, so it is left out.
 */
function extraBilling(
  samples: NonNullable<MemorySizeObservation['samples']>,
  legacyHundredMsBilling: boolean,
): Pick<InvocationBasis, 'extraIndexes' | 'extraInitMs' | 'extraFixedBilledMs'> {
  const indexes: number[] = [];
  const initValues: number[] = [];
  const fixedValues: number[] = [];
  const inits = samples.initDurationMs;
  let next = 0;
  for (let i = 0; i < samples.durationMs.length; i++) {
    let rawInit = Number.NaN;
    if (inits.indexes[next] === i) rawInit = inits.valuesMs[next++] as number;
    const init = Number.isFinite(rawInit) ? rawInit : 0;
    let fixed = 0;
    if (!legacyHundredMsBilling) {
      const billed = samples.billedDurationMs[i] as number;
      const expected = billedMilliseconds((samples.durationMs[i] as number) + init);
      if (Number.isFinite(billed) && billed - expected >= 1) fixed = billed - expected;
    }
    if (init === 0 && fixed === 0) continue;
    indexes.push(i);
    initValues.push(init);
    fixedValues.push(fixed);
  }
  return {
    extraIndexes: Uint32Array.from(indexes),
    extraInitMs: Float64Array.from(initValues),
    extraFixedBilledMs: Float64Array.from(fixedValues),
  };
}

function summarizeFromSummary(observation: MemorySizeObservation): SizeStatistics {
  const duration = observation.durationSummary;
  const point = (value: number | undefined): PercentileEstimate | null =>
    value === undefined ? null : { value, lower: null, upper: null };
  const memory = observation.memoryUsedSummary;

  const summary: ObservedSize = {
    memorySizeMb: observation.memorySizeMb,
    invocations: observation.invocations,
    basis: 'summary',
    duration: {
      p50: point(duration?.p50Ms),
      p90: point(duration?.p90Ms),
      p95: point(duration?.p95Ms),
      p99: point(duration?.p99Ms),
      maxMs: duration?.maxMs ?? null,
      meanMs: duration?.meanMs ?? Number.NaN,
    },
    billedDurationMeanMs: duration?.billedMeanMs ?? null,
    maxMemoryUsedMb: { p50: memory?.p50Mb ?? null, p95: memory?.p95Mb ?? null, max: memory?.maxMb ?? null },
    coldStarts: observation.coldStarts,
    initDurationMs: observation.initDurationSummary
      ? { p50: observation.initDurationSummary.p50Ms, p95: observation.initDurationSummary.p95Ms }
      : null,
    timeouts: observation.timeouts,
    errors: observation.errors,
    oomKills: observation.oomKills,
  };

  return {
    observation,
    summary,
    basis: null,
    peakMemoryUsedMb: memory?.maxMb ?? null,
    coldStartsBilledWithoutInit: 0,
    legacyHundredMsBilling: false,
  };
}
