import type { Advisory } from '../analysis.js';
import { formatMs } from '../candidates.js';
import { allocateBuffer, releaseBuffer } from '../buffers.js';
import { quantileOfSorted } from '../percentiles.js';
import {
  AT_TIMEOUT_SHARE,
  fixFor,
  formatCount,
  formatShare,
  goLikelihood,
  threshold,
  timedOutMask,
  timeoutSetting,
  type AdvisoryInput,
} from './shared.js';

/** A timeout share at or above this is critical: one request in a hundred fails. */
export const TIMEOUT_CRITICAL_SHARE = 0.01;

/**
 * A setting is only "far above" P99.9 with at least this much slack, because below ten seconds
 * a hung call costs little and Lambda's default of 3 s would be flagged on every fast function.
 */
export const TIMEOUT_FAR_ABOVE_MIN_GAP_MS = 10_000;

/** The suggested setting is this multiple of P99.9: room for slow downstream calls and retries. */
export const SUGGESTED_TIMEOUT_P999_MULTIPLE = 3;

const GO_CONTEXT_FIX =
  'Pass the handler’s ctx to every downstream call (AWS SDK for Go v2 operations take it first; use QueryContext, ExecContext, http.NewRequestWithContext and other Context variants), wait with select on ctx.Done() instead of time.Sleep, and derive shorter per-call deadlines from the one Lambda sets (ctx.Deadline()), so the function gives up, logs and returns before Lambda stops it.';

const GENERIC_CONTEXT_FIX =
  'Give every downstream call a timeout shorter than the remaining time that the Lambda context reports (getRemainingTimeInMillis in Node.js, get_remaining_time_in_millis in Python), so the function fails with its own error and log line before Lambda stops it.';

/**
 * Advises on timeouts (from `Status: timeout` and `Task timed out` alike, as the source counted
 * them, and from durations piled at the setting) and on a timeout setting far above or close to
 * the P99.9 of healthy invocations.
 */
export function timeoutAdvisories(input: AdvisoryInput): Advisory[] {
  const advisories: Advisory[] = [];
  const timeouts = timeoutsAdvisory(input);
  if (timeouts !== null) advisories.push(timeouts);
  const setting = timeoutSettingAdvisory(input);
  if (setting !== null) advisories.push(setting);
  return advisories;
}

function timeoutsAdvisory(input: AdvisoryInput): Advisory | null {
  const { observations, analysis } = input;
  const attributed = observations.sizes.reduce((sum, size) => sum + size.timeouts, 0);
  const counted = attributed + observations.unattributedTimeouts;
  const timeoutSeconds = timeoutSetting(input);
  const piled = timeoutSeconds === null ? 0 : countAtTimeout(input, timeoutSeconds);
  // A parser that missed a timeout still leaves its duration at the setting.
  const timedOut = Math.max(counted, piled);
  if (timedOut === 0) return null;

  const share = timedOut / analysis.invocations;
  const parts = [`${formatCount(timedOut)} of ${formatCount(analysis.invocations)} invocations timed out (${formatShare(share)})`];
  parts.push(
    `${formatCount(counted)} reported by Status: timeout or a Task timed out line${observations.unattributedTimeouts > 0 ? `, ${formatCount(observations.unattributedTimeouts)} of them without a request id` : ''}`,
  );
  if (timeoutSeconds === null) {
    parts.push('timeout setting unknown, so durations were not compared with it (pass --function-timeout)');
  } else {
    parts.push(`${formatCount(piled)} duration(s) at ${formatShare(AT_TIMEOUT_SHARE)} or more of the ${timeoutSeconds} s setting`);
  }

  return {
    code: 'timeouts',
    severity: share >= TIMEOUT_CRITICAL_SHARE ? 'critical' : 'warning',
    title: `${formatCount(timedOut)} invocation(s) timed out`,
    evidence: parts.join('; '),
    fix: fixFor(goLikelihood(observations.configuration.runtime), GO_CONTEXT_FIX, GENERIC_CONTEXT_FIX),
  };
}

function countAtTimeout(input: AdvisoryInput, timeoutSeconds: number): number {
  const atTimeoutMs = timeoutSeconds * 1000 * AT_TIMEOUT_SHARE;
  let count = 0;
  for (const size of input.observations.sizes) {
    for (const duration of size.samples?.durationMs ?? []) {
      if (duration >= atTimeoutMs) count++;
    }
  }
  return count;
}

/**
 * Compares the timeout setting with the P99.9 of invocations that did not time out, at the
 * current size when it has samples (the setting applies to it), otherwise over every size.
 */
function timeoutSettingAdvisory(input: AdvisoryInput): Advisory | null {
  const timeoutSeconds = timeoutSetting(input);
  if (timeoutSeconds === null) return null;
  const healthy = healthyDurations(input, timeoutSeconds);
  if (healthy.durations.length === 0) return null;

  const sorted = healthy.durations.sort();
  const p999Ms = quantileOfSorted(sorted, 0.999);
  const healthyCount = sorted.length;
  releaseBuffer(sorted.buffer);
  const timeoutMs = timeoutSeconds * 1000;
  const farRatio = threshold(input.options, 'timeoutFarAboveRatio');
  const nearShare = threshold(input.options, 'timeoutNearShare');
  const basis = `P99.9 of ${formatCount(healthyCount)} invocations that did not time out ${healthy.scope} is ${formatMs(p999Ms)}`;
  const likelihood = goLikelihood(input.observations.configuration.runtime);

  if (p999Ms >= timeoutMs * nearShare) {
    return {
      code: 'timeout-near-p999',
      severity: 'warning',
      title: `The ${timeoutSeconds} s timeout is close to the slowest healthy invocations`,
      evidence: `${basis}, ${formatShare(p999Ms / timeoutMs)} of the ${timeoutSeconds} s setting (limit ${formatShare(nearShare)})`,
      fix: `Raise the timeout to about ${suggestedTimeoutSeconds(p999Ms)} s (${SUGGESTED_TIMEOUT_P999_MULTIPLE}× P99.9), or find what makes the slowest requests slow before a small slowdown downstream turns them into timeouts. ${fixFor(likelihood, GO_CONTEXT_FIX, GENERIC_CONTEXT_FIX)}`,
    };
  }
  if (timeoutMs >= p999Ms * farRatio && timeoutMs - p999Ms >= TIMEOUT_FAR_ABOVE_MIN_GAP_MS) {
    return {
      code: 'timeout-far-above-p999',
      severity: 'info',
      title: `The ${timeoutSeconds} s timeout is far above the slowest healthy invocations`,
      evidence: `${basis}; the setting is ${(timeoutMs / p999Ms).toFixed(1)}× that (limit ${farRatio}×), so a hung call runs and bills up to ${timeoutSeconds} s`,
      fix: `Lower the timeout to about ${suggestedTimeoutSeconds(p999Ms)} s (${SUGGESTED_TIMEOUT_P999_MULTIPLE}× P99.9) so that a hung downstream call fails fast and bills less. ${fixFor(likelihood, GO_CONTEXT_FIX, GENERIC_CONTEXT_FIX)}`,
    };
  }
  return null;
}

function healthyDurations(input: AdvisoryInput, timeoutSeconds: number): { durations: Float64Array; scope: string } {
  const current = input.analysis.function.currentMemorySizeMb;
  const withSamples = input.observations.sizes.filter((size) => size.samples !== undefined);
  const atCurrent = withSamples.filter((size) => size.memorySizeMb === current);
  const chosen = atCurrent.length > 0 ? atCurrent : withSamples;

  const masks = chosen.map((size) => timedOutMask(size, timeoutSeconds));
  let count = 0;
  chosen.forEach((size, k) => {
    const mask = masks[k] as Uint8Array;
    const durations = size.samples!.durationMs;
    for (let i = 0; i < durations.length; i++) {
      if (mask[i] !== 1 && Number.isFinite(durations[i])) count++;
    }
  });

  // One exact-size typed array instead of a growing array of numbers, in a buffer that the
  // caller frees with releaseBuffer as soon as it has read it.
  const healthy = new Float64Array(allocateBuffer(count * 8, count * 8));
  let next = 0;
  chosen.forEach((size, k) => {
    const mask = masks[k] as Uint8Array;
    const durations = size.samples!.durationMs;
    for (let i = 0; i < durations.length; i++) {
      const duration = durations[i] as number;
      if (mask[i] !== 1 && Number.isFinite(duration)) healthy[next++] = duration;
    }
  });
  return { durations: healthy, scope: atCurrent.length > 0 ? `at ${current} MB` : 'at all observed sizes' };
}

function suggestedTimeoutSeconds(p999Ms: number): number {
  return Math.max(1, Math.ceil((p999Ms * SUGGESTED_TIMEOUT_P999_MULTIPLE) / 1000));
}
