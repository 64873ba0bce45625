/**
 * The CPU-share duration model.
 *
 * Lambda allocates CPU in proportion to memory, and 1,769 MB is one full vCPU
 * (AWS Lambda Developer Guide, "Configuring Lambda function memory"). Observed at
 * memory M0, a duration d splits into CPU work c and waiting w, and below one vCPU the
 * CPU work stretches by the CPU share:
 *
 *     d(M) = w + c × min(M0, 1769) / min(M, 1769)
 *
 * With the CPU-bound fraction f = c / d this is d × ((1 - f) + f × r). Above one vCPU the
 * model predicts no change, which holds for single-threaded handlers (most Go handlers).
 */

export const ONE_VCPU_MEMORY_MB = 1769;

/** Minimum invocations at a memory size before its median takes part in a fit. */
export const MIN_INVOCATIONS_PER_SIZE_FOR_FIT = 10;

/** The ratio r by which CPU work stretches when moving from `fromMb` to `toMb`. */
export function cpuStretch(fromMb: number, toMb: number): number {
  return Math.min(fromMb, ONE_VCPU_MEMORY_MB) / Math.min(toMb, ONE_VCPU_MEMORY_MB);
}

/** The factor that turns a duration observed at `fromMb` into the model's duration at `toMb`. */
export function durationScale(cpuFraction: number, fromMb: number, toMb: number): number {
  return 1 - cpuFraction + cpuFraction * cpuStretch(fromMb, toMb);
}

export interface SizePoint {
  memorySizeMb: number;
  /** The central duration at this size (the engine passes the median). */
  durationMs: number;
  invocations: number;
}

export interface CpuFractionFit {
  /** CPU-bound fraction at `referenceMemoryMb`, clamped to 0..1. */
  cpuFraction: number;
  referenceMemoryMb: number;
  /** Waiting time w and CPU work c × min(M, 1769) in the fitted d(M) = w + k / min(M, 1769). */
  waitMs: number;
  cpuWorkMsAtOneVcpu: number;
  pointsUsed: number;
  /** Coefficient of determination of the weighted fit. */
  rSquared: number;
}

/**
 * Fits d(M) = w + k / min(M, 1769) to the medians of two or more memory sizes by
 * least squares weighted by invocation count, then returns f = (k / min(M0, 1769)) / d(M0).
 * Returns undefined when fewer than two sizes below or at one vCPU have enough invocations,
 * because the sizes above one vCPU all have the same CPU share and cannot separate w from c.
 */
export function fitCpuFraction(points: SizePoint[], referenceMemoryMb: number): CpuFractionFit | undefined {
  const usable = points.filter((point) => point.invocations >= MIN_INVOCATIONS_PER_SIZE_FOR_FIT);
  const distinctShares = new Set(usable.map((point) => Math.min(point.memorySizeMb, ONE_VCPU_MEMORY_MB)));
  if (distinctShares.size < 2) {
    return undefined;
  }

  // Weighted linear regression of y = d on x = 1 / min(M, 1769).
  let weightSum = 0;
  let xMean = 0;
  let yMean = 0;
  for (const point of usable) {
    const x = 1 / Math.min(point.memorySizeMb, ONE_VCPU_MEMORY_MB);
    weightSum += point.invocations;
    xMean += point.invocations * x;
    yMean += point.invocations * point.durationMs;
  }
  xMean /= weightSum;
  yMean /= weightSum;

  let covariance = 0;
  let xVariance = 0;
  let yVariance = 0;
  for (const point of usable) {
    const dx = 1 / Math.min(point.memorySizeMb, ONE_VCPU_MEMORY_MB) - xMean;
    const dy = point.durationMs - yMean;
    covariance += point.invocations * dx * dy;
    xVariance += point.invocations * dx * dx;
    yVariance += point.invocations * dy * dy;
  }

  // A negative slope means durations grow with CPU share, which the model cannot explain:
  // treat the function as waiting-bound. A negative intercept means all time is CPU work.
  let slope = covariance / xVariance;
  let intercept = yMean - slope * xMean;
  if (slope < 0) {
    slope = 0;
    intercept = yMean;
  } else if (intercept < 0) {
    intercept = 0;
    slope = yMean / xMean;
  }

  let residual = 0;
  for (const point of usable) {
    const predicted = intercept + slope / Math.min(point.memorySizeMb, ONE_VCPU_MEMORY_MB);
    residual += point.invocations * (point.durationMs - predicted) ** 2;
  }

  const cpuAtReference = slope / Math.min(referenceMemoryMb, ONE_VCPU_MEMORY_MB);
  const durationAtReference = intercept + cpuAtReference;
  const cpuFraction = durationAtReference > 0 ? cpuAtReference / durationAtReference : 0;

  return {
    cpuFraction: Math.min(1, Math.max(0, cpuFraction)),
    referenceMemoryMb,
    waitMs: intercept,
    cpuWorkMsAtOneVcpu: slope / ONE_VCPU_MEMORY_MB,
    pointsUsed: usable.length,
    rSquared: yVariance > 0 ? 1 - residual / yVariance : 1,
  };
}

/** Converts a CPU-bound fraction observed at one memory size into the fraction at another. */
export function cpuFractionAt(cpuFraction: number, fromMb: number, toMb: number): number {
  const cpu = cpuFraction * cpuStretch(fromMb, toMb);
  return cpu / (1 - cpuFraction + cpu);
}
