/** Invariants of the analysis engine on random invocation sets. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Strategy } from '../../src/analysis/analysis.js';
import { analyzeFunction } from '../../src/analysis/analyze.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../../src/analysis/options.js';
import { percentileWithInterval } from '../../src/analysis/percentiles.js';
import { invocationCostUsd, resolvePrices } from '../../src/analysis/pricing.js';
import { functionObservations, type SizeSpec } from '../helpers/observations.js';

/** Runs per property, PROPERTY_RUNS to override: 200 finds shallow faults and keeps the suite fast. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

/** A duration in ms with two decimals, as REPORT lines print them. */
const durationMs = fc.integer({ min: 1, max: 3_000_000 }).map((hundredths) => hundredths / 100);

/** One to three memory sizes with their invocations. Max Memory Used stays below each size. */
const sizeSpecs: fc.Arbitrary<SizeSpec[]> = fc
  .uniqueArray(fc.integer({ min: 128, max: 3008 }), { minLength: 1, maxLength: 3 })
  .chain((sizes) =>
    fc.tuple(
      ...sizes.map((memorySizeMb) =>
        fc.record({
          memorySizeMb: fc.constant(memorySizeMb),
          durationsMs: fc.array(durationMs, { minLength: 1, maxLength: 80 }),
          maxMemoryUsedMb: fc.integer({ min: 10, max: memorySizeMb - 1 }),
        }),
      ),
    ),
  );

const options: fc.Arbitrary<AnalysisOptions> = fc
  .record({
    strategy: fc.constantFrom<Strategy>('cost', 'speed', 'balanced'),
    headroomPercent: fc.integer({ min: 0, max: 100 }),
    minInvocations: fc.integer({ min: 0, max: 60 }),
  })
  .map((chosen) => ({ ...DEFAULT_ANALYSIS_OPTIONS, ...chosen }));

describe('engine properties', () => {
  it('recommendation above peak plus headroom', () => {
    fc.assert(
      fc.property(sizeSpecs, options, (specs, analysisOptions) => {
        const analysis = analyzeFunction(functionObservations(specs), analysisOptions);
        const peak = Math.max(...specs.map((spec) => spec.maxMemoryUsedMb ?? 0));
        const floor = peak * (1 + analysisOptions.headroomPercent / 100);

        const recommended = analysis.candidates.filter((candidate) => candidate.isRecommended);
        expect(recommended.length).toBeLessThanOrEqual(1);
        for (const candidate of recommended) expect(candidate.memorySizeMb).toBeGreaterThanOrEqual(floor);
        for (const candidate of analysis.candidates.filter((row) => row.viable)) {
          expect(candidate.memorySizeMb).toBeGreaterThanOrEqual(floor);
        }
        if (analysis.recommendation.finding !== 'insufficient-data' && analysis.recommendation.memorySizeMb !== null) {
          expect(analysis.recommendation.memorySizeMb).toBeGreaterThanOrEqual(floor);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('percentiles ordered within min and max', () => {
    fc.assert(
      fc.property(sizeSpecs, (specs) => {
        const analysis = analyzeFunction(functionObservations(specs), DEFAULT_ANALYSIS_OPTIONS);
        for (const observed of analysis.observed) {
          const spec = specs.find((entry) => entry.memorySizeMb === observed.memorySizeMb)!;
          const min = Math.min(...spec.durationsMs);
          const max = Math.max(...spec.durationsMs);
          const { p50, p90, p95, p99, maxMs } = observed.duration;
          const values = [p50, p90, p95, p99].map((estimate) => estimate!.value);

          expect(maxMs).toBe(max);
          for (const value of values) {
            expect(value).toBeGreaterThanOrEqual(min);
            expect(value).toBeLessThanOrEqual(max);
          }
          for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]!);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('confidence intervals contain estimates', () => {
    fc.assert(
      fc.property(sizeSpecs, options, (specs, analysisOptions) => {
        const analysis = analyzeFunction(functionObservations(specs), analysisOptions);
        for (const observed of analysis.observed) {
          const { p50, p90, p95, p99 } = observed.duration;
          for (const estimate of [p50, p90, p95, p99]) {
            if (estimate === null) continue;
            if (estimate.lower !== null) expect(estimate.lower).toBeLessThanOrEqual(estimate.value);
            if (estimate.upper !== null) expect(estimate.upper).toBeGreaterThanOrEqual(estimate.value);
          }
        }
        for (const candidate of analysis.candidates) {
          const interval = candidate.p95Interval;
          if (interval === null) continue;
          if (interval.lower !== null) expect(interval.lower).toBeLessThanOrEqual(candidate.p95Ms.low * (1 + 1e-12));
          if (interval.upper !== null) expect(interval.upper).toBeGreaterThanOrEqual(candidate.p95Ms.high * (1 - 1e-12));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('percentile interval contains value', () => {
    fc.assert(
      fc.property(fc.array(durationMs, { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
        const estimate = percentileWithInterval(Float64Array.from(values).sort(), p);
        if (estimate.lower !== null) expect(estimate.lower).toBeLessThanOrEqual(estimate.value);
        if (estimate.upper !== null) expect(estimate.upper).toBeGreaterThanOrEqual(estimate.value);
      }),
      { numRuns: RUNS },
    );
    // n = 2 at P99: the lower order statistic is the larger value, above the interpolated 0.0199.
    const smallSample = percentileWithInterval(Float64Array.from([0.01, 0.02]), 0.99);
    expect(smallSample.lower).toBeCloseTo(0.0199, 12);
  });

  it('invocation cost rises with billed duration', () => {
    const prices = resolvePrices({});
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 900_000 }),
        fc.integer({ min: 1, max: 900_000 }),
        fc.integer({ min: 128, max: 10_240 }),
        (billedMs, extraMs, memorySizeMb) => {
          expect(invocationCostUsd(billedMs + extraMs, memorySizeMb, prices)).toBeGreaterThan(
            invocationCostUsd(billedMs, memorySizeMb, prices),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('candidate cost rises with durations', () => {
    fc.assert(
      fc.property(sizeSpecs, fc.integer({ min: 1, max: 10_000 }), (specs, extraMs) => {
        const slower = specs.map((spec) => ({ ...spec, durationsMs: spec.durationsMs.map((value) => value + extraMs) }));
        const before = analyzeFunction(functionObservations(specs), DEFAULT_ANALYSIS_OPTIONS);
        const after = analyzeFunction(functionObservations(slower), DEFAULT_ANALYSIS_OPTIONS);
        for (const candidate of after.candidates) {
          const previous = before.candidates.find((row) => row.memorySizeMb === candidate.memorySizeMb);
          if (previous === undefined || previous.kind !== 'observed') continue;
          expect(candidate.costPerMillionUsd.low).toBeGreaterThan(previous.costPerMillionUsd.low);
          expect(candidate.billedMeanMs.low).toBeGreaterThan(previous.billedMeanMs.low);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
