import { describe, expect, it } from 'vitest';

import type { Analysis, Candidate } from '../../src/analysis/analysis.js';
import { analyzeFunction } from '../../src/analysis/analyze.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../../src/analysis/options.js';
import { functionObservations, range, type SizeSpec } from '../helpers/observations.js';

// us-east-1 x86_64 list prices, written out here so that the expected values are computed
// independently of the price table.
const PRICE_PER_GB_SECOND = 0.0000166667;
const PRICE_PER_REQUEST = 0.0000002;

function costPerInvocation(billedMs: number, memoryMb: number): number {
  return (billedMs / 1000) * (memoryMb / 1024) * PRICE_PER_GB_SECOND + PRICE_PER_REQUEST;
}

function options(overrides: Partial<AnalysisOptions> = {}): AnalysisOptions {
  return { ...DEFAULT_ANALYSIS_OPTIONS, ...overrides };
}

function row(analysis: Analysis, memoryMb: number): Candidate {
  const candidate = analysis.candidates.find((item) => item.memorySizeMb === memoryMb);
  if (candidate === undefined) throw new Error(`no candidate row for ${memoryMb} MB`);
  return candidate;
}

function analyze(
  sizes: SizeSpec[],
  overrides: Partial<AnalysisOptions> = {},
  currentMemoryMb?: number,
  window: { windowStartMs?: number; windowEndMs?: number } = {},
): Analysis {
  return analyzeFunction(functionObservations(sizes, { currentMemoryMb, ...window }), options(overrides));
}

describe('analyzeFunction, I/O-bound function at 1024 MB', () => {
  // Durations 1, 2, ..., 100 ms; billed = duration; mean billed 50.5 ms at every size when f = 0.
  const analysis = analyze([{ memorySizeMb: 1024, durationsMs: range(1, 100), maxMemoryUsedMb: 60 }], {
    cpuFraction: 0,
    invocationsPerMonth: 1_000_000,
  });

  it('recommends 128 MB as over-provisioned', () => {
    expect(analysis.recommendation.memorySizeMb).toBe(128);
    expect(analysis.recommendation.finding).toBe('over-provisioned');
  });

  it('measures the observed percentiles with intervals', () => {
    const observed = row(analysis, 1024);
    expect(observed.kind).toBe('observed');
    expect(observed.invocations).toBe(100);
    // P95 of 1..100: position 99 × 0.95 = 94.05, so 95.05.
    expect(observed.p95Ms.low).toBeCloseTo(95.05, 10);
    // Exact binomial ranks for n = 100, p = 0.95 are 90 and 100.
    expect(observed.p95Interval).toEqual({ lower: 90, upper: 100 });
    expect(observed.p50Ms.low).toBeCloseTo(50.5, 10);
    expect(observed.p99Ms.low).toBeCloseTo(99.01, 10);
  });

  it('prices each candidate to the cent', () => {
    // 128 MB: 0.0505 s × 0.125 GB × $0.0000166667 + $0.0000002 = $0.000000305209 per invocation.
    expect(row(analysis, 128).costPerMillionUsd.low).toBeCloseTo(costPerInvocation(50.5, 128) * 1e6, 9);
    expect(row(analysis, 128).monthlyCostUsd!.low.toFixed(2)).toBe('0.31');
    // 1024 MB: 0.0505 s × 1 GB × $0.0000166667 + $0.0000002 = $0.00000104167 per invocation.
    expect(row(analysis, 1024).monthlyCostUsd!.low.toFixed(2)).toBe('1.04');
    expect(analysis.recommendation.monthlySavingsUsd!.low.toFixed(2)).toBe('0.74');
  });

  it('compares each candidate with the current size', () => {
    const expected = (costPerInvocation(50.5, 128) / costPerInvocation(50.5, 1024) - 1) * 100;
    expect(row(analysis, 128).changeVsCurrentPercent!.low).toBeCloseTo(expected, 9);
    expect(expected).toBeCloseTo(-70.7, 1);
  });

  it('reports memory headroom against the peak', () => {
    // 128 / 60 - 1 = 113.3%.
    expect(row(analysis, 128).memoryHeadroomPercent).toBeCloseTo(113.333, 2);
  });

  it('marks the current and the recommended rows', () => {
    expect(row(analysis, 1024).isCurrent).toBe(true);
    expect(row(analysis, 128).isRecommended).toBe(true);
    expect(analysis.candidates.filter((candidate) => candidate.isRecommended)).toHaveLength(1);
  });

  it('lists the grid plus the observed size', () => {
    expect(analysis.candidates.map((candidate) => candidate.memorySizeMb)).toEqual([128, 192, 256, 320, 384, 448, 512, 1024]);
  });

  it('states the CPU fraction source', () => {
    expect(analysis.assumptions.cpuFraction).toMatchObject({ source: 'user', value: 0 });
  });
});

describe('analyzeFunction, CPU-bound function at 1024 MB', () => {
  // 100 ms each at 1024 MB and f = 1: GB-seconds stay 0.1 at every size below one vCPU.
  const analysis = analyze([{ memorySizeMb: 1024, durationsMs: new Array<number>(100).fill(100) }], {
    cpuFraction: 1,
    invocationsPerMonth: 1_000_000,
  });

  it('keeps the current size because the faster size wins a cost tie', () => {
    // 512 MB: 200 ms × 0.5 GB = 0.1 GB-s, the same as 100 ms × 1 GB.
    expect(row(analysis, 512).billedMeanMs.low).toBe(200);
    expect(row(analysis, 512).costPerMillionUsd.low).toBeCloseTo(row(analysis, 1024).costPerMillionUsd.low, 9);
    expect(analysis.recommendation.memorySizeMb).toBe(1024);
    expect(analysis.recommendation.finding).toBe('optimized');
  });

  it('projects billed duration with rounding per invocation', () => {
    // 192 MB: 100 × 1024 / 192 = 533.33 ms, billed 534 ms.
    expect(row(analysis, 192).billedMeanMs.low).toBe(534);
    expect(row(analysis, 192).p95Ms.low).toBeCloseTo(533.333, 3);
  });

  it('shows one vCPU as as cheap and clearly faster', () => {
    const oneVcpu = row(analysis, 1769);
    expect(oneVcpu.inGrid).toBe(false);
    // 100 × 1024 / 1769 = 57.886 ms, billed 58 ms.
    expect(oneVcpu.p95Ms.low).toBeCloseTo(57.886, 3);
    expect(oneVcpu.billedMeanMs.low).toBe(58);
    expect(analysis.advisories.map((advisory) => advisory.code)).toContain('above-grid-faster');
  });
});

describe('analyzeFunction, unknown CPU fraction', () => {
  // 5 ms at 1769 MB. CPU-bound, 128 MB would take 5 × 1769 / 128 = 69.1 ms, billed 70 ms.
  const sizes: SizeSpec[] = [{ memorySizeMb: 1769, durationsMs: new Array<number>(100).fill(5), maxMemoryUsedMb: 22 }];
  const analysis = analyze(sizes, { invocationsPerMonth: 1_000_000 });

  it('shows projected rows as a band', () => {
    const smallest = row(analysis, 128);
    expect(smallest.kind).toBe('projected');
    expect(smallest.p95Ms.low).toBeCloseTo(5, 10);
    expect(smallest.p95Ms.high).toBeCloseTo(69.1015625, 7);
    expect(smallest.costPerMillionUsd.low).toBeCloseTo(costPerInvocation(5, 128) * 1e6, 9);
    expect(smallest.costPerMillionUsd.high).toBeCloseTo(costPerInvocation(70, 128) * 1e6, 9);
  });

  it('picks the size with the smallest worst-case regret', () => {
    // CPU-bound, 128 MB costs 0.5% more than 1769 MB; I/O-bound it costs 39% less.
    const worstRatio128 = costPerInvocation(70, 128) / costPerInvocation(5, 1769);
    expect(worstRatio128).toBeCloseTo(1.0054, 4);
    expect(analysis.recommendation.memorySizeMb).toBe(128);
    expect(analysis.recommendation.finding).toBe('over-provisioned');
    expect(analysis.recommendation.reason).toContain('CPU-bound fraction unknown');
  });

  it('raises the unknown-fraction advisory', () => {
    expect(analysis.assumptions.cpuFraction.source).toBe('unknown');
    expect(analysis.advisories.map((advisory) => advisory.code)).toContain('cpu-fraction-unknown');
  });

  it('applies the SLO to the pessimistic end of the band', () => {
    // P95 ≤ 20 ms needs 5 × 1769 / M ≤ 20, so M ≥ 442.25: 448 MB is the smallest grid size.
    const withSlo = analyze(sizes, { invocationsPerMonth: 1_000_000, maxP95Ms: 20 });
    expect(row(withSlo, 384).viable).toBe(false);
    expect(row(withSlo, 384).rejections[0]).toContain('over the 20.0 ms SLO');
    expect(withSlo.recommendation.memorySizeMb).toBe(448);
  });
});

describe('analyzeFunction, memory safety and OOM', () => {
  const analysis = analyze(
    [{ memorySizeMb: 256, durationsMs: new Array<number>(100).fill(50), maxMemoryUsedMb: 250, oomKills: 1 }],
    { cpuFraction: 0 },
  );

  it('rejects sizes at or below an OOM kill and below the floor', () => {
    expect(row(analysis, 256).viable).toBe(false);
    expect(row(analysis, 256).rejections).toEqual([
      'below memory floor 300 MB (peak 250 MB + 20%)',
      'OOM kill observed at 256 MB',
    ]);
    expect(row(analysis, 320).viable).toBe(true);
  });

  it('recommends the cheapest safe size above', () => {
    expect(analysis.recommendation.memorySizeMb).toBe(320);
    expect(analysis.recommendation.finding).toBe('under-provisioned');
  });

  it('searches above the grid when nothing in it is safe', () => {
    const large = analyze([{ memorySizeMb: 512, durationsMs: new Array<number>(100).fill(50), maxMemoryUsedMb: 500, oomKills: 2 }], {
      cpuFraction: 0,
    });
    // Floor 500 × 1.2 = 600 MB, so the first viable step above 512 is 640 MB.
    expect(large.recommendation.memorySizeMb).toBe(640);
    expect(row(large, 640).inGrid).toBe(false);
  });
});

describe('analyzeFunction, fitted CPU fraction', () => {
  // Exact model durations: d(M) = 10 + 17690 / min(M, 1769).
  const model = (memoryMb: number): number => 10 + 17690 / Math.min(memoryMb, 1769);
  const analysis = analyze(
    [
      { memorySizeMb: 128, durationsMs: new Array<number>(20).fill(model(128)) },
      { memorySizeMb: 1024, durationsMs: new Array<number>(20).fill(model(1024)) },
    ],
    {},
    1024,
  );

  it('recovers the fraction from two sizes', () => {
    // At 1024 MB: CPU 17.275 ms of 27.275 ms.
    expect(analysis.assumptions.cpuFraction.source).toBe('fit');
    expect(analysis.assumptions.cpuFraction.value).toBeCloseTo(17.275390625 / 27.275390625, 9);
  });

  it('projects an unobserved size from the model', () => {
    expect(row(analysis, 512).kind).toBe('projected');
    expect(row(analysis, 512).p95Ms.low).toBeCloseTo(model(512), 9);
    expect(row(analysis, 512).p95Ms.high).toBeCloseTo(model(512), 9);
  });
});

describe('analyzeFunction, strategies', () => {
  const sizes: SizeSpec[] = [{ memorySizeMb: 1024, durationsMs: range(51, 150) }];

  it('speed picks the fastest viable size', () => {
    const speed = analyze(sizes, { cpuFraction: 0.5, strategy: 'speed' });
    expect(speed.recommendation.memorySizeMb).toBe(1024);
  });

  it('balanced with weight 1 matches cost and weight 0 matches speed', () => {
    const cost = analyze(sizes, { cpuFraction: 0.5 });
    const speed = analyze(sizes, { cpuFraction: 0.5, strategy: 'speed' });
    const costOnly = analyze(sizes, { cpuFraction: 0.5, strategy: 'balanced', balancedCostWeight: 1 });
    const speedOnly = analyze(sizes, { cpuFraction: 0.5, strategy: 'balanced', balancedCostWeight: 0 });
    expect(costOnly.recommendation.memorySizeMb).toBe(cost.recommendation.memorySizeMb);
    expect(speedOnly.recommendation.memorySizeMb).toBe(speed.recommendation.memorySizeMb);
    expect(cost.recommendation.memorySizeMb).toBe(128);
  });
});

describe('analyzeFunction, data limits and billing', () => {
  it('reports insufficient data below the minimum', () => {
    const analysis = analyze([{ memorySizeMb: 512, durationsMs: range(1, 10) }]);
    expect(analysis.recommendation.finding).toBe('insufficient-data');
    expect(analysis.recommendation.memorySizeMb).toBeNull();
    expect(analysis.recommendation.reason).toContain('Only 10 invocation(s)');
    expect(analysis.candidates.some((candidate) => candidate.isRecommended)).toBe(false);
  });

  it('measures the monthly rate from timestamps', () => {
    // 100 invocations over one hour: 100 × 730.5 hours in an average month = 73,050.
    const timestampsMs = range(0, 99).map((i) => (i * 3_600_000) / 99);
    const analysis = analyze([{ memorySizeMb: 512, durationsMs: range(1, 100), timestampsMs }], {}, undefined, {
      windowStartMs: 0,
      windowEndMs: 3_600_000,
    });
    expect(analysis.assumptions.invocationsPerMonth.source).toBe('observed-rate');
    expect(analysis.assumptions.invocationsPerMonth.value).toBeCloseTo(73_050, 6);
  });

  it('bills cold starts as Duration plus Init Duration, rounded once', () => {
    // 4.80 + 57.20 = 62.000000000000007 in floating point, billed as 62 ms, not 63.
    const analysis = analyze([
      { memorySizeMb: 1769, durationsMs: [4.8, ...new Array<number>(99).fill(4.2)], initMs: [57.2], billedMs: [62, ...new Array<number>(99).fill(5)] },
    ]);
    // Mean billed (62 + 99 × 5) / 100 = 5.57 ms, as in the logs.
    expect(row(analysis, 1769).billedMeanMs.low).toBeCloseTo(5.57, 10);
    expect(analysis.warnings.filter((warning) => warning.includes('billed'))).toEqual([]);
  });

  it('recomputes legacy 100 ms billing with today’s rule', () => {
    const analysis = analyze(
      [{ memorySizeMb: 128, durationsMs: new Array<number>(100).fill(89.34), billedMs: new Array<number>(100).fill(100) }],
      { cpuFraction: 0 },
    );
    expect(row(analysis, 128).billedMeanMs.low).toBe(90);
    expect(analysis.warnings[0]).toContain('rounded up to 100 ms');
  });

  it('keeps Billed Restore Duration out of the CPU scaling', () => {
    // SnapStart: Billed Duration 610 = ceil(306.34) + 303 ms of billed restore.
    const analysis = analyze(
      [{ memorySizeMb: 1024, durationsMs: [306.34, ...new Array<number>(99).fill(100)], billedMs: [610, ...new Array<number>(99).fill(100)] }],
      { cpuFraction: 1 },
    );
    // At 512 MB: ceil(612.68) + 303 = 916 for the first, 200 for the others.
    expect(row(analysis, 512).billedMeanMs.low).toBeCloseTo((916 + 99 * 200) / 100, 10);
  });
});

describe('analyzeFunction, findings and reasons', () => {
  it('reports no viable size when the SLO cannot be met', () => {
    // 100 ms at 1769 MB and I/O-bound: no memory size brings P95 under 50 ms.
    const analysis = analyze([{ memorySizeMb: 1769, durationsMs: new Array<number>(100).fill(100) }], {
      cpuFraction: 0,
      maxP95Ms: 50,
    });
    expect(analysis.recommendation.finding).toBe('no-viable-size');
    expect(analysis.recommendation.memorySizeMb).toBeNull();
    expect(analysis.recommendation.reason).toContain('No size meets the 50.0 ms P95 SLO');
    expect(analysis.recommendation.reason).toContain('projected P95 of 100 ms');
  });

  it('words the optimized reason for the speed strategy', () => {
    const analysis = analyze([{ memorySizeMb: 1024, durationsMs: range(51, 150) }], { cpuFraction: 0.5, strategy: 'speed' });
    expect(analysis.recommendation.finding).toBe('optimized');
    expect(analysis.recommendation.reason).toContain('no other viable size is more than 1% faster');
  });

  it('names the sizes left out of the fit', () => {
    const model = (memoryMb: number): number => 10 + 17690 / Math.min(memoryMb, 1769);
    const analysis = analyze(
      [
        { memorySizeMb: 128, durationsMs: new Array<number>(20).fill(model(128)) },
        { memorySizeMb: 256, durationsMs: new Array<number>(20).fill(model(256)) },
        { memorySizeMb: 1024, durationsMs: new Array<number>(9).fill(model(1024)) },
      ],
      {},
      1024,
    );
    expect(analysis.assumptions.cpuFraction.detail).toContain('2 of 3 memory sizes');
    expect(analysis.assumptions.cpuFraction.detail).toContain('1024 MB had fewer than 10 invocations and was left out');
  });

  it('shows the memory-safe size even with too little data', () => {
    const analysis = analyze(
      [{ memorySizeMb: 512, durationsMs: new Array<number>(5).fill(50), maxMemoryUsedMb: 500, oomKills: 1 }],
      { cpuFraction: 0 },
    );
    expect(analysis.recommendation.finding).toBe('insufficient-data');
    // Floor 500 × 1.2 = 600 MB: 640 MB is the first 64 MB step above the grid that is safe.
    expect(row(analysis, 640).viable).toBe(true);
    expect(row(analysis, 640).isRecommended).toBe(false);
  });

  it('shows no monthly cost for a span under an hour', () => {
    const timestampsMs = range(0, 99).map((i) => i * 25);
    const analysis = analyze([{ memorySizeMb: 512, durationsMs: range(1, 100), timestampsMs }], {}, undefined, {
      windowStartMs: 0,
      windowEndMs: 2_475,
    });
    expect(analysis.assumptions.invocationsPerMonth).toEqual({ value: null, source: 'unknown' });
    expect(row(analysis, 512).monthlyCostUsd).toBeNull();
    expect(analysis.warnings).toContain(
      'The invocations span only 2.5 s, too short to measure a monthly rate, so no monthly cost is shown; pass --invocations-per-month.',
    );
  });
});

describe('analyzeFunction, SLO with an unknown CPU fraction', () => {
  it('names the sizes the band leaves undecided', () => {
    // 5 ms at 1769 MB with P95 ≤ 20 ms: 448 MB is viable (19.7 ms at f = 1), 384 MB fails only at f = 1.
    const analysis = analyze([{ memorySizeMb: 1769, durationsMs: new Array<number>(100).fill(5), maxMemoryUsedMb: 22 }], {
      maxP95Ms: 20,
      candidateSizesMb: [384, 1769],
    });
    expect(analysis.recommendation.memorySizeMb).toBe(1769);
    expect(analysis.recommendation.reason).toContain(
      '384 MB would meet the 20.0 ms SLO if the function waits on I/O but not if it is CPU-bound; pass --cpu-fraction',
    );
  });
});
