import { describe, expect, it } from 'vitest';

import { denseFromSparse, sparseFromDense, sparseValueAt } from '../../src/analysis/observations.js';
import { timedOutMask } from '../../src/analysis/advisories/shared.js';
import { meanOf, meanOfSorted, quantileOfSorted, sortedCopy, sortedFinite, sortedSample } from '../../src/analysis/percentiles.js';
import { InvocationCollector, type InvocationRecord } from '../../src/sources/invocations.js';
import { sizeObservation } from '../helpers/observations.js';

const METADATA = { functionName: 'orders-api', source: { kind: 'logs' as const, detail: ['test'] } };

function record(overrides: Partial<InvocationRecord>): InvocationRecord {
  return { durationMs: 10, billedDurationMs: 10, memorySizeMb: 512, maxMemoryUsedMb: 80, status: 'success', ...overrides };
}

/** Collects `records` and returns the samples of the one size they share. */
function collect(records: InvocationRecord[]) {
  const collector = new InvocationCollector();
  records.forEach((invocation, i) => collector.add({ requestId: `request-${i}`, ...invocation }));
  const size = collector.build(METADATA).sizes[0]!;
  return size.samples!;
}

describe('sparse samples', () => {
  it('round-trip through dense arrays', () => {
    const dense = [Number.NaN, 646.33, Number.NaN, Number.NaN, 0, 1488.71];
    const sparse = sparseFromDense(dense);

    expect([...sparse.indexes]).toEqual([1, 4, 5]);
    expect([...sparse.valuesMs]).toEqual([646.33, 0, 1488.71]);
    expect([...denseFromSparse(sparse, dense.length)]).toEqual(dense);
    expect(dense.map((_, i) => sparseValueAt(sparse, i))).toEqual(dense);
  });

  it('read NaN outside the stored indexes', () => {
    const sparse = sparseFromDense([Number.NaN, 5]);

    expect(sparseValueAt(sparse, 2)).toBeNaN();
    expect(sparseValueAt(sparseFromDense([]), 0)).toBeNaN();
  });
});

describe('InvocationCollector columns', () => {
  it('keep Init Duration of cold starts only', () => {
    const samples = collect([record({}), record({ initDurationMs: 233.05 }), record({}), record({ initDurationMs: 0.01 })]);

    expect([...samples.initDurationMs.indexes]).toEqual([1, 3]);
    expect([...samples.initDurationMs.valuesMs]).toEqual([233.05, 0.01]);
  });

  it('store no timestamps when no invocation has one', () => {
    const samples = collect([record({}), record({})]);

    expect(samples.timestampMs).toHaveLength(0);
  });

  it('keep NaN for invocations before the first timestamp', () => {
    const samples = collect([record({}), record({ timestampMs: 1751362000000 })]);

    expect([...samples.timestampMs]).toEqual([Number.NaN, 1751362000000]);
  });

  it('read back durations with two decimals exactly', () => {
    const durations = [0.01, 0.29, 162.81, 2894.13, 42949672.95, 899999.99, 0];
    const samples = collect(durations.map((durationMs) => record({ durationMs })));

    expect(samples.durationMs).toBeInstanceOf(Float64Array);
    expect([...samples.durationMs]).toEqual(durations);
  });

  it('read back durations that hundredths cannot hold', () => {
    // Three decimals, a value above the uint32 range of hundredths, negative zero and 1e-7.
    const durations = [12.5, 463.512, 42949672.96, -0, 1e-7, 7.25];
    const samples = collect(durations.map((durationMs) => record({ durationMs })));

    expect([...samples.durationMs]).toEqual(durations);
    expect(Object.is(samples.durationMs[3], -0)).toBe(true);
  });

  it('widen Billed Duration from uint16 to uint32 to float64', () => {
    const billed = [163, 65535, 65536, 900000];
    const wide = collect(billed.map((billedDurationMs) => record({ billedDurationMs })));
    expect(wide.billedDurationMs).toBeInstanceOf(Uint32Array);
    expect([...wide.billedDurationMs]).toEqual(billed);

    const fractional = [...billed, 12.5];
    const float = collect(fractional.map((billedDurationMs) => record({ billedDurationMs })));
    expect(float.billedDurationMs).toBeInstanceOf(Float64Array);
    expect([...float.billedDurationMs]).toEqual(fractional);
  });

  it('find marks by request id across table growth', () => {
    const collector = new InvocationCollector();
    const count = 5000;
    for (let i = 0; i < count; i++) collector.add(record({ requestId: `request-${i}` }));
    collector.markTimeout('request-4321');
    collector.markTimeout('request-7');
    const duplicate = collector.add(record({ requestId: 'request-2500' }));

    const size = collector.build(METADATA).sizes[0]!;
    expect(duplicate).toBe(-1);
    expect(size.invocations).toBe(count);
    expect(size.timeouts).toBe(2);
  });
});

describe('InvocationCollector statuses', () => {
  it('count marks per size beyond 32 sizes', () => {
    const collector = new InvocationCollector();
    const sizes = Array.from({ length: 40 }, (_, k) => 128 + 64 * k);
    sizes.forEach((memorySizeMb) => collector.add(record({ requestId: `request-${memorySizeMb}`, memorySizeMb })));
    collector.markTimeout('request-2560');
    collector.markOom('request-2560');
    collector.markTimeout('request-2624');
    collector.add(record({ requestId: 'late', memorySizeMb: 2624, status: 'error' }));

    const observations = collector.build(METADATA);
    const at = (memorySizeMb: number) => observations.sizes.find((size) => size.memorySizeMb === memorySizeMb)!;
    expect(at(2560).oomKills).toBe(1);
    expect(at(2560).timeouts).toBe(0);
    expect(at(2624).timeouts).toBe(1);
    expect(at(2624).errors).toBe(1);
    expect(at(128).timeouts + at(128).errors + at(128).oomKills).toBe(0);
  });
});

describe('sortedSample', () => {
  const cases: [string, number[]][] = [
    ['two-decimal durations with repeats', [180.23, 0.01, 3000.5, 180.23, 12, 0.01, 0, 180.23]],
    ['three decimals', [463.512, 1.001, 463.512, 2.5]],
    ['negative zero, NaN and infinities', [0, -0, 5, Number.NaN, Number.POSITIVE_INFINITY, -0, 1.25, Number.NEGATIVE_INFINITY]],
    ['one value', [42.42]],
    ['no finite value', [Number.NaN]],
  ];

  for (const [name, values] of cases) {
    it(`reads back every rank: ${name}`, () => {
      const expected = sortedFinite(Float64Array.from(values));
      const sample = sortedSample(Float64Array.from(values));

      expect(sample.length).toBe(expected.length);
      for (let rank = 0; rank < expected.length; rank++) expect(Object.is(sample.at(rank), expected[rank])).toBe(true);
      expect(sample.at(expected.length)).toBeUndefined();
      expect(sample.at(-1)).toBeUndefined();
      expect(Object.is(meanOfSorted(sample), meanOf(expected))).toBe(true);
      if (expected.length > 0) {
        for (const p of [0, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) expect(quantileOfSorted(sample, p)).toBe(quantileOfSorted(expected, p));
      }
    });
  }

  it('stores repeated values once', () => {
    const sample = sortedSample(Float64Array.from([3.5, 1.25, 3.5, 3.5, 1.25]));

    expect([...sample.values]).toEqual([1.25, 3.5]);
    expect([...sample.ends]).toEqual([2, 5]);
  });

  it('counts a Uint16Array the same way', () => {
    const memory = Uint16Array.from([96, 101, 96, 65535, 0, 96]);
    const sample = sortedCopy(memory);

    expect([...sample.values]).toEqual([0, 96, 101, 65535]);
    expect([...sample.ends]).toEqual([1, 4, 5, 6]);
  });
});

/** Marks the k longest finite durations by sorting a copy, earlier index first among equal ones. */
function longestBySorting(durations: number[], k: number): number[] {
  const order = durations.map((duration, index) => ({ duration, index })).filter((entry) => Number.isFinite(entry.duration));
  order.sort((a, b) => b.duration - a.duration || a.index - b.index);
  const mask = durations.map(() => 0);
  for (const entry of order.slice(0, k)) mask[entry.index] = 1;
  return mask;
}

describe('timedOutMask', () => {
  it('marks the longest durations as sorting would', () => {
    let state = 7;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    for (let round = 0; round < 50; round++) {
      const length = 1 + Math.floor(next() * 60);
      // Few distinct values, so that ties at the cutoff are common.
      const durations = Array.from({ length }, () => (next() < 0.1 ? Number.NaN : Math.floor(next() * 8) * 10));
      const timeouts = Math.floor(next() * (length + 3));
      const size = { ...sizeObservation({ memorySizeMb: 512, durationsMs: durations }), timeouts };

      expect([...timedOutMask(size, null)]).toEqual(longestBySorting(durations, timeouts));
    }
  });
});
