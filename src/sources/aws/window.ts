/**
 * The time window of a live analysis and the CloudWatch period rules that follow from it.
 */

import { UsageError } from '../../errors.js';

export interface TimeWindow {
  startMs: number;
  endMs: number;
}

/** Compute Optimizer looks back 14 days, so the default window matches it. */
export const DEFAULT_WINDOW_MS = 14 * 86_400_000;

const DAY_MS = 86_400_000;

/**
 * CloudWatch metric retention:
 * 1-minute data points are kept 15 days, 5-minute points 63 days, 1-hour points 455 days.
 * A query that starts further back than a tier must use a period that is a multiple of
 * the next tier's resolution.
 */
export const METRIC_RETENTION_TIERS = [
  { olderThanMs: 63 * DAY_MS, periodMultipleSeconds: 3600 },
  { olderThanMs: 15 * DAY_MS, periodMultipleSeconds: 300 },
  { olderThanMs: 0, periodMultipleSeconds: 60 },
] as const;

export const MAX_METRIC_AGE_MS = 455 * DAY_MS;

/** Parses `--since`: a number with a unit m, h, d or w, for example 14d or 36h. */
export function parseSinceMs(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|w)\s*$/i.exec(value);
  if (match === null) {
    throw new UsageError(`invalid --since "${value}": give a number and a unit, for example 14d, 36h or 90m.`);
  }
  const unitMs: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };
  const ms = Number(match[1]) * unitMs[match[2]!.toLowerCase()]!;
  if (ms < 60_000) throw new UsageError(`--since ${value} is shorter than one minute, CloudWatch's smallest period.`);
  return ms;
}

/** Parses an ISO 8601 date or date-time for --start and --end. */
export function parseIsoOption(name: string, value: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(`invalid ${name} "${value}": give an ISO 8601 date or time, for example 2026-05-01 or 2026-05-01T12:00:00Z.`);
  }
  return ms;
}

export interface WindowOptions {
  since?: string;
  start?: string;
  end?: string;
}

/**
 * Resolves the window from --since or --start/--end against `nowMs`. The end is rounded
 * down to a whole minute so that metric periods line up.
 */
export function resolveWindow(options: WindowOptions, nowMs: number): TimeWindow {
  if (options.since !== undefined && options.start !== undefined) {
    throw new UsageError('pass either --since or --start, not both.');
  }
  const endMs = floorToMinute(options.end === undefined ? nowMs : Math.min(parseIsoOption('--end', options.end), nowMs));
  const startMs =
    options.start !== undefined
      ? floorToMinute(parseIsoOption('--start', options.start))
      : endMs - (options.since === undefined ? DEFAULT_WINDOW_MS : parseSinceMs(options.since));

  if (startMs >= endMs) {
    throw new UsageError(`the window is empty: --start ${new Date(startMs).toISOString()} is not before the end ${new Date(endMs).toISOString()}.`);
  }
  if (nowMs - startMs > MAX_METRIC_AGE_MS) {
    throw new UsageError('the window starts more than 455 days ago, beyond CloudWatch metric retention; choose a later --start or a shorter --since.');
  }
  return { startMs, endMs };
}

function floorToMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

/** The period multiple that the window's start requires under the retention tiers. */
export function periodMultipleSeconds(window: TimeWindow, nowMs: number): number {
  const age = nowMs - window.startMs;
  return METRIC_RETENTION_TIERS.find((tier) => age > tier.olderThanMs)?.periodMultipleSeconds ?? 60;
}

/** One period that covers the whole window, rounded up to the multiple the retention allows. */
export function wholeWindowPeriodSeconds(window: TimeWindow, nowMs: number): number {
  const multiple = periodMultipleSeconds(window, nowMs);
  const seconds = (window.endMs - window.startMs) / 1000;
  return Math.ceil(seconds / multiple) * multiple;
}

export function windowDays(window: TimeWindow): number {
  return (window.endMs - window.startMs) / DAY_MS;
}
