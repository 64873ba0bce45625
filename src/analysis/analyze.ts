import { collectAdvisories } from './advisories.js';
import {
  SCHEMA_VERSION,
  type Analysis,
  type Assumptions,
  type Candidate,
  type CpuFractionSource,
  type Finding,
  type Range,
  type Recommendation,
} from './analysis.js';
import { candidateGrid, evaluateCandidate, formatMs, type EvaluatedCandidate, type EvaluationContext } from './candidates.js';
import { chooseCandidate, costScores, decisionP95 } from './choose.js';
import { fitCpuFraction, MIN_INVOCATIONS_PER_SIZE_FOR_FIT, ONE_VCPU_MEMORY_MB } from './duration-model.js';
import type { FunctionObservations } from './observations.js';
import {
  ABOVE_GRID_PROBE_SIZES_MB,
  CLEARLY_FASTER_SHARE,
  COST_TIE_TOLERANCE,
  LAMBDA_MAX_MEMORY_MB,
  MONTH_MS,
  type AnalysisOptions,
} from './options.js';
import { CONFIDENCE_LEVEL, PERCENTILE_DEFINITION } from './percentiles.js';
import { resolvePrices } from './pricing.js';
import { summarizeSize, type SizeStatistics } from './size-statistics.js';

export const BILLING_RULE =
  'billed ms = ceil(Duration + Init Duration) per invocation, plus Billed Restore Duration under SnapStart; INIT is billed on every runtime since 2025-08-01';

export const MEMORY_NOTE =
  'Max Memory Used is the execution environment’s running maximum, so memory percentiles are conservative peaks, not per-request figures.';

/**
 * Analyzes one function: summarizes every observed memory size, models duration and cost
 * at each candidate size, applies memory safety, OOM history, SLO and timeout, and picks
 * a size by the strategy. Pure: it reads no clock, file or environment.
 */
export function analyzeFunction(observations: FunctionObservations, options: AnalysisOptions): Analysis {
  const sizes = observations.sizes.map(summarizeSize).filter((size) => size.summary.invocations > 0);
  if (sizes.length === 0) {
    throw new Error(`Internal error: analyzeFunction received no invocations for ${observations.configuration.functionName}.`);
  }
  const warnings = [...observations.telemetryNotes];
  const totalInvocations = sizes.reduce((sum, size) => sum + size.summary.invocations, 0);

  const currentMemoryMb = observations.configuration.memorySizeMb ?? mostInvokedSize(sizes);
  const prices = resolvePrices({
    region: options.prices.region ?? observations.configuration.region,
    architecture: options.prices.architecture ?? observations.configuration.architecture,
    pricePerGbSecondUsd: options.prices.pricePerGbSecondUsd,
    pricePerRequestUsd: options.prices.pricePerRequestUsd,
  });
  warnings.push(...prices.warnings, ...billingWarnings(sizes));

  const referenceMemoryMb = sizes.some((size) => size.summary.memorySizeMb === currentMemoryMb)
    ? currentMemoryMb
    : mostInvokedSize(sizes);
  const cpuFraction = chooseCpuFraction(observations, options, sizes, referenceMemoryMb);

  const peakMemoryUsedMb = peakMemory(sizes);
  if (peakMemoryUsedMb === null) {
    warnings.push('Max Memory Used is unknown, so no candidate was checked for memory safety.');
  }
  const invocationsPerMonth = monthlyRate(observations, options, totalInvocations);
  warnings.push(...rateWarnings(observations, invocationsPerMonth));

  const context: EvaluationContext = {
    sizes,
    cpuFractions: cpuFraction.value === null ? [0, 1] : [cpuFraction.value],
    referenceMemoryMb,
    currentMemoryMb,
    prices,
    options,
    memoryFloorMb: peakMemoryUsedMb === null ? null : peakMemoryUsedMb * (1 + options.headroomPercent / 100),
    peakMemoryUsedMb,
    oomCeilingMb: oomCeiling(observations, sizes, currentMemoryMb),
    timeoutSeconds: observations.configuration.timeoutSeconds ?? options.timeoutSeconds ?? observations.observedTimeoutSeconds ?? null,
    invocationsPerMonth: invocationsPerMonth.value,
  };

  const grid = candidateGrid(options, sizes.map((size) => size.summary.memorySizeMb), currentMemoryMb);
  const evaluated = grid.map((memoryMb) => evaluateCandidate(memoryMb, true, context));
  const insufficient = totalInvocations < options.minInvocations;

  // With too little data nothing is recommended, but the memory-safe size above the grid
  // is still shown, so that an OOM kill in a short log points at a size.
  let chosen = pick(evaluated, options);
  if (chosen === undefined) {
    chosen = searchAboveGrid(grid, context, options);
    if (chosen !== undefined) evaluated.push(chosen);
  }
  const aboveGridHint =
    chosen === undefined || insufficient ? undefined : probeAboveGrid(grid, chosen, evaluated, context, options);
  if (aboveGridHint !== undefined) evaluated.push(aboveGridHint);

  const current = evaluated.find((candidate) => candidate.row.isCurrent)!;
  fillChangeVsCurrent(evaluated, current);
  if (chosen !== undefined && !insufficient) chosen.row.isRecommended = true;

  const recommendation = recommend({
    chosen,
    evaluated,
    current,
    insufficient,
    totalInvocations,
    context,
    cpuKnown: cpuFraction.value !== null,
  });
  const candidates = evaluated.map((candidate) => candidate.row).sort((a, b) => a.memorySizeMb - b.memorySizeMb);

  const assumptions: Assumptions = {
    region: prices.region,
    architecture: prices.architecture,
    pricePerGbSecondUsd: prices.pricePerGbSecondUsd,
    pricePerRequestUsd: prices.pricePerRequestUsd,
    priceSource: prices.source,
    cpuFraction: { ...cpuFraction, referenceMemoryMb },
    headroomPercent: options.headroomPercent,
    maxP95Ms: options.maxP95Ms,
    strategy: options.strategy,
    balancedCostWeight: options.balancedCostWeight,
    minInvocations: options.minInvocations,
    invocationsPerMonth,
    percentileDefinition: PERCENTILE_DEFINITION,
    confidenceLevel: CONFIDENCE_LEVEL,
    billingRule: BILLING_RULE,
    memoryNote: MEMORY_NOTE,
  };

  const analysis: Analysis = {
    schemaVersion: SCHEMA_VERSION,
    function: {
      name: observations.configuration.functionName,
      runtime: observations.configuration.runtime ?? null,
      architecture: prices.architecture,
      region: prices.region,
      currentMemorySizeMb: currentMemoryMb,
      timeoutSeconds: context.timeoutSeconds,
    },
    source: observations.source,
    window: windowOf(observations),
    invocations: totalInvocations,
    observed: sizes.map((size) => size.summary),
    candidates,
    recommendation,
    advisories: [],
    assumptions,
    parse: observations.parse ?? null,
    warnings,
  };
  analysis.advisories = collectAdvisories(observations, analysis, { aboveGrid: aboveGridHint?.row ?? null, options, prices });
  return analysis;
}

function mostInvokedSize(sizes: SizeStatistics[]): number {
  return sizes.reduce((best, size) => (size.summary.invocations > best.summary.invocations ? size : best)).summary
    .memorySizeMb;
}

function peakMemory(sizes: SizeStatistics[]): number | null {
  const peaks = sizes.map((size) => size.peakMemoryUsedMb).filter((peak): peak is number => peak !== null);
  return peaks.length === 0 ? null : Math.max(...peaks);
}

/** Chooses the CPU-bound fraction by trust: the user's value, then a multi-size fit, then Lambda Insights. */
function chooseCpuFraction(
  observations: FunctionObservations,
  options: AnalysisOptions,
  sizes: SizeStatistics[],
  referenceMemoryMb: number,
): { source: CpuFractionSource; value: number | null; detail: string } {
  if (options.cpuFraction !== null) {
    return { source: 'user', value: options.cpuFraction, detail: `set with --cpu-fraction ${options.cpuFraction}` };
  }

  const points = sizes
    .filter((size) => size.summary.duration.p50 !== null)
    .map((size) => ({
      memorySizeMb: size.summary.memorySizeMb,
      durationMs: size.summary.duration.p50!.value,
      invocations: size.summary.invocations,
    }));
  const fit = fitCpuFraction(points, referenceMemoryMb);
  if (fit !== undefined) {
    const left = points.filter((point) => point.invocations < MIN_INVOCATIONS_PER_SIZE_FOR_FIT).map((point) => `${point.memorySizeMb} MB`);
    const leftOut =
      left.length === 0 ? '' : `; ${left.join(', ')} had fewer than ${MIN_INVOCATIONS_PER_SIZE_FOR_FIT} invocations and ${left.length === 1 ? 'was' : 'were'} left out`;
    return {
      source: 'fit',
      value: fit.cpuFraction,
      detail: `fitted to the median durations of ${fit.pointsUsed} of ${points.length} memory sizes (R² ${fit.rSquared.toFixed(2)}): ${formatMs(fit.waitMs)} waiting plus ${formatMs(fit.cpuWorkMsAtOneVcpu)} of CPU work at one vCPU${leftOut}`,
    };
  }

  if (observations.cpuFractionFromInsights !== undefined) {
    return {
      source: 'lambda-insights',
      value: observations.cpuFractionFromInsights,
      detail: 'cpu_total_time over Duration from Lambda Insights',
    };
  }

  return {
    source: 'unknown',
    value: null,
    detail:
      'only one memory size was observed, so projected rows show the band from I/O-bound (f = 0) to CPU-bound (f = 1); pass --cpu-fraction or observe a second memory size to narrow it',
  };
}

/** Returns the largest memory size with an OOM kill. Kills tied to no REPORT line count at the current size. */
function oomCeiling(observations: FunctionObservations, sizes: SizeStatistics[], currentMemoryMb: number): number | null {
  const sizesWithKills = sizes.filter((size) => size.summary.oomKills > 0).map((size) => size.summary.memorySizeMb);
  if (observations.unattributedOomKills > 0) sizesWithKills.push(currentMemoryMb);
  return sizesWithKills.length === 0 ? null : Math.max(...sizesWithKills);
}

function monthlyRate(
  observations: FunctionObservations,
  options: AnalysisOptions,
  totalInvocations: number,
): Assumptions['invocationsPerMonth'] {
  if (options.invocationsPerMonth !== null) {
    return { value: options.invocationsPerMonth, source: 'user' };
  }
  const start = observations.windowStartMs;
  const end = observations.windowEndMs;
  if (start === undefined || end === undefined || end - start < MIN_RATE_WINDOW_MS || totalInvocations < 2) {
    return { value: null, source: 'unknown' };
  }
  return { value: (totalInvocations / (end - start)) * MONTH_MS, source: 'observed-rate' };
}

/**
 * A span shorter than this gives no monthly rate at all: 150 invocations in a 2.5 s burst
 * would extrapolate to 156 million a month.
 */
const MIN_RATE_WINDOW_MS = 3_600_000;

/** A rate measured over less than this many hours is shown with a warning. */
const RELIABLE_RATE_WINDOW_HOURS = 24;

function rateWarnings(observations: FunctionObservations, rate: Assumptions['invocationsPerMonth']): string[] {
  if (rate.source === 'user') return [];
  const hasSpan =
    observations.windowStartMs !== undefined &&
    observations.windowEndMs !== undefined &&
    observations.windowEndMs > observations.windowStartMs;
  if (rate.value === null && hasSpan) {
    return [
      `The invocations span only ${formatSpan(observations)}, too short to measure a monthly rate, so no monthly cost is shown; pass --invocations-per-month.`,
    ];
  }
  if (rate.value === null) {
    return ['The input carries no time span to measure an invocation rate, so no monthly cost is shown; pass --invocations-per-month.'];
  }
  if ((windowOf(observations).hours ?? 0) < RELIABLE_RATE_WINDOW_HOURS) {
    return [
      `The invocations span only ${formatSpan(observations)}, so the monthly rate extrapolated from them (${Math.round(rate.value).toLocaleString('en-US')}) may not hold; pass --invocations-per-month.`,
    ];
  }
  return [];
}

function formatSpan(observations: FunctionObservations): string {
  const spanMs = (observations.windowEndMs ?? 0) - (observations.windowStartMs ?? 0);
  if (spanMs < 60_000) return `${(spanMs / 1000).toFixed(1)} s`;
  if (spanMs < 3_600_000) return `${(spanMs / 60_000).toFixed(1)} min`;
  return `${(spanMs / 3_600_000).toFixed(1)} h`;
}

function windowOf(observations: FunctionObservations): Analysis['window'] {
  const start = observations.windowStartMs;
  const end = observations.windowEndMs;
  return {
    start: start === undefined ? null : new Date(start).toISOString(),
    end: end === undefined ? null : new Date(end).toISOString(),
    hours: start === undefined || end === undefined ? null : (end - start) / 3_600_000,
  };
}

function billingWarnings(sizes: SizeStatistics[]): string[] {
  const warnings: string[] = [];
  const legacy = sizes.filter((size) => size.legacyHundredMsBilling);
  if (legacy.length > 0) {
    warnings.push(
      'Billed Duration in these logs is rounded up to 100 ms, as before December 2020; costs use today’s 1 ms rounding.',
    );
  }
  const withoutInit = sizes.reduce((sum, size) => sum + size.coldStartsBilledWithoutInit, 0);
  if (withoutInit > 0) {
    warnings.push(
      `${withoutInit} cold start(s) were billed without Init Duration, as on managed runtimes before 2025-08-01; costs include INIT as it is billed today.`,
    );
  }
  return warnings;
}

function pick(evaluated: EvaluatedCandidate[], options: AnalysisOptions): EvaluatedCandidate | undefined {
  const viable = evaluated.filter((candidate) => candidate.row.viable);
  const index = chooseCandidate(viable, options.strategy, options.balancedCostWeight);
  return index < 0 ? undefined : viable[index];
}

/**
 * When no grid size is viable, walks up from the grid's top in the grid's step and returns
 * the first viable size. Sizes below the memory floor and the OOM history are skipped
 * without evaluation, and above one vCPU only the first size is tried, because the model
 * predicts the same durations for every size there.
 */
function searchAboveGrid(grid: number[], context: EvaluationContext, options: AnalysisOptions): EvaluatedCandidate | undefined {
  const step = Math.max(options.stepMb, 64);
  const memorySafeMb = Math.max(context.memoryFloorMb ?? 0, (context.oomCeilingMb ?? 0) + 1);
  let memoryMb = Math.max(...grid) + step;
  while (memoryMb < memorySafeMb) memoryMb += step;

  for (; memoryMb <= LAMBDA_MAX_MEMORY_MB; memoryMb += step) {
    const candidate = evaluateCandidate(memoryMb, false, context);
    if (candidate.row.viable) return candidate;
    if (memoryMb >= ONE_VCPU_MEMORY_MB) return undefined;
  }
  return undefined;
}

/** Returns an above-grid size that is as cheap as the choice (within 1%) and clearly faster, if any. */
function probeAboveGrid(
  grid: number[],
  chosen: EvaluatedCandidate,
  evaluated: EvaluatedCandidate[],
  context: EvaluationContext,
  options: AnalysisOptions,
): EvaluatedCandidate | undefined {
  const top = Math.max(...grid, ...evaluated.map((candidate) => candidate.row.memorySizeMb));
  for (const memoryMb of ABOVE_GRID_PROBE_SIZES_MB) {
    if (memoryMb <= top) continue;
    const probe = evaluateCandidate(memoryMb, false, context);
    if (!probe.row.viable) continue;
    const viable = [...evaluated.filter((candidate) => candidate.row.viable), probe];
    const scores = costScores(viable);
    const chosenScore = scores[viable.indexOf(chosen)]!;
    const probeScore = scores[scores.length - 1]!;
    if (probeScore <= chosenScore * (1 + COST_TIE_TOLERANCE) && decisionP95(probe) <= decisionP95(chosen) * CLEARLY_FASTER_SHARE) {
      return probe;
    }
  }
  void options;
  return undefined;
}

function fillChangeVsCurrent(evaluated: EvaluatedCandidate[], current: EvaluatedCandidate): void {
  for (const candidate of evaluated) {
    const changes = candidate.projections.map(
      (projection, world) => (projection.costPerInvocationUsd / current.projections[world]!.costPerInvocationUsd - 1) * 100,
    );
    candidate.row.changeVsCurrentPercent = { low: Math.min(...changes), high: Math.max(...changes) };
  }
}

interface RecommendInput {
  chosen: EvaluatedCandidate | undefined;
  evaluated: EvaluatedCandidate[];
  current: EvaluatedCandidate;
  insufficient: boolean;
  totalInvocations: number;
  context: EvaluationContext;
  cpuKnown: boolean;
}

function recommend(input: RecommendInput): Recommendation {
  const { chosen, current, context } = input;
  if (input.insufficient) {
    return {
      memorySizeMb: null,
      finding: 'insufficient-data',
      reason: `Only ${input.totalInvocations} invocation(s) were observed and at least ${context.options.minInvocations} are needed (--min-invocations), so the figures below are not a basis for a change.`,
      monthlySavingsUsd: null,
    };
  }
  if (chosen === undefined) {
    return { memorySizeMb: null, finding: 'no-viable-size', reason: noViableSizeReason(input), monthlySavingsUsd: null };
  }

  const savings = monthlySavings(chosen.row, current.row);
  const target = chosen.row.memorySizeMb;
  const currentMb = current.row.memorySizeMb;
  let finding: Finding = 'optimized';
  if (target < currentMb) finding = 'over-provisioned';
  if (target > currentMb) finding = 'under-provisioned';

  return { memorySizeMb: target, finding, reason: reasonFor(finding, chosen.row, current.row, input), monthlySavingsUsd: savings };
}

/**
 * Explains why no size is viable. Once the model predicts no speed-up (above one vCPU, or
 * an I/O-bound function), memory cannot fix a P95 over the SLO or a P99 near the timeout.
 * So the reason names the fastest size and its P95 instead of asking for more memory.
 */
function noViableSizeReason(input: RecommendInput): string {
  const rows = input.evaluated.map((candidate) => candidate.row);
  const memorySafe = rows.filter((row) =>
    row.rejections.every((rejection) => !rejection.startsWith('below memory floor') && !rejection.startsWith('OOM kill')),
  );
  if (memorySafe.length === 0) {
    return `No memory size up to ${LAMBDA_MAX_MEMORY_MB.toLocaleString('en-US')} MB is above the memory floor and the OOM history; see the rejections in the table.`;
  }
  const fastest = memorySafe.reduce((best, row) => (row.p95Ms.high < best.p95Ms.high ? row : best));
  const limits: string[] = [];
  if (input.context.options.maxP95Ms !== null) limits.push(`the ${formatMs(input.context.options.maxP95Ms)} P95 SLO`);
  if (input.context.timeoutSeconds !== null) limits.push(`the ${input.context.timeoutSeconds} s timeout`);
  return `No size meets ${limits.join(' and ') || 'the limits'}: the fastest memory-safe size, ${fastest.memorySizeMb} MB, has a projected P95 of ${formatRangeMs(fastest.p95Ms)} and P99 of ${formatRangeMs(fastest.p99Ms)}, and the model predicts no further speed-up from more memory; the duration itself must come down.`;
}

/**
 * Notes the sizes that fail the SLO only at the CPU-bound end of an unknown-fraction band:
 * they might meet it, and knowing the fraction would tell.
 */
function bandSloNote(input: RecommendInput): string {
  const maxP95Ms = input.context.options.maxP95Ms;
  if (input.cpuKnown || maxP95Ms === null) return '';
  const onlyTheBand = input.evaluated
    .map((candidate) => candidate.row)
    .filter((row) => !row.viable && row.rejections.length === 1 && row.rejections[0]!.includes('SLO') && row.p95Ms.low <= maxP95Ms);
  if (onlyTheBand.length === 0) return '';
  const sizes = onlyTheBand.map((row) => `${row.memorySizeMb} MB`).join(', ');
  return ` ${sizes} would meet the ${formatMs(maxP95Ms)} SLO if the function waits on I/O but not if it is CPU-bound; pass --cpu-fraction, or observe a second memory size, to decide.`;
}

function monthlySavings(chosen: Candidate, current: Candidate): Range | null {
  if (chosen.monthlyCostUsd === null || current.monthlyCostUsd === null) return null;
  const low = current.monthlyCostUsd.low - chosen.monthlyCostUsd.low;
  const high = current.monthlyCostUsd.high - chosen.monthlyCostUsd.high;
  return { low: Math.min(low, high), high: Math.max(low, high) };
}

function formatRangeMs(range: Range): string {
  return Math.abs(range.high - range.low) < 1e-9 ? formatMs(range.low) : `${formatMs(range.low)}–${formatMs(range.high)}`;
}

function formatPercentRange(range: Range | null): string {
  if (range === null) return '';
  const format = (value: number): string => `${value > 0 ? '+' : ''}${value.toFixed(1)}%`;
  return Math.abs(range.high - range.low) < 0.05 ? format(range.low) : `${format(range.low)} to ${format(range.high)}`;
}

function reasonFor(finding: Finding, chosen: Candidate, current: Candidate, input: RecommendInput): string {
  const peak = input.context.peakMemoryUsedMb;
  const peakText = peak === null ? 'an unknown amount of memory' : `at most ${peak} MB`;
  const change = formatPercentRange(chosen.changeVsCurrentPercent);
  const band = input.cpuKnown ? '' : ' (CPU-bound fraction unknown: the band runs from I/O-bound to CPU-bound)';

  if (finding === 'optimized') {
    const nothingBetter = {
      cost: 'no other viable size is more than 1% cheaper (a tie goes to the faster size)',
      speed: 'no other viable size is more than 1% faster',
      balanced: `no other viable size scores better on cost and P95 weighted ${input.context.options.balancedCostWeight} to ${1 - input.context.options.balancedCostWeight}`,
    }[input.context.options.strategy];
    return `${current.memorySizeMb} MB is already the best size for the ${input.context.options.strategy} strategy: the function uses ${peakText}, P95 is ${formatRangeMs(current.p95Ms)}, and ${nothingBetter}.${bandSloNote(input)}`;
  }
  if (finding === 'over-provisioned') {
    return `At ${current.memorySizeMb} MB the function uses ${peakText}; ${chosen.memorySizeMb} MB keeps the memory floor and changes cost per invocation by ${change}, with a projected P95 of ${formatRangeMs(chosen.p95Ms)} against ${formatRangeMs(current.p95Ms)} now${band}.`;
  }
  const why = current.rejections.length > 0 ? current.rejections.join('; ') : 'a faster or cheaper size exists above it';
  return `${current.memorySizeMb} MB is not enough (${why}); ${chosen.memorySizeMb} MB is the best viable size, changing cost per invocation by ${change}, with a projected P95 of ${formatRangeMs(chosen.p95Ms)}${band}.`;
}
