import type { Advisory, Analysis, Candidate } from './analysis.js';
import { formatMs } from './candidates.js';
import { architectureAdvisories } from './advisories/architecture.js';
import { coldStartAdvisories } from './advisories/cold-start.js';
import { extensionAdvisories } from './advisories/extension.js';
import { gcSettingsAdvisories } from './advisories/gc-settings.js';
import { memoryAdvisories } from './advisories/memory.js';
import { runtimeAdvisories } from './advisories/runtime.js';
import type { AdvisoryInput } from './advisories/shared.js';
import { timeoutAdvisories } from './advisories/timeout.js';
import type { FunctionObservations } from './observations.js';
import type { AnalysisOptions } from './options.js';
import type { ResolvedPrices } from './pricing.js';

/** Facts the engine found while choosing that advisories report. */
export interface AdvisoryContext {
  /** A size above the grid that is as cheap as the recommendation and clearly faster. */
  aboveGrid: Candidate | null;
  /** The options of the analysis, for the advisory thresholds. */
  options: AnalysisOptions;
  /** The prices of the analysis, including the other architecture's price for the arm64 advisory. */
  prices: ResolvedPrices;
}

/** Collects the advisories shown beside the recommendation, most severe first. */
export function collectAdvisories(
  observations: FunctionObservations,
  analysis: Analysis,
  context: AdvisoryContext,
): Advisory[] {
  const advisories: Advisory[] = [];

  if (context.aboveGrid !== null) {
    const recommended = analysis.candidates.find((candidate) => candidate.isRecommended);
    advisories.push({
      code: 'above-grid-faster',
      severity: 'info',
      title: `${context.aboveGrid.memorySizeMb} MB costs about the same and is clearly faster`,
      evidence: `P95 ${formatMs(context.aboveGrid.p95Ms.high)} at ${context.aboveGrid.memorySizeMb} MB against ${formatMs(recommended?.p95Ms.high ?? Number.NaN)} at ${recommended?.memorySizeMb ?? '?'} MB, cost per 1M invocations $${context.aboveGrid.costPerMillionUsd.high.toFixed(2)} against $${(recommended?.costPerMillionUsd.high ?? Number.NaN).toFixed(2)}`,
      fix: `The function is CPU-bound, so more memory buys speed at no extra cost. Widen the grid with --max-memory ${context.aboveGrid.memorySizeMb} to consider it.`,
    });
  }

  if (analysis.assumptions.cpuFraction.source === 'unknown' && observations.sizes.length > 0) {
    advisories.push({
      code: 'cpu-fraction-unknown',
      severity: 'info',
      title: 'Projected durations are a band, not a point',
      evidence: `All ${analysis.invocations} invocations ran at ${analysis.observed.map((size) => `${size.memorySizeMb} MB`).join(', ')}, so the CPU-bound share of the duration cannot be measured`,
      fix: 'Run the function at a second memory size for a day (the next analysis fits the share), enable Lambda Insights, or pass --cpu-fraction if you know it.',
    });
  }

  const input: AdvisoryInput = { observations, analysis, options: context.options, prices: context.prices };
  advisories.push(
    ...runtimeAdvisories(input),
    ...memoryAdvisories(input),
    ...gcSettingsAdvisories(input),
    ...timeoutAdvisories(input),
    ...coldStartAdvisories(input),
    ...extensionAdvisories(input),
    ...architectureAdvisories(input),
  );

  // Array.prototype.sort is stable, so advisories of one severity keep the order above.
  const order = { critical: 0, warning: 1, info: 2 } as const;
  return advisories.sort((a, b) => order[a.severity] - order[b.severity]);
}
