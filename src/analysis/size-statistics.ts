import type { ObservedSize } from './analysis.js';
import type { MemorySizeObservation } from './observations.js';
import { meanOf, percentileWithInterval, quantileOfSorted, sortedFinite, type PercentileEstimate } from './percentiles.js';

/**
 * The per-invocation arrays of one memory size prepared for projection: durations,
 * the INIT time that today's billing adds on cold starts, and billed time that does not
 * scale with CPU (Billed Restore Duration under SnapStart).
 */
export interface InvocationBasis {
  durationMs: Float64Array;
  initMs: Float64Array;
  fixedBilledMs: Float64Array;
  /** Durations in ascending order, for percentiles. */
  sortedDurationMs: Float64Array;
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
  const sortedDurationMs = sortedFinite(samples.durationMs);
  const sortedMemory = sortedFinite(samples.maxMemoryUsedMb);
  const sortedInit = sortedFinite(samples.initDurationMs);

  const initMs = new Float64Array(count);
  const fixedBilledMs = new Float64Array(count);
  let hundredMsMultiples = 0;
  let billedAboveDuration = 0;
  let coldStartsBilledWithoutInit = 0;
  for (let i = 0; i < count; i++) {
    const duration = samples.durationMs[i] as number;
    const billed = samples.billedDurationMs[i] as number;
    const init = samples.initDurationMs[i] as number;
    if (billed > 0 && billed % 100 === 0) hundredMsMultiples++;
    if (billed - billedMilliseconds(duration) >= 2) billedAboveDuration++;
    if (!Number.isFinite(init)) continue;

    // Today INIT is billed on every runtime, so it joins the cost basis even where the
    // logs predate that rule. The note about it is raised by the engine.
    initMs[i] = init;
    if (Number.isFinite(billed) && billed < billedMilliseconds(duration + init)) {
      coldStartsBilledWithoutInit++;
    }
  }
  const legacyHundredMsBilling = count > 0 && hundredMsMultiples === count && billedAboveDuration > 0;

  // Billed time beyond ceil(Duration + Init) is Billed Restore Duration (SnapStart), which does
  // not scale with CPU. Under legacy 100 ms billing the difference is rounding, not restore time.
  if (!legacyHundredMsBilling) {
    for (let i = 0; i < count; i++) {
      const billed = samples.billedDurationMs[i] as number;
      const expected = billedMilliseconds((samples.durationMs[i] as number) + (initMs[i] as number));
      if (Number.isFinite(billed) && billed - expected >= 1) {
        fixedBilledMs[i] = billed - expected;
      }
    }
  }

  const percentile = (p: number): PercentileEstimate | null =>
    sortedDurationMs.length === 0 ? null : percentileWithInterval(sortedDurationMs, p);
  const memoryQuantile = (p: number): number | null =>
    sortedMemory.length === 0 ? null : quantileOfSorted(sortedMemory, p);
  const billedFinite = sortedFinite(samples.billedDurationMs);

  const summary: ObservedSize = {
    memorySizeMb: observation.memorySizeMb,
    invocations: observation.invocations,
    basis: 'samples',
    duration: {
      p50: percentile(0.5),
      p90: percentile(0.9),
      p95: percentile(0.95),
      p99: percentile(0.99),
      maxMs: sortedDurationMs.length === 0 ? null : (sortedDurationMs[sortedDurationMs.length - 1] as number),
      meanMs: meanOf(sortedDurationMs),
    },
    billedDurationMeanMs: billedFinite.length === 0 ? null : meanOf(billedFinite),
    maxMemoryUsedMb: {
      p50: memoryQuantile(0.5),
      p95: memoryQuantile(0.95),
      max: sortedMemory.length === 0 ? null : (sortedMemory[sortedMemory.length - 1] as number),
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
    basis: { durationMs: samples.durationMs, initMs, fixedBilledMs, sortedDurationMs },
    peakMemoryUsedMb: summary.maxMemoryUsedMb.max,
    coldStartsBilledWithoutInit,
    legacyHundredMsBilling,
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
