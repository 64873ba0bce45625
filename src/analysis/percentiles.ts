import { binomialDistribution, probit } from 'simple-statistics';

import { allocateBuffer, releaseBuffer } from './buffers.js';

/**
 * Percentiles are R's type 7 (linear interpolation between the two closest ranks,
 * numpy's default): the value at 0-based position (n - 1) * p of the sorted sample.
 * simple-statistics computes it this way from version 7.8.9 on.
 */
export const PERCENTILE_DEFINITION =
  'R type 7: linear interpolation at position (n - 1) * p of the sorted sample (numpy default)';

export const CONFIDENCE_LEVEL = 0.95;

/**
 * Sample sizes up to this use the exact binomial distribution for confidence intervals,
 * larger ones its normal approximation (the two agree to one rank at this size).
 */
export const EXACT_BINOMIAL_MAX_N = 20_000;

/** A percentile with its distribution-free confidence interval. A null bound means the sample is too small to give one. */
export interface PercentileEstimate {
  value: number;
  lower: number | null;
  upper: number | null;
}

/** An ascending sample that can be read by rank: a sorted typed array, or a `SortedSample`. */
export interface SortedValues {
  readonly length: number;
  /** Returns the value at 0-based rank `index`. */
  at(index: number): number | undefined;
}

/**
 * Returns the p-quantile (0 ≤ p ≤ 1) of an ascending sample. The arithmetic is that of
 * simple-statistics' quantileSorted (version 7.8.9 and later), which indexes the array
 * directly and so cannot read a `SortedSample`.
 */
export function quantileOfSorted(sorted: SortedValues, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('quantile requires at least one data point.');
  if (p < 0 || p > 1) throw new Error('quantiles must be between 0 and 1');
  if (p === 1) return sorted.at(n - 1) as number;
  if (p === 0) return sorted.at(0) as number;
  const index = (n - 1) * p;
  if (index % 1 === 0) return sorted.at(index) as number;
  const lower = Math.floor(index);
  const fraction = index - lower;
  const lowerValue = sorted.at(lower) as number;
  return lowerValue + fraction * ((sorted.at(Math.ceil(index)) as number) - lowerValue);
}

/**
 * Returns the 1-based ranks r and s of the order statistics that bound the p-quantile
 * with at least `confidence` coverage, without assuming any distribution.
 *
 * The number B of observations below the true p-quantile is Binomial(n, p), and
 * P(X(r) ≤ q < X(s)) = P(r ≤ B ≤ s - 1). The lower rank is the largest r with
 * P(B ≤ r - 1) ≤ α/2 and the upper rank the smallest s with P(B ≤ s - 1) ≥ 1 - α/2.
 * A rank outside 1..n is returned as null: the interval is open on that side.
 */
export function orderStatisticRanks(
  n: number,
  p: number,
  confidence: number = CONFIDENCE_LEVEL,
): { lowerRank: number | null; upperRank: number | null } {
  const alphaHalf = (1 - confidence) / 2;
  if (n <= 0) {
    return { lowerRank: null, upperRank: null };
  }
  if (n > EXACT_BINOMIAL_MAX_N) {
    return normalApproximationRanks(n, p, alphaHalf);
  }

  const cells = binomialDistribution(n, p);
  if (cells === undefined) {
    return normalApproximationRanks(n, p, alphaHalf);
  }

  let lowerRank: number | null = null;
  let upperRank: number | null = null;
  let cumulative = 0;
  for (let k = 1; k <= n; k++) {
    // cumulative = P(B ≤ k - 1). binomialDistribution stops once the tail is negligible,
    // so missing cells are zero.
    cumulative += cells[k - 1] ?? 0;
    if (cumulative <= alphaHalf) {
      lowerRank = k;
    }
    if (upperRank === null && cumulative >= 1 - alphaHalf) {
      upperRank = k;
      break;
    }
  }
  return { lowerRank, upperRank };
}

/** Computes the ranks from the normal approximation to Binomial(n, p), with continuity correction. */
export function normalApproximationRanks(
  n: number,
  p: number,
  alphaHalf: number = (1 - CONFIDENCE_LEVEL) / 2,
): { lowerRank: number | null; upperRank: number | null } {
  const z = probit(1 - alphaHalf);
  const spread = z * Math.sqrt(n * p * (1 - p));
  const lowerRank = Math.floor(n * p - spread + 0.5);
  const upperRank = Math.ceil(n * p + spread + 0.5);
  return {
    lowerRank: lowerRank >= 1 ? lowerRank : null,
    upperRank: upperRank <= n ? upperRank : null,
  };
}

/**
 * Returns the p-quantile of an ascending sample with its distribution-free confidence
 * interval. In small samples at extreme p (n = 2, p = 0.99) the interpolated estimate can
 * fall outside the order-statistic interval, so the interval is widened to contain it;
 * widening only raises the coverage.
 */
export function percentileWithInterval(sorted: SortedValues, p: number): PercentileEstimate {
  const { lowerRank, upperRank } = orderStatisticRanks(sorted.length, p);
  const value = quantileOfSorted(sorted, p);
  return {
    value,
    lower: lowerRank === null ? null : Math.min(sorted.at(lowerRank - 1) as number, value),
    upper: upperRank === null ? null : Math.max(sorted.at(upperRank - 1) as number, value),
  };
}

/** Returns an ascending copy of the finite values of `values`. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) count++;
  }
  const sorted = new Float64Array(count);
  let index = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isFinite(value)) sorted[index++] = value;
  }
  // A typed array sorts numerically and in place, with no comparator and no boxing.
  return sorted.sort();
}

/**
 * An ascending sample stored as runs of equal values: each distinct value once, with the
 * rank just past its last copy. REPORT durations have 0.01 ms resolution and repeat often,
 * so millions of invocations take a few hundred thousand runs. A sample of distinct values
 * takes 12 bytes per value, 4 more than a sorted Float64Array.
 */
export class SortedSample implements SortedValues {
  constructor(
    /** Distinct values, ascending. Negative zero and zero are separate runs, as Float64Array.sort orders them. */
    readonly values: Float64Array,
    /** Per run, the 0-based rank just after its last copy. The last entry is the sample size. */
    readonly ends: Uint32Array,
  ) {}

  get length(): number {
    return this.ends.length === 0 ? 0 : (this.ends[this.ends.length - 1] as number);
  }

  /** Returns the value at 0-based rank `index`, or undefined outside 0 ≤ index < length. */
  at(index: number): number | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    let low = 0;
    let high = this.ends.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.ends[middle] as number) <= index) low = middle + 1;
      else high = middle;
    }
    return this.values[low];
  }
}

/**
 * Returns the finite values of `values` in ascending order as a `SortedSample`. When every
 * value is a whole number of hundredths (two decimals), the sort runs on uint32 hundredths,
 * half the bytes of float64, and n / 100 gives each value back exactly. The sort buffer is
 * freed before returning.
 */
export function sortedSample(values: ArrayLike<number>): SortedSample {
  let count = 0;
  let hundredths = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) continue;
    count++;
    if (hundredths) {
      const scaled = Math.round(value * 100);
      hundredths = scaled >= 0 && scaled <= 0xffffffff && scaled / 100 === value && !Object.is(value, -0);
    }
  }

  const bytesPerValue = hundredths ? 4 : 8;
  const buffer = allocateBuffer(count * bytesPerValue, count * bytesPerValue);
  const sorted = hundredths ? new Uint32Array(buffer) : new Float64Array(buffer);
  let next = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isFinite(value)) sorted[next++] = hundredths ? Math.round(value * 100) : value;
  }
  // A typed array sorts numerically and in place, with no comparator and no boxing.
  sorted.sort();

  let runs = 0;
  for (let i = 0; i < count; i++) {
    if (i === 0 || !Object.is(sorted[i], sorted[i - 1])) runs++;
  }
  const distinct = new Float64Array(runs);
  const ends = new Uint32Array(runs);
  let run = -1;
  for (let i = 0; i < count; i++) {
    const stored = sorted[i] as number;
    if (i === 0 || !Object.is(stored, sorted[i - 1])) distinct[++run] = hundredths ? stored / 100 : stored;
    ends[run] = i + 1;
  }
  releaseBuffer(buffer);
  return new SortedSample(distinct, ends);
}

/**
 * Returns `values` in ascending order as a `SortedSample`. A Uint16Array is sorted by
 * counting, in 256 KiB whatever its length; any other array as `sortedSample` does.
 */
export function sortedCopy(values: Float64Array | Uint16Array): SortedSample {
  if (!(values instanceof Uint16Array)) return sortedSample(values);
  const counts = new Uint32Array(0x10000);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    counts[value] = (counts[value] as number) + 1;
  }
  let runs = 0;
  for (let value = 0; value < counts.length; value++) if (counts[value] !== 0) runs++;
  const distinct = new Float64Array(runs);
  const ends = new Uint32Array(runs);
  let run = 0;
  let end = 0;
  for (let value = 0; value < counts.length; value++) {
    const count = counts[value] as number;
    if (count === 0) continue;
    end += count;
    distinct[run] = value;
    ends[run++] = end;
  }
  return new SortedSample(distinct, ends);
}

/** Returns the mean of a sorted sample, summed in ascending order value by value as `meanOf` sums an array. */
export function meanOfSorted(sample: SortedSample): number {
  let sum = 0;
  let start = 0;
  for (let run = 0; run < sample.values.length; run++) {
    const value = sample.values[run] as number;
    const end = sample.ends[run] as number;
    for (let i = start; i < end; i++) sum += value;
    start = end;
  }
  return sample.length === 0 ? Number.NaN : sum / sample.length;
}

/**
 * Returns the mean of the finite values of `values`, or NaN when there are none. Whole
 * numbers are summed in input order, which is exact below 2^53; other values are summed in
 * ascending order, as `meanOf(sortedFinite(values))` does.
 */
export function meanOfFinite(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) continue;
    if (!Number.isInteger(value)) return meanOf(sortedFinite(values));
    sum += value;
    count++;
  }
  return count === 0 ? Number.NaN : sum / count;
}

export function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return values.length === 0 ? Number.NaN : sum / values.length;
}
