import type { Advisory } from '../analysis.js';
import { fixFor, formatCount, formatShare, goLikelihood, targetCandidate, timedOutMask, timeoutSetting, type AdvisoryInput } from './shared.js';

/**
 * A timed-out invocation whose Max Memory Used reached this share of Memory Size ran out of
 * memory: near the limit the Go GC (and other collectors) runs almost without pause until Lambda
 * stops the invocation, and the REPORT line says timeout rather than OOM.
 */
export const MEMORY_EXHAUSTED_SHARE = 0.98;

/** GOMEMLIMIT as a share of the memory size: the rest is for goroutine stacks, non-Go memory and the binary. */
export const GOMEMLIMIT_SHARE = 0.9;

/** Memory growth is a warning rather than information once the peak reaches this share of Memory Size. */
export const MEMORY_GROWTH_WARNING_SHARE = 0.9;

const HIGH_WATER_NOTE =
  'Max Memory Used is an execution environment’s high-water mark, not one request’s peak, so a rise alone is not a leak.';

/** Advises on memory exhaustion: OOM kills, timeouts at the memory limit, and Max Memory Used climbing in one environment. */
export function memoryAdvisories(input: AdvisoryInput): Advisory[] {
  return [oomKills(input), timeoutsAtMemoryLimit(input), memoryGrowth(input)].filter(
    (advisory): advisory is Advisory => advisory !== null,
  );
}

/** Returns the `GOMEMLIMIT=…MiB` setting for a memory size. Lambda's MB is the MiB Go expects. */
export function gomemlimitFor(memorySizeMb: number): string {
  return `GOMEMLIMIT=${Math.floor(memorySizeMb * GOMEMLIMIT_SHARE)}MiB`;
}

function goMemoryFix(input: AdvisoryInput): string {
  const size = targetCandidate(input.analysis)?.memorySizeMb ?? input.analysis.function.currentMemorySizeMb;
  return `Set ${gomemlimitFor(size)} (${formatShare(GOMEMLIMIT_SHARE)} of ${size} MB) so that the garbage collector works harder before the process reaches the limit, because the Go runtime does not see the Lambda memory limit. If the live heap still outgrows it, raise the memory size; do not lower it while this happens.`;
}

function oomKills(input: AdvisoryInput): Advisory | null {
  const { observations, analysis } = input;
  const killed = observations.sizes.filter((size) => size.oomKills > 0);
  const total = killed.reduce((sum, size) => sum + size.oomKills, 0) + observations.unattributedOomKills;
  if (total === 0) return null;

  const perSize = killed.map((size) => `${formatCount(size.oomKills)} at ${size.memorySizeMb} MB (peak Max Memory Used ${peakAt(input, size.memorySizeMb)})`);
  if (observations.unattributedOomKills > 0) {
    perSize.push(`${formatCount(observations.unattributedOomKills)} without a request id`);
  }
  return {
    code: 'oom-kills',
    severity: 'critical',
    title: `${formatCount(total)} invocation(s) ran out of memory`,
    evidence: `${formatCount(total)} OOM kill(s) (signal: killed, Runtime.OutOfMemory or Max Memory Used equal to Memory Size) in ${formatCount(analysis.invocations)} invocations: ${perSize.join(', ')}`,
    fix: fixFor(
      goLikelihood(observations.configuration.runtime),
      goMemoryFix(input),
      'Raise the memory size above the peak plus headroom; the table rejects every size at or below a kill. Also look for request data held after the handler returns.',
    ),
  };
}

function timeoutsAtMemoryLimit(input: AdvisoryInput): Advisory | null {
  const timeoutSeconds = timeoutSetting(input);
  let timedOut = 0;
  let exhausted = 0;
  const worst: string[] = [];
  for (const size of input.observations.sizes) {
    const samples = size.samples;
    if (samples === undefined) continue;
    const mask = timedOutMask(size, timeoutSeconds);
    let peak = 0;
    let exhaustedHere = 0;
    mask.forEach((flag, i) => {
      if (flag !== 1) return;
      timedOut++;
      const used = samples.maxMemoryUsedMb[i] as number;
      if (used >= size.memorySizeMb * MEMORY_EXHAUSTED_SHARE) {
        exhaustedHere++;
        peak = Math.max(peak, used);
      }
    });
    if (exhaustedHere > 0) worst.push(`${formatCount(exhaustedHere)} at ${size.memorySizeMb} MB, up to ${peak} MB used`);
    exhausted += exhaustedHere;
  }
  if (exhausted === 0) return null;

  return {
    code: 'timeout-at-memory-limit',
    severity: 'critical',
    title: `${formatCount(exhausted)} timeout(s) happened at the memory limit`,
    evidence: `${formatCount(exhausted)} of ${formatCount(timedOut)} timed-out invocations had Max Memory Used at ${formatShare(MEMORY_EXHAUSTED_SHARE)} or more of Memory Size: ${worst.join(', ')}`,
    fix: fixFor(
      goLikelihood(input.observations.configuration.runtime),
      `These are memory exhaustion that Lambda reports as timeouts: near the limit the garbage collector runs almost without pause. ${goMemoryFix(input)}`,
      'These are memory exhaustion that Lambda reports as timeouts: near the limit the garbage collector runs almost without pause. Raise the memory size above the peak plus headroom, and look for request data held after the handler returns.',
    ),
  };
}

function memoryGrowth(input: AdvisoryInput): Advisory | null {
  const streams = input.observations.sizes.reduce((sum, size) => sum + (size.memoryGrowthStreams ?? 0), 0);
  if (streams === 0) return null;

  const growing = input.observations.sizes.filter((size) => (size.memoryGrowthStreams ?? 0) > 0);
  const peaks = growing.map((size) => {
    const peak = input.analysis.observed.find((observed) => observed.memorySizeMb === size.memorySizeMb)?.maxMemoryUsedMb.max ?? null;
    return { size: size.memorySizeMb, peak };
  });
  const nearLimit = peaks.some((entry) => entry.peak !== null && entry.peak >= entry.size * MEMORY_GROWTH_WARNING_SHARE);
  const peakText = peaks
    .map((entry) => (entry.peak === null ? `peak unknown at ${entry.size} MB` : `peak ${entry.peak} of ${entry.size} MB (${formatShare(entry.peak / entry.size)})`))
    .join(', ');

  return {
    code: 'memory-growth',
    severity: nearLimit ? 'warning' : 'info',
    title: `Max Memory Used climbed within ${formatCount(streams)} execution environment(s)`,
    evidence: `Max Memory Used rose within ${formatCount(streams)} log stream(s), one execution environment each; ${peakText}`,
    fix: `${HIGH_WATER_NOTE} ${fixFor(
      goLikelihood(input.observations.configuration.runtime),
      `A leak shows as one environment climbing until an OOM kill; then look for package-level maps, caches or slices that grow with every request (handlers must keep no per-request state). ${goMemoryFix(input)}`,
      'A leak shows as one environment climbing until an OOM kill; then look for module-level caches or collections that grow with every request (handlers must keep no per-request state).',
    )}`,
  };
}

function peakAt(input: AdvisoryInput, memorySizeMb: number): string {
  const peak = input.analysis.observed.find((observed) => observed.memorySizeMb === memorySizeMb)?.maxMemoryUsedMb.max ?? null;
  return peak === null ? 'unknown' : `${peak} MB`;
}
