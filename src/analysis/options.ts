import type { Strategy } from './analysis.js';
import type { PriceOverrides } from './pricing.js';

/** Lambda's memory limits: 128 MB to 10,240 MB in 1 MB steps (AWS Lambda Developer Guide, quotas). */
export const LAMBDA_MIN_MEMORY_MB = 128;
export const LAMBDA_MAX_MEMORY_MB = 10_240;

/** Settings of one analysis. Every field has a default in DEFAULT_ANALYSIS_OPTIONS. */
export interface AnalysisOptions {
  strategy: Strategy;
  /** Weight of cost against P95 in the balanced strategy, 0..1. */
  balancedCostWeight: number;
  /** Required memory above the peak Max Memory Used, in percent of that peak. */
  headroomPercent: number;
  /** SLO: the highest acceptable P95 duration in ms. */
  maxP95Ms: number | null;
  minInvocations: number;
  /** An explicit candidate list. When set, the grid options below are ignored. */
  candidateSizesMb: number[] | null;
  minMemoryMb: number;
  maxMemoryMb: number;
  stepMb: number;
  /** CPU-bound fraction at the current memory size, when the user knows it. */
  cpuFraction: number | null;
  invocationsPerMonth: number | null;
  prices: PriceOverrides;
  /** The function's timeout setting in seconds, when the source does not know it. */
  timeoutSeconds: number | null;
  /** Cold-start advisory: fires when the steady-state Init Duration P95 exceeds this, in ms. */
  coldStartInitP95Ms?: number;
  /** Cold-start advisory: fires when INIT exceeds this share (0..1) of all billed time. */
  coldStartInitBilledShare?: number;
  /** Timeout-setting advisory: the setting is "far above" P99.9 at this multiple of it or more. */
  timeoutFarAboveRatio?: number;
  /** Timeout-setting advisory: P99.9 at or above this share (0..1) of the setting is "near" it. */
  timeoutNearShare?: number;
  /** Extension advisory: fires when extensionOverhead exceeds this share (0..1) of total Duration. */
  extensionOverheadShare?: number;
}

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = {
  strategy: 'cost',
  balancedCostWeight: 0.5,
  headroomPercent: 20,
  maxP95Ms: null,
  minInvocations: 50,
  candidateSizesMb: null,
  // 128-512 MB is the range where Go functions usually cost least.
  minMemoryMb: 128,
  maxMemoryMb: 512,
  stepMb: 64,
  cpuFraction: null,
  invocationsPerMonth: null,
  prices: {},
  timeoutSeconds: null,
  // Above one second a cold start is visible to callers (API Gateway waits for it).
  coldStartInitP95Ms: 1000,
  // Above a tenth of the bill, INIT is worth a look even when each cold start is fast.
  coldStartInitBilledShare: 0.1,
  // Ten times the slowest healthy invocation is far more slack than retries or jitter need.
  timeoutFarAboveRatio: 10,
  // At 80% of the setting a slow downstream call on a healthy request already times out.
  timeoutNearShare: 0.8,
  // Above a tenth of Duration, an extension's share of the bill matches a real handler change.
  extensionOverheadShare: 0.1,
};

/** Costs within this relative distance are a tie, and the faster size wins it. */
export const COST_TIE_TOLERANCE = 0.01;

/** A candidate whose pessimistic P99 exceeds this share of the timeout setting is not viable. */
export const TIMEOUT_SAFETY_SHARE = 0.9;

/** Sizes above the grid that are checked for "as cheap and clearly faster" (1,769 MB is one vCPU). */
export const ABOVE_GRID_PROBE_SIZES_MB = [1024, 1769];

/** An above-grid size is "clearly faster" when its P95 is at most this share of the recommended size's. */
export const CLEARLY_FASTER_SHARE = 0.8;

/** Average month length in ms (365.25 / 12 days), for monthly cost from an observed rate. */
export const MONTH_MS = (365.25 / 12) * 24 * 3600 * 1000;
