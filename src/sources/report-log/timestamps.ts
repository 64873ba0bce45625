/** Timestamp, log stream and runtime facts found in log line prefixes and platform records. */

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO 8601 timestamp to epoch milliseconds, or NaN. A timestamp without a zone
 * is UTC: `sam logs` prints `2023-07-05T10:16:34.686000` and Logs Insights
 * `2025-08-15 13:34:52.212`, both in UTC. Fractions beyond milliseconds are kept.
 */
export function parseIsoTimestamp(text: string): number {
  const match = ISO_TIMESTAMP.exec(text);
  if (match === null) return NaN;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  let ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  if (fraction !== undefined) ms += Number(`0.${fraction}`) * 1000;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    ms -= sign * offsetMinutes * 60_000;
  }
  return ms;
}

/** A log stream name as Lambda writes it: `2023/07/05/[$LATEST]` or `[56]` plus 32 hex digits. */
const STREAM_NAME = /^\d{4}\/\d{2}\/\d{2}\/[^[\s]*\[[^\]\s]*\][0-9a-f]{32}$/;

/** Epoch milliseconds as `aws logs ... --output table` prints them: 13 digits. */
const EPOCH_MS = /^\d{13}$/;

/** What the text before `REPORT` (or another marker) on a line says. */
export interface LinePrefix {
  timestampMs?: number;
  logStream?: string;
  logGroup?: string;
}

/**
 * Reads the prefix tokens that log tools put before a Lambda line: an ISO timestamp
 * (console exports, `aws logs tail`), a stream name and timestamp (`sam logs`), an epoch
 * ms column (`aws logs --output table`), a log group name. Unknown tokens are ignored.
 */
export function parseLinePrefix(prefix: string): LinePrefix {
  const result: LinePrefix = {};
  for (const token of prefix.split(/[\s|]+/)) {
    if (token === '') continue;
    if (result.timestampMs === undefined) {
      if (EPOCH_MS.test(token)) {
        result.timestampMs = Number(token);
        continue;
      }
      const timestampMs = parseIsoTimestamp(token);
      if (!Number.isNaN(timestampMs)) {
        result.timestampMs = timestampMs;
        continue;
      }
    }
    if (STREAM_NAME.test(token)) result.logStream = token;
    else if (token.startsWith('/aws/lambda/')) result.logGroup = token;
  }
  return result;
}

/** Returns NAME from a log group `/aws/lambda/NAME`, or from `ACCOUNT:/aws/lambda/NAME` (Logs Insights `@log`). */
export function functionNameFromLogGroup(logGroup: string): string | undefined {
  const start = logGroup.indexOf('/aws/lambda/');
  if (start < 0) return undefined;
  const name = logGroup.slice(start + '/aws/lambda/'.length).trim();
  return name === '' ? undefined : name;
}

/**
 * Maps a runtime version (`Runtime Version: ` of INIT_START, `runtimeVersion` of
 * platform.initStart) to the runtime identifier of the Lambda API:
 * `provided:al2023.v21` -> `provided.al2023`, `go:1.v39` -> `go1.x`,
 * `nodejs:22.mainline.v122` -> `nodejs22.x`, `java:11.v21` -> `java11`,
 * `python:3.12.v30` -> `python3.12`.
 */
export function runtimeFromVersion(runtimeVersion: string): string | undefined {
  const match = /^([a-z]+):([^\s]+)$/.exec(runtimeVersion.trim());
  if (match === null) return undefined;
  const [, family = '', rest = ''] = match;
  const version = rest.replace(/\.(?:mainline|v\d+)(?:\..*)?$/, '');
  switch (family) {
    case 'nodejs':
      return `nodejs${version}.x`;
    case 'go':
      return 'go1.x';
    case 'provided':
      return `provided.${version}`;
    default:
      return `${family}${version}`;
  }
}
