import { describe, expect, it } from 'vitest';

import { denseFromSparse, sparseFromDense, sparseValueAt } from '../../src/analysis/observations.js';
import { InvocationCollector, type InvocationRecord } from '../../src/sources/invocations.js';

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
