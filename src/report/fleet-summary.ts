import type { Analysis, Finding, Range } from '../analysis/analysis.js';
import type { ReportSet } from './report-set.js';

export const FINDINGS: readonly Finding[] = ['over-provisioned', 'under-provisioned', 'optimized', 'insufficient-data', 'no-viable-size'];

/** One function's line in the fleet summary, in USD a month. */
export interface FleetSummaryEntry {
  name: string;
  region: string;
  finding: Finding;
  currentMemorySizeMb: number;
  recommendedMemorySizeMb: number | null;
  currentMonthlyCostUsd: Range | null;
  recommendedMonthlyCostUsd: Range | null;
  monthlySavingsUsd: Range | null;
}

/** Totals of a fleet audit. Ranges add the low and the high ends of each function's band separately. */
export interface FleetSummary {
  functions: { analysed: number; failed: number; idle: number };
  findings: Record<Finding, number>;
  currentMonthlyCostUsd: Range;
  recommendedMonthlyCostUsd: Range;
  monthlySavingsUsd: Range;
  /** Analysed functions left out of the cost totals because their invocation rate is unknown. */
  functionsWithoutCost: number;
  /** Every analysed function, the largest savings (high end) first. */
  bySavings: FleetSummaryEntry[];
  idle: { name: string; region: string }[];
}

function entryOf(analysis: Analysis): FleetSummaryEntry {
  const current = analysis.candidates.find((candidate) => candidate.isCurrent);
  const recommended = analysis.candidates.find((candidate) => candidate.isRecommended);
  return {
    name: analysis.function.name,
    region: analysis.function.region,
    finding: analysis.recommendation.finding,
    currentMemorySizeMb: analysis.function.currentMemorySizeMb,
    recommendedMemorySizeMb: analysis.recommendation.memorySizeMb,
    currentMonthlyCostUsd: current?.monthlyCostUsd ?? null,
    // Without a recommendation the function stays at its current size and cost.
    recommendedMonthlyCostUsd: (recommended ?? current)?.monthlyCostUsd ?? null,
    monthlySavingsUsd: analysis.recommendation.monthlySavingsUsd,
  };
}

const addRange = (total: Range, value: Range | null): Range =>
  value === null ? total : { low: total.low + value.low, high: total.high + value.high };

/** Sums costs and counts findings over the run's analyses. */
export function summarizeFleet(report: ReportSet): FleetSummary {
  const entries = report.analyses.map(entryOf);
  const findings = Object.fromEntries(FINDINGS.map((finding) => [finding, 0])) as Record<Finding, number>;
  let current: Range = { low: 0, high: 0 };
  let recommended: Range = { low: 0, high: 0 };
  let savings: Range = { low: 0, high: 0 };
  let functionsWithoutCost = 0;
  for (const entry of entries) {
    findings[entry.finding]++;
    if (entry.currentMonthlyCostUsd === null) {
      functionsWithoutCost++;
      continue;
    }
    current = addRange(current, entry.currentMonthlyCostUsd);
    recommended = addRange(recommended, entry.recommendedMonthlyCostUsd);
    savings = addRange(savings, entry.monthlySavingsUsd);
  }
  const bySavings = [...entries].sort(
    (a, b) => (b.monthlySavingsUsd?.high ?? 0) - (a.monthlySavingsUsd?.high ?? 0) || a.name.localeCompare(b.name) || a.region.localeCompare(b.region),
  );
  return {
    functions: { analysed: report.analyses.length, failed: report.failures.length, idle: report.idle?.length ?? 0 },
    findings,
    currentMonthlyCostUsd: current,
    recommendedMonthlyCostUsd: recommended,
    monthlySavingsUsd: savings,
    functionsWithoutCost,
    bySavings,
    idle: (report.idle ?? []).map((entry) => ({ name: entry.functionName, region: entry.region })),
  };
}
