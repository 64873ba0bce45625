/**
 * Range checks that every report passes before it is analysed, whichever format it came
 * in (text REPORT line, JSON platform.report record, Logs Insights row).
 */

import { LAMBDA_MAX_MEMORY_MB, LAMBDA_MIN_MEMORY_MB } from '../../analysis/options.js';
import type { InvocationRecord } from '../invocations.js';

/**
 * Largest duration accepted, in ms. Lambda's maximum timeout is 900 s and INIT may take
 * up to another 900 s (provisioned concurrency, SnapStart), so a REPORT duration of an
 * hour or more is a corrupt value, not a measurement.
 */
export const MAX_REPORT_DURATION_MS = 3_600_000;

/**
 * Largest Max Memory Used accepted, as a multiple of Memory Size.
 * NOTE: an OOM-killed environment reports Max Memory Used at or a little above its
 * Memory Size. The factor 2 is a guessed bound for "corrupt", not a documented limit.
 */
const MAX_MEMORY_USED_FACTOR = 2;

const DURATION_FIELDS = [
  ['durationMs', 'Duration'],
  ['billedDurationMs', 'Billed Duration'],
  ['initDurationMs', 'Init Duration'],
  ['restoreDurationMs', 'Restore Duration'],
  ['billedRestoreDurationMs', 'Billed Restore Duration'],
] as const;

/**
 * Returns why a report cannot be analysed, or undefined when it can. A report cannot be
 * analysed with a duration that is negative, not finite or above `MAX_REPORT_DURATION_MS`.
 * Nor with a Memory Size that is not a whole number from 128 to 10,240 MB, or a Max
 * Memory Used that is negative, not finite or above twice the Memory Size.
 */
export function reportProblem(invocation: InvocationRecord): string | undefined {
  for (const [key, name] of DURATION_FIELDS) {
    const value = invocation[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0 || value > MAX_REPORT_DURATION_MS) {
      return `${name} ${value} ms is outside 0 to ${MAX_REPORT_DURATION_MS.toLocaleString('en-US')} ms`;
    }
  }

  const memory = invocation.memorySizeMb;
  if (!Number.isInteger(memory) || memory < LAMBDA_MIN_MEMORY_MB || memory > LAMBDA_MAX_MEMORY_MB) {
    return `Memory Size ${memory} MB is not a whole number from ${LAMBDA_MIN_MEMORY_MB} to ${LAMBDA_MAX_MEMORY_MB.toLocaleString('en-US')} MB`;
  }

  const used = invocation.maxMemoryUsedMb;
  if (!Number.isFinite(used) || used < 0 || used > memory * MAX_MEMORY_USED_FACTOR) {
    return `Max Memory Used ${used} MB is outside 0 to ${memory * MAX_MEMORY_USED_FACTOR} MB (twice the Memory Size)`;
  }
  return undefined;
}
