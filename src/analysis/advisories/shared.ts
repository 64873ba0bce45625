import type { Analysis, Candidate } from '../analysis.js';
import type { FunctionObservations, MemorySizeObservation } from '../observations.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../options.js';
import type { ResolvedPrices } from '../pricing.js';

/** Inputs of every advisory rule: the observations, the finished analysis, the options and the prices. */
export interface AdvisoryInput {
  observations: FunctionObservations;
  analysis: Analysis;
  options: AnalysisOptions;
  prices: ResolvedPrices;
}

/**
 * How sure the runtime makes us that the code is Go: `go1.x` is Go, an OS-only runtime
 * (`provided`, `provided.al2`, `provided.al2023`) runs a `bootstrap` binary that is often Go
 * but may be Rust or C++, and any other runtime is another language.
 */
export type GoLikelihood = 'go' | 'os-only' | 'other' | 'unknown';

export function goLikelihood(runtime: string | undefined): GoLikelihood {
  if (runtime === undefined || runtime.trim() === '') return 'unknown';
  const name = runtime.trim().toLowerCase();
  if (name === 'go1.x') return 'go';
  if (name === 'provided' || name.startsWith('provided.')) return 'os-only';
  return 'other';
}

/**
 * Returns the Go-specific fix for `go1.x`, the same fix prefixed with "For a Go binary" on
 * OS-only runtimes (the runtime alone does not prove the language), and the generic fix otherwise.
 */
export function fixFor(likelihood: GoLikelihood, goFix: string, genericFix: string): string {
  if (likelihood === 'go') return goFix;
  if (likelihood === 'os-only') return `For a Go binary: ${goFix} For another language: ${genericFix}`;
  return genericFix;
}

/** Reads a threshold from the options, falling back to its default. */
export function threshold<K extends keyof AnalysisOptions>(options: AnalysisOptions, key: K): NonNullable<AnalysisOptions[K]> {
  return (options[key] ?? DEFAULT_ANALYSIS_OPTIONS[key]) as NonNullable<AnalysisOptions[K]>;
}

/** Returns the timeout setting in seconds from the configuration, then --function-timeout, then a `Task timed out` line. */
export function timeoutSetting(input: AdvisoryInput): number | null {
  return input.analysis.function.timeoutSeconds ?? input.observations.observedTimeoutSeconds ?? null;
}

/** Returns the row the size advice applies to: the recommended size, or the current size when there is no recommendation. */
export function targetCandidate(analysis: Analysis): Candidate | undefined {
  return (
    analysis.candidates.find((candidate) => candidate.isRecommended) ??
    analysis.candidates.find((candidate) => candidate.isCurrent)
  );
}

/**
 * An invocation at or above this share of the timeout setting ran until Lambda stopped it.
 * Lambda reports a timed-out Duration at or slightly above the setting (120000.64 ms for 120 s).
 */
export const AT_TIMEOUT_SHARE = 0.99;

/**
 * Marks the invocations of one memory size that timed out: the `timeouts` longest ones, plus
 * any that reached AT_TIMEOUT_SHARE of the setting. A timed-out invocation runs until the
 * timeout, so it is never shorter than an invocation that finished.
 */
export function timedOutMask(size: MemorySizeObservation, timeoutSeconds: number | null): Uint8Array {
  // Three advisories read the same mask, and computing it scans all of the size's durations.
  // Callers must not modify the returned mask, because it is shared.
  const cached = maskCache.get(size);
  if (cached !== undefined && cached.timeoutSeconds === timeoutSeconds && cached.timeouts === size.timeouts) return cached.mask;
  const mask = computeTimedOutMask(size, timeoutSeconds);
  maskCache.set(size, { timeoutSeconds, timeouts: size.timeouts, mask });
  return mask;
}

const maskCache = new WeakMap<MemorySizeObservation, { timeoutSeconds: number | null; timeouts: number; mask: Uint8Array }>();

function computeTimedOutMask(size: MemorySizeObservation, timeoutSeconds: number | null): Uint8Array {
  const samples = size.samples;
  if (samples === undefined) return new Uint8Array(0);
  const durations = samples.durationMs;
  const count = durations.length;
  const mask = new Uint8Array(count);

  // NOTE: this assumes one timeout setting across the window. After the setting changed,
  // the longest invocations may be slow successes under the new, higher setting.
  markLongest(durations, Math.min(size.timeouts, count), mask);

  if (timeoutSeconds !== null) {
    const atTimeoutMs = timeoutSeconds * 1000 * AT_TIMEOUT_SHARE;
    for (let i = 0; i < count; i++) {
      if ((durations[i] as number) >= atTimeoutMs) mask[i] = 1;
    }
  }
  return mask;
}

/**
 * Sets `mask` to 1 at the `k` longest finite durations. Among equal durations the earlier
 * index wins, which is what a stable sort by descending duration would pick.
 */
function markLongest(durations: Float64Array, k: number, mask: Uint8Array): void {
  if (k <= 0) return;
  const longest = longestFinite(durations, k);
  if (longest.length === 0) return;
  const taken = longest.length;
  // The k-th longest duration: every longer one is marked, then equal ones in index order.
  const cutoff = longest[0] as number;
  let longer = 0;
  for (let i = 0; i < taken; i++) if ((longest[i] as number) > cutoff) longer++;
  let equalLeft = taken - longer;
  for (let i = 0; i < durations.length; i++) {
    const duration = durations[i] as number;
    if (!Number.isFinite(duration)) continue;
    if (duration > cutoff) {
      mask[i] = 1;
    } else if (duration === cutoff && equalLeft > 0) {
      mask[i] = 1;
      equalLeft--;
    }
  }
}

/**
 * Returns the k longest finite durations (all of them when there are fewer) as a binary
 * min-heap, so the shortest of them comes first. It needs 8 bytes per kept value, where
 * sorting a copy of every duration would need 8 bytes per invocation.
 */
function longestFinite(durations: Float64Array, k: number): Float64Array {
  const heap = new Float64Array(Math.min(k, durations.length));
  let size = 0;
  for (let i = 0; i < durations.length; i++) {
    const duration = durations[i] as number;
    if (!Number.isFinite(duration)) continue;
    if (size < heap.length) {
      let child = size++;
      while (child > 0) {
        const parent = (child - 1) >>> 1;
        if ((heap[parent] as number) <= duration) break;
        heap[child] = heap[parent] as number;
        child = parent;
      }
      heap[child] = duration;
    } else if (duration > (heap[0] as number)) {
      siftDown(heap, size, duration);
    }
  }
  return heap.subarray(0, size);
}

/** Replaces the minimum of the min-heap `heap[0..size)` with `value` and restores the heap order. */
function siftDown(heap: Float64Array, size: number, value: number): void {
  let parent = 0;
  for (;;) {
    let child = 2 * parent + 1;
    if (child >= size) break;
    if (child + 1 < size && (heap[child + 1] as number) < (heap[child] as number)) child++;
    if ((heap[child] as number) >= value) break;
    heap[parent] = heap[child] as number;
    parent = child;
  }
  heap[parent] = value;
}

/** Formats a share (0..1) as a percentage: two decimals below 1%, one above. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;
}

/** Formats a count with thousands separators. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** Formats USD with cents, or with two significant digits below one cent. */
export function formatUsd(usd: number): string {
  const sign = usd < 0 ? '-' : '';
  const magnitude = Math.abs(usd);
  if (magnitude > 0 && magnitude < 0.01) return `${sign}$${magnitude.toPrecision(2)}`;
  return `${sign}$${magnitude.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Formats a low..high amount, as one figure when both ends round to the same cents. */
export function formatUsdRange(low: number, high: number): string {
  const lowText = formatUsd(Math.min(low, high));
  const highText = formatUsd(Math.max(low, high));
  return lowText === highText ? lowText : `${lowText}–${highText}`;
}
