import type { Advisory } from '../analysis.js';
import { fixFor, formatCount, formatShare, formatUsdRange, goLikelihood, targetCandidate, type AdvisoryInput } from './shared.js';

/**
 * Advises arm64 on x86_64 functions: the recommended size's cost at the arm64 duration price,
 * with the same billed durations. The durations are an assumption, so the result is an estimate.
 * Lambda Managed Instances are priced per instance, so they get no such advice.
 */
export function architectureAdvisories(input: AdvisoryInput): Advisory[] {
  const { analysis, prices, observations } = input;
  if (analysis.function.architecture !== 'x86_64' || observations.configuration.managedInstances === true) return [];
  const target = targetCandidate(analysis);
  // A size that is not viable (OOM kills, below the memory floor) is no basis for a price comparison.
  if (target === undefined || !target.viable || !Number.isFinite(target.billedMeanMs.low)) return [];

  const gb = target.memorySizeMb / 1024;
  const armPerMillion = (billedMs: number): number =>
    ((billedMs / 1000) * gb * prices.alternativePricePerGbSecondUsd + prices.pricePerRequestUsd) * 1_000_000;
  const x86 = target.costPerMillionUsd;
  const arm = { low: armPerMillion(target.billedMeanMs.low), high: armPerMillion(target.billedMeanMs.high) };
  const label = `${target.memorySizeMb} MB (${target.isRecommended ? 'recommended' : 'current'})`;
  const priceText = `$${prices.pricePerGbSecondUsd} against $${prices.alternativePricePerGbSecondUsd} per GB-second`;

  const rate = analysis.assumptions.invocationsPerMonth.value;
  let costText: string;
  let savingText: string;
  if (rate === null) {
    costText = `${formatUsdRange(x86.low, x86.high)} per 1M invocations on x86_64 against ${formatUsdRange(arm.low, arm.high)} on arm64`;
    savingText = `saving ${formatUsdRange(x86.low - arm.low, x86.high - arm.high)} per 1M invocations (monthly rate unknown: pass --invocations-per-month)`;
  } else {
    const monthly = (perMillion: number): number => (perMillion * rate) / 1_000_000;
    costText = `${formatUsdRange(monthly(x86.low), monthly(x86.high))} a month on x86_64 against ${formatUsdRange(monthly(arm.low), monthly(arm.high))} on arm64`;
    savingText = `saving about ${formatUsdRange(monthly(x86.low - arm.low), monthly(x86.high - arm.high))} a month at ${formatCount(Math.round(rate))} invocations (${formatShare((x86.high - arm.high) / x86.high)} of the cost)`;
  }

  return [
    {
      code: 'arm64-savings',
      severity: 'info',
      title: `arm64 would cost less at ${target.memorySizeMb} MB`,
      evidence: `At ${label}: ${costText} (${priceText}), ${savingText}. Estimate: it assumes the same durations, and arm64 speed differs by workload.`,
      fix: fixFor(
        goLikelihood(observations.configuration.runtime),
        'Rebuild with GOOS=linux GOARCH=arm64 (pure Go cross-compiles; cgo needs an arm64 toolchain), set the function’s architecture to arm64, and compare Duration for a day before keeping it.',
        'Check that native dependencies have arm64 builds, set the function’s architecture to arm64, and compare Duration for a day before keeping it.',
      ),
    },
  ];
}
