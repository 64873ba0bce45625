import type { Advisory } from '../analysis.js';
import { formatMs } from '../candidates.js';
import { sparseValueAt, type MemorySizeObservation } from '../observations.js';
import { quantileOfSorted } from '../percentiles.js';
import { billedMilliseconds } from '../size-statistics.js';
import { fixFor, formatCount, formatShare, goLikelihood, threshold, timedOutMask, timeoutSetting, type AdvisoryInput } from './shared.js';

/** Init Duration figures across every observed size. */
interface InitFigures {
  coldStarts: number;
  /** Steady-state Init Duration percentiles, without the outliers that follow a timeout. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** Init Durations on the invocation right after a timeout, in ms. */
  afterTimeoutMs: number[];
  /** INIT time and billed time, as billed today, from per-invocation samples. Null without samples. */
  initMsTotal: number | null;
  billedMsTotal: number | null;
}

/**
 * Advises on slow or costly cold starts: a steady-state Init Duration P95 above
 * `coldStartInitP95Ms`, or INIT above `coldStartInitBilledShare` of all billed time.
 * INIT is billed on every runtime since 2025-08-01 and always was on `provided.*`.
 */
/**
 * An Init Duration P95 at or below this is treated as already short: about what a small Go
 * binary on provided.al2023 takes to start (an estimate from the bundled Go logs, 53-63 ms),
 * so moving work out of INIT cannot shorten it much.
 */
const SHORT_INIT_P95_MS = 100;

export function coldStartAdvisories(input: AdvisoryInput): Advisory[] {
  const figures = initFigures(input);
  if (figures.coldStarts === 0) return [];

  const maxP95Ms = threshold(input.options, 'coldStartInitP95Ms');
  const maxShare = threshold(input.options, 'coldStartInitBilledShare');
  const share =
    figures.initMsTotal === null || figures.billedMsTotal === null || figures.billedMsTotal <= 0
      ? null
      : figures.initMsTotal / figures.billedMsTotal;
  const slow = figures.p95Ms !== null && figures.p95Ms > maxP95Ms;
  const costly = share !== null && share > maxShare;
  if (!slow && !costly) return [];

  const invocations = input.analysis.invocations;
  const parts = [
    `${formatCount(figures.coldStarts)} of ${formatCount(invocations)} invocations were cold starts (${formatShare(figures.coldStarts / invocations)})`,
    `Init Duration P50 ${formatMs(figures.p50Ms ?? Number.NaN)}, P95 ${formatMs(figures.p95Ms ?? Number.NaN)} (threshold ${formatMs(maxP95Ms)})`,
    share === null
      ? 'share of billed time in INIT unknown without per-invocation samples'
      : `INIT is ${formatShare(share)} of billed time (${formatMs(figures.initMsTotal!)} of ${formatMs(figures.billedMsTotal!)}; threshold ${formatShare(maxShare)})`,
  ];
  if (figures.afterTimeoutMs.length > 0) {
    parts.push(
      `${figures.afterTimeoutMs.length} Init Duration(s) right after a timeout (up to ${formatMs(Math.max(...figures.afterTimeoutMs))}) are left out of the percentiles but counted in the INIT share`,
    );
  }

  const title = slow
    ? `Slow cold starts: Init Duration P95 is ${formatMs(figures.p95Ms!)}`
    : `Cold starts take ${formatShare(share!)} of billed time`;
  const likelihood = goLikelihood(input.observations.configuration.runtime);
  if (!slow && figures.p95Ms !== null && figures.p95Ms <= SHORT_INIT_P95_MS) {
    // INIT itself is quick, so its share of the bill comes from how often environments start.
    return [
      {
        code: 'cold-start',
        severity: 'warning',
        title,
        evidence: parts.join('; '),
        fix: `Init Duration is already short (P95 ${formatMs(figures.p95Ms ?? Number.NaN)}), so moving work out of INIT will not help much; the share comes from the cold-start rate of ${formatShare(figures.coldStarts / invocations)}. New environments start on bursts of concurrency and after idle periods: smooth bursts (batching, queue buffering), or use provisioned concurrency where latency matters. Logs that cover a short burst overstate the rate.`,
      },
    ];
  }
  return [
    {
      code: 'cold-start',
      severity: 'warning',
      title,
      evidence: parts.join('; '),
      fix: fixFor(
        likelihood,
        'Create SDK clients, parse configuration and open connections once, in package-level variables set before lambda.Start, so no invocation repeats them; put what only some requests need behind sync.Once so it runs on first use, and keep main and init() light. Go bills INIT on provided.* runtimes, so every millisecond of it is paid.',
        'Create SDK clients, parse configuration and open connections once per execution environment (module or static scope, outside the handler), load rarely used dependencies lazily, and keep the start-up path short. INIT is billed on every runtime since 2025-08-01.',
      ),
    },
  ];
}

function initFigures(input: AdvisoryInput): InitFigures {
  const sizes = input.observations.sizes;
  const coldStarts = sizes.reduce((sum, size) => sum + size.coldStarts, 0);
  const withSamples = sizes.filter((size) => size.samples !== undefined && size.invocations > 0);
  if (withSamples.length === 0) return summaryFigures(sizes, coldStarts);

  const timeoutSeconds = timeoutSetting(input);
  const steady: number[] = [];
  const afterTimeoutMs: number[] = [];
  let initMsTotal = 0;
  let billedMsTotal = 0;
  for (const size of withSamples) {
    const samples = size.samples!;
    const outliers = initAfterTimeout(size, timedOutMask(size, timeoutSeconds));
    const inits = samples.initDurationMs;
    let next = 0;
    for (let i = 0; i < samples.durationMs.length; i++) {
      let init = Number.NaN;
      if (inits.indexes[next] === i) init = inits.valuesMs[next++] as number;
      const billed = samples.billedDurationMs[i] as number;
      const duration = samples.durationMs[i] as number;
      if (Number.isFinite(init)) {
        initMsTotal += init;
        if (outliers.has(i)) afterTimeoutMs.push(init);
        else steady.push(init);
        // Logs from before INIT was billed show Billed Duration without it; count it as billed today.
        billedMsTotal += Math.max(Number.isFinite(billed) ? billed : 0, billedMilliseconds(duration + init));
      } else if (Number.isFinite(billed)) {
        billedMsTotal += billed;
      }
    }
  }

  const sorted = Float64Array.from(steady).sort();
  return {
    coldStarts,
    p50Ms: sorted.length === 0 ? null : quantileOfSorted(sorted, 0.5),
    p95Ms: sorted.length === 0 ? null : quantileOfSorted(sorted, 0.95),
    afterTimeoutMs,
    initMsTotal,
    billedMsTotal,
  };
}

/** Without samples, percentiles cannot be pooled: the size with the most cold starts speaks for all. */
function summaryFigures(sizes: MemorySizeObservation[], coldStarts: number): InitFigures {
  const withSummary = sizes.filter((size) => size.initDurationSummary !== undefined);
  const busiest = withSummary.sort((a, b) => b.coldStarts - a.coldStarts)[0];
  return {
    coldStarts,
    p50Ms: busiest?.initDurationSummary?.p50Ms ?? null,
    p95Ms: busiest?.initDurationSummary?.p95Ms ?? null,
    afterTimeoutMs: [],
    initMsTotal: null,
    billedMsTotal: null,
  };
}

/**
 * Returns the indexes of cold starts that come right after a timed-out invocation in time
 * order. After a timeout Lambda resets the environment, and the next INIT often runs long
 * while extensions recover, so it tells nothing about the function's own start-up.
 */
function initAfterTimeout(size: MemorySizeObservation, timedOut: Uint8Array): Set<number> {
  const outliers = new Set<number>();
  if (!timedOut.includes(1)) return outliers;

  const samples = size.samples!;
  const timestamps = samples.timestampMs;
  let finiteCount = 0;
  for (let i = 0; i < timestamps.length; i++) if (Number.isFinite(timestamps[i])) finiteCount++;
  const ordered = new Uint32Array(finiteCount);
  let next = 0;
  let inOrder = true;
  for (let i = 0; i < timestamps.length; i++) {
    const timestamp = timestamps[i] as number;
    if (!Number.isFinite(timestamp)) continue;
    if (next > 0 && timestamp < (timestamps[ordered[next - 1] as number] as number)) inOrder = false;
    ordered[next++] = i;
  }
  // Ties keep input order, as a stable sort would.
  if (!inOrder) ordered.sort((a, b) => (timestamps[a] as number) - (timestamps[b] as number) || a - b);

  for (let k = 1; k < ordered.length; k++) {
    const previous = ordered[k - 1] as number;
    const current = ordered[k] as number;
    if (timedOut[previous] === 1 && Number.isFinite(sparseValueAt(samples.initDurationMs, current))) outliers.add(current);
  }
  return outliers;
}
