import type { Advisory } from '../analysis.js';
import { formatMs } from '../candidates.js';
import { formatCount, formatShare, formatUsd, threshold, type AdvisoryInput } from './shared.js';

/**
 * Advises on time that extensions add to each invocation: the `extensionOverhead` spans of
 * JSON-format `platform.report` records. Lambda bills Duration up to the moment every extension
 * has finished, so this time is paid at the function's memory size, and memory raised to speed it
 * up buys CPU for the extension rather than for the handler.
 *
 * NOTE: the analysis sees extension time only as `extensionOverheadMsTotal`. Text-format REPORT
 * lines carry no such span, so with them this advisory stays silent unless the source derived
 * the overhead (for example as Duration minus the `platform.runtimeDone` duration).
 */
export function extensionAdvisories(input: AdvisoryInput): Advisory[] {
  const { observations, analysis, prices } = input;
  const sizes = observations.sizes.filter((size) => size.extensionOverheadCount > 0 && size.extensionOverheadMsTotal > 0);
  if (sizes.length === 0) return [];

  let overheadMs = 0;
  let reports = 0;
  let durationMs = 0;
  let overheadGbSeconds = 0;
  for (const size of sizes) {
    overheadMs += size.extensionOverheadMsTotal;
    reports += size.extensionOverheadCount;
    durationMs += totalDurationMs(input, size.memorySizeMb);
    overheadGbSeconds += (size.extensionOverheadMsTotal / 1000) * (size.memorySizeMb / 1024);
  }
  const share = durationMs > 0 ? overheadMs / durationMs : Number.NaN;
  const maxShare = threshold(input.options, 'extensionOverheadShare');
  if (!(share > maxShare)) return [];

  const invocations = sizes.reduce((sum, size) => sum + size.invocations, 0);
  const windowCost = overheadGbSeconds * prices.pricePerGbSecondUsd;
  const rate = analysis.assumptions.invocationsPerMonth.value;
  const costText =
    rate === null
      ? `${formatUsd(windowCost)} over the ${formatCount(invocations)} invocations observed (monthly rate unknown)`
      : `about ${formatUsd((windowCost * rate) / analysis.invocations)} a month at ${formatCount(Math.round(rate))} invocations`;

  return [
    {
      code: 'extension-overhead',
      severity: 'warning',
      title: `Extensions add ${formatShare(share)} to Duration`,
      evidence: `extensionOverhead in ${formatCount(reports)} of ${formatCount(invocations)} reports at ${sizes.map((size) => `${size.memorySizeMb} MB`).join(', ')}: ${formatMs(overheadMs)} in total, ${formatMs(overheadMs / reports)} on average, ${formatShare(share)} of ${formatMs(durationMs)} of Duration (limit ${formatShare(maxShare)}); it costs ${costText}`,
      fix: 'Remove extensions the function does not need, configure telemetry extensions to send asynchronously or in batches, and check whether the memory size was raised only to make an extension faster.',
    },
  ];
}

function totalDurationMs(input: AdvisoryInput, memorySizeMb: number): number {
  const size = input.observations.sizes.find((candidate) => candidate.memorySizeMb === memorySizeMb);
  const samples = size?.samples;
  if (samples !== undefined) {
    return samples.durationMs.reduce((sum, duration) => (Number.isFinite(duration) ? sum + duration : sum), 0);
  }
  const observed = input.analysis.observed.find((candidate) => candidate.memorySizeMb === memorySizeMb);
  return observed === undefined ? 0 : observed.duration.meanMs * observed.invocations;
}
