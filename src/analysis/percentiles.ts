import { binomialDistribution, probit, quantileSorted } from 'simple-statistics';

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

/** Returns the p-quantile (0 ≤ p ≤ 1) of an ascending sample. */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  // quantileSorted only indexes and reads length, so a typed array works without a copy.
  return quantileSorted(sorted as unknown as number[], p);
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
export function percentileWithInterval(sorted: Float64Array, p: number): PercentileEstimate {
  const { lowerRank, upperRank } = orderStatisticRanks(sorted.length, p);
  const value = quantileOfSorted(sorted, p);
  return {
    value,
    lower: lowerRank === null ? null : Math.min(sorted[lowerRank - 1] as number, value),
    upper: upperRank === null ? null : Math.max(sorted[upperRank - 1] as number, value),
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
 * Returns an ascending copy of `values`. A Uint16Array is sorted by counting, in 2 bytes
 * per value; any other array as `sortedFinite` does.
 */
export function sortedCopy(values: Float64Array | Uint16Array): Float64Array | Uint16Array {
  if (!(values instanceof Uint16Array)) return sortedFinite(values);
  const counts = new Uint32Array(0x10000);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    counts[value] = (counts[value] as number) + 1;
  }
  const sorted = new Uint16Array(values.length);
  let index = 0;
  for (let value = 0; value < counts.length; value++) {
    const count = counts[value] as number;
    if (count > 0) sorted.fill(value, index, index + count);
    index += count;
  }
  return sorted;
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
