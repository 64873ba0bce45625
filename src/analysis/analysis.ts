/**
 * The output of the analysis. The JSON report is this value as it is (schema version 1,
 * described field by field in docs/json-output.md), and every other format renders it.
 * Durations are in ms, memory in MB, money in USD.
 */

import type { Architecture, ObservationSource, ParseStatistics } from './observations.js';
import type { PercentileEstimate } from './percentiles.js';

export const SCHEMA_VERSION = 1;

export type Strategy = 'cost' | 'speed' | 'balanced';

/**
 * The verdict on the current size. `no-viable-size` means no size meets the memory floor,
 * the OOM history, the SLO and the timeout together, so memory alone cannot fix it.
 */
export type Finding = 'over-provisioned' | 'under-provisioned' | 'optimized' | 'insufficient-data' | 'no-viable-size';

/** A value known exactly (low = high) or only as a band between the I/O-bound and CPU-bound cases. */
export interface Range {
  low: number;
  high: number;
}

export interface ObservedSize {
  memorySizeMb: number;
  invocations: number;
  /** Whether the figures below come from per-invocation samples or from statistics the source computed. */
  basis: 'samples' | 'summary';
  duration: {
    p50: PercentileEstimate | null;
    p90: PercentileEstimate | null;
    p95: PercentileEstimate | null;
    p99: PercentileEstimate | null;
    maxMs: number | null;
    meanMs: number;
  };
  /** Mean Billed Duration as the source reported it. */
  billedDurationMeanMs: number | null;
  maxMemoryUsedMb: { p50: number | null; p95: number | null; max: number | null };
  coldStarts: number;
  initDurationMs: { p50: number; p95: number } | null;
  timeouts: number;
  errors: number;
  oomKills: number;
}

export type CandidateKind = 'observed' | 'projected';

export interface Candidate {
  memorySizeMb: number;
  kind: CandidateKind;
  /** False for sizes outside the candidate grid that are shown because they matter (for example one vCPU). */
  inGrid: boolean;
  /** Invocations behind the row: measured at this size, or at the size it was projected from. */
  invocations: number;
  projectedFromMb: number | null;
  p50Ms: Range;
  p95Ms: Range;
  p99Ms: Range;
  /** 95% confidence interval of P95; for projected rows, the observed interval scaled by the model. */
  p95Interval: { lower: number | null; upper: number | null } | null;
  /** Mean billed duration under the current billing rule (1 ms rounding, INIT billed). */
  billedMeanMs: Range;
  costPerMillionUsd: Range;
  monthlyCostUsd: Range | null;
  changeVsCurrentPercent: Range | null;
  /** How far the size is above the peak Max Memory Used, in percent of that peak. */
  memoryHeadroomPercent: number | null;
  viable: boolean;
  /** Why the size is not viable, one short phrase per reason. Empty when viable. */
  rejections: string[];
  isCurrent: boolean;
  isRecommended: boolean;
}

export type AdvisorySeverity = 'info' | 'warning' | 'critical';

export interface Advisory {
  code: string;
  severity: AdvisorySeverity;
  title: string;
  /** The numbers that triggered the advisory. */
  evidence: string;
  fix: string;
}

export type CpuFractionSource = 'fit' | 'lambda-insights' | 'user' | 'unknown';

export interface Assumptions {
  region: string;
  architecture: Architecture;
  pricePerGbSecondUsd: number;
  pricePerRequestUsd: number;
  priceSource: string;
  cpuFraction: {
    source: CpuFractionSource;
    /** The fraction at `referenceMemoryMb`; null when unknown (the report then shows the 0..1 band). */
    value: number | null;
    referenceMemoryMb: number;
    detail: string;
  };
  headroomPercent: number;
  maxP95Ms: number | null;
  strategy: Strategy;
  balancedCostWeight: number;
  minInvocations: number;
  invocationsPerMonth: { value: number | null; source: 'user' | 'observed-rate' | 'unknown' };
  percentileDefinition: string;
  confidenceLevel: number;
  billingRule: string;
  memoryNote: string;
}

export interface Recommendation {
  memorySizeMb: number | null;
  finding: Finding;
  /** One sentence with the numbers behind the finding. */
  reason: string;
  monthlySavingsUsd: Range | null;
}

export interface Analysis {
  schemaVersion: typeof SCHEMA_VERSION;
  function: {
    name: string;
    runtime: string | null;
    architecture: Architecture;
    region: string;
    currentMemorySizeMb: number;
    timeoutSeconds: number | null;
  };
  source: ObservationSource;
  window: { start: string | null; end: string | null; hours: number | null };
  invocations: number;
  observed: ObservedSize[];
  candidates: Candidate[];
  recommendation: Recommendation;
  advisories: Advisory[];
  assumptions: Assumptions;
  parse: ParseStatistics | null;
  /** Plain statements about missing data, fallbacks and prices, shown with every report. */
  warnings: string[];
}
