import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { denseFromSparse, type FunctionObservations, type MemorySizeObservation } from '../../src/analysis/observations.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

export function reportFixture(name: string): string {
  return join(FIXTURES, 'reports', name);
}

export function insightsFixture(name: string): string {
  return join(FIXTURES, 'logs-insights', name);
}

export function fixtureText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Returns the observation at one memory size, failing the test when it is missing. */
export function sizeOf(observations: FunctionObservations, memorySizeMb: number): MemorySizeObservation {
  const size = observations.sizes.find((entry) => entry.memorySizeMb === memorySizeMb);
  if (size === undefined) throw new Error(`no observation at ${memorySizeMb} MB`);
  return size;
}

/** Returns one sample column as a plain array, for toEqual comparisons. */
export function column(size: MemorySizeObservation, name: keyof NonNullable<MemorySizeObservation['samples']>): number[] {
  const samples = size.samples;
  if (samples === undefined) throw new Error(`no samples at ${size.memorySizeMb} MB`);
  // Sparse and absent columns read back as one value per invocation, NaN where there is none.
  if (name === 'initDurationMs') return Array.from(denseFromSparse(samples.initDurationMs, samples.durationMs.length));
  if (name === 'timestampMs' && samples.timestampMs.length === 0) return Array.from({ length: samples.durationMs.length }, () => Number.NaN);
  return Array.from(samples[name]);
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
