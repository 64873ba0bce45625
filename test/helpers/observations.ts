import { sparseFromDense, type FunctionObservations, type MemorySizeObservation } from '../../src/analysis/observations.js';

export interface SizeSpec {
  memorySizeMb: number;
  durationsMs: number[];
  /** Defaults to ceil(duration + init). */
  billedMs?: number[];
  initMs?: (number | undefined)[];
  maxMemoryUsedMb?: number;
  oomKills?: number;
  timeouts?: number;
  timestampsMs?: number[];
}

/** Builds observations for engine tests from plain arrays. */
export function sizeObservation(spec: SizeSpec): MemorySizeObservation {
  const count = spec.durationsMs.length;
  const init = Float64Array.from({ length: count }, (_, i) => spec.initMs?.[i] ?? Number.NaN);
  const billed = Float64Array.from(
    { length: count },
    (_, i) => spec.billedMs?.[i] ?? Math.ceil(Math.round((spec.durationsMs[i]! + (Number.isNaN(init[i]!) ? 0 : init[i]!)) * 1000) / 1000),
  );
  const timestamps = Float64Array.from({ length: count }, (_, i) => spec.timestampsMs?.[i] ?? Number.NaN);
  return {
    memorySizeMb: spec.memorySizeMb,
    invocations: count,
    samples: {
      durationMs: Float64Array.from(spec.durationsMs),
      billedDurationMs: billed,
      initDurationMs: sparseFromDense(init),
      maxMemoryUsedMb: new Float64Array(count).fill(spec.maxMemoryUsedMb ?? 40),
      timestampMs: timestamps,
    },
    coldStarts: [...init].filter((value) => !Number.isNaN(value)).length,
    timeouts: spec.timeouts ?? 0,
    errors: 0,
    oomKills: spec.oomKills ?? 0,
    extensionOverheadMsTotal: 0,
    extensionOverheadCount: 0,
  };
}

export function functionObservations(
  sizes: SizeSpec[],
  extra: Partial<FunctionObservations> & { currentMemoryMb?: number } = {},
): FunctionObservations {
  const { currentMemoryMb, ...rest } = extra;
  return {
    configuration: { functionName: 'orders-api', memorySizeMb: currentMemoryMb ?? sizes[sizes.length - 1]!.memorySizeMb },
    source: { kind: 'logs', detail: ['test'] },
    sizes: sizes.map(sizeObservation).sort((a, b) => a.memorySizeMb - b.memorySizeMb),
    unattributedTimeouts: 0,
    unattributedOomKills: 0,
    telemetryNotes: [],
    ...rest,
  };
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
