import { describe, expect, it } from 'vitest';

import {
  EXACT_BINOMIAL_MAX_N,
  normalApproximationRanks,
  orderStatisticRanks,
  percentileWithInterval,
  quantileOfSorted,
  sortedFinite,
} from '../../src/analysis/percentiles.js';

/**
 * Independent check: the binomial CDF summed with exact rational arithmetic (BigInt),
 * then the rank rule applied by brute force.
 */
function bruteForceRanks(n: number, p: number): { lowerRank: number | null; upperRank: number | null } {
  // p is given as a fraction with denominator 1000 so that every term is an exact integer.
  const numerator = BigInt(Math.round(p * 1000));
  const denominator = 1000n;
  const total = denominator ** BigInt(n);
  const binomial = (k: number): bigint => {
    let value = 1n;
    for (let i = 0; i < k; i++) value = (value * BigInt(n - i)) / BigInt(i + 1);
    return value;
  };
  const terms: bigint[] = [];
  for (let k = 0; k <= n; k++) {
    terms.push(binomial(k) * numerator ** BigInt(k) * (denominator - numerator) ** BigInt(n - k));
  }
  // Compare cumulative / total with 0.025 and 0.975 exactly: 40 × cumulative ≤ total.
  let cumulative = 0n;
  let lowerRank: number | null = null;
  let upperRank: number | null = null;
  for (let k = 1; k <= n; k++) {
    cumulative += terms[k - 1]!; // now P(B ≤ k - 1) × total
    if (40n * cumulative <= total) lowerRank = k;
    if (upperRank === null && 40n * cumulative >= 39n * total) upperRank = k;
  }
  return { lowerRank, upperRank };
}

describe('quantileOfSorted', () => {
  it('interpolates at (n - 1) * p', () => {
    const sorted = new Float64Array([10, 20, 30, 40, 50]);
    // p95: position 4 × 0.95 = 3.8, so 40 + 0.8 × (50 - 40) = 48.
    expect(quantileOfSorted(sorted, 0.95)).toBeCloseTo(48, 10);
    // p90: position 3.6, so 40 + 0.6 × 10 = 46.
    expect(quantileOfSorted(sorted, 0.9)).toBeCloseTo(46, 10);
    expect(quantileOfSorted(sorted, 0.5)).toBe(30);
    expect(quantileOfSorted(sorted, 1)).toBe(50);
  });

  it('matches a sorted-array lookup on 1..100', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    // p95: position 99 × 0.95 = 94.05, between the values 95 and 96.
    expect(quantileOfSorted(sorted, 0.95)).toBeCloseTo(95.05, 10);
    expect(quantileOfSorted(sorted, 0.99)).toBeCloseTo(99.01, 10);
    expect(quantileOfSorted(sorted, 0.5)).toBeCloseTo(50.5, 10);
  });
});

describe('orderStatisticRanks', () => {
  it('gives the textbook median ranks for n = 100', () => {
    // The classic table for a 95% median interval at n = 100 gives the 40th and 61st values.
    expect(orderStatisticRanks(100, 0.5)).toEqual({ lowerRank: 40, upperRank: 61 });
  });

  it('opens both sides when n = 5 is too small for the median', () => {
    // P(B = 0) = 1/32 = 0.031 > 0.025, so even the minimum is not a 97.5% lower bound.
    expect(orderStatisticRanks(5, 0.5)).toEqual({ lowerRank: null, upperRank: null });
  });

  it('closes both sides at n = 6 for the median', () => {
    // P(B = 0) = 1/64 = 0.016 ≤ 0.025 and P(B ≤ 5) = 63/64 ≥ 0.975.
    expect(orderStatisticRanks(6, 0.5)).toEqual({ lowerRank: 1, upperRank: 6 });
  });

  it('leaves the P99 upper bound open at n = 150', () => {
    expect(orderStatisticRanks(150, 0.99)).toEqual({ lowerRank: 146, upperRank: null });
  });

  it.each([
    [20, 0.5],
    [50, 0.9],
    [100, 0.95],
    [150, 0.95],
    [300, 0.99],
    [1000, 0.95],
  ])('agrees with exact rational arithmetic at n=%i p=%f', (n, p) => {
    expect(orderStatisticRanks(n, p)).toEqual(bruteForceRanks(n, p));
  });

  it.each([0.5, 0.95, 0.99])('normal approximation is within one rank of exact at p=%f', (p) => {
    const n = EXACT_BINOMIAL_MAX_N;
    const exact = orderStatisticRanks(n, p);
    const approximate = normalApproximationRanks(n, p);
    expect(Math.abs(approximate.lowerRank! - exact.lowerRank!)).toBeLessThanOrEqual(1);
    expect(Math.abs(approximate.upperRank! - exact.upperRank!)).toBeLessThanOrEqual(1);
  });
});

describe('percentileWithInterval', () => {
  it('returns the value and the order statistics at the ranks', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => (i + 1) * 2);
    const median = percentileWithInterval(sorted, 0.5);
    expect(median.value).toBeCloseTo(101, 10);
    // Ranks 40 and 61 hold the values 80 and 122.
    expect(median.lower).toBe(80);
    expect(median.upper).toBe(122);
  });

  it('contains its estimate', () => {
    const sorted = Float64Array.from({ length: 1000 }, (_, i) => Math.sqrt(i));
    for (const p of [0.5, 0.9, 0.95, 0.99]) {
      const estimate = percentileWithInterval(sorted, p);
      expect(estimate.lower!).toBeLessThanOrEqual(estimate.value);
      expect(estimate.upper!).toBeGreaterThanOrEqual(estimate.value);
    }
  });
});

describe('sortedFinite', () => {
  it('drops NaN and sorts numerically', () => {
    expect([...sortedFinite(new Float64Array([10, Number.NaN, 9, 100]))]).toEqual([9, 10, 100]);
  });
});
