/**
 * Logs Insights query strings over a function's REPORT lines (text log format) or
 * platform.report records (JSON log format), and the parsing of their results.
 *
 * Logs Insights discovers `@duration`, `@billedDuration`, `@memorySize`, `@maxMemoryUsed`
 * and `@initDuration` in text REPORT lines and returns the two memory fields as
 * MB × 1,000,000 ("1024000000" for 1024 MB). JSON records carry plain MB in
 * `record.metrics.*`. Every value arrives as a string, sometimes in scientific notation.
 */

/** Logs Insights returns at most 10,000 rows per query (CloudWatch Logs quotas). */
export const MAX_QUERY_ROWS = 10_000;

/** Divisor of `@memorySize` and `@maxMemoryUsed` in text format results: MB × 1e6, not bytes. */
export const TEXT_FORMAT_MEMORY_DIVISOR = 1e6;

export type LogFormat = 'Text' | 'JSON';

/** Field expressions of one log format, aliased to the same names in both queries. */
interface FormatFields {
  reportFilter: string;
  requestId: string;
  duration: string;
  billedDuration: string;
  memorySize: string;
  maxMemoryUsed: string;
  initDuration: string;
  isTimeout: string;
  isError: string;
  isOutOfMemory: string;
  /** Name under which the `by` field appears in stats results. */
  groupField: string;
  memoryDivisor: number;
}

const TEXT_FIELDS: FormatFields = {
  reportFilter: '@type = "REPORT"',
  requestId: '@requestId',
  duration: '@duration',
  billedDuration: '@billedDuration',
  memorySize: '@memorySize',
  maxMemoryUsed: '@maxMemoryUsed',
  initDuration: '@initDuration',
  isTimeout: 'strcontains(@message, "Status: timeout")',
  isError: 'strcontains(@message, "Status: error")',
  isOutOfMemory: 'strcontains(@message, "Runtime.OutOfMemory")',
  groupField: '@memorySize',
  memoryDivisor: TEXT_FORMAT_MEMORY_DIVISOR,
};

const JSON_FIELDS: FormatFields = {
  reportFilter: 'type = "platform.report"',
  requestId: 'record.requestId',
  duration: 'record.metrics.durationMs',
  billedDuration: 'record.metrics.billedDurationMs',
  memorySize: 'record.metrics.memorySizeMB',
  maxMemoryUsed: 'record.metrics.maxMemoryUsedMB',
  initDuration: 'record.metrics.initDurationMs',
  isTimeout: 'strcontains(record.status, "timeout")',
  isError: 'strcontains(record.status, "error")',
  isOutOfMemory: 'strcontains(record.errorType, "Runtime.OutOfMemory")',
  groupField: 'record.metrics.memorySizeMB',
  memoryDivisor: 1,
};

function fieldsOf(format: LogFormat): FormatFields {
  return format === 'JSON' ? JSON_FIELDS : TEXT_FIELDS;
}

/**
 * `@logStream` names carry the version in brackets (`2026/05/01/[$LATEST]abc…`,
 * `…/[7]abc…`), so a qualified analysis keeps the streams of the resolved version.
 */
function versionFilter(version: string | undefined): string {
  return version === undefined ? '' : `\n| filter @logStream like "[${version}]"`;
}

/**
 * Builds the aggregate query: one row per memory size with counts, Duration percentiles, Billed
 * Duration sum and mean, Max Memory Used max and percentiles, cold starts with Init
 * Duration percentiles, timeouts, errors and OOM signs. In the text format it also counts
 * `Task timed out` and `signal: killed` lines, which carry no memory size and so form a
 * row of their own. With `byLogGroup` the rows are also split by `@log`
 * (`account-id:log-group-name`), so one query aggregates up to 50 functions' log groups.
 */
export function buildStatsQuery(format: LogFormat, version?: string, options: { byLogGroup?: boolean } = {}): string {
  const f = fieldsOf(format);
  const extraLines = format === 'Text' ? ' or @message like /Task timed out after|signal: killed/' : '';
  const lineCounts =
    format === 'Text'
      ? ',\n    strcontains(@message, "Task timed out after") as isTaskTimedOut,\n    strcontains(@message, "signal: killed") as isKilled'
      : ',\n    0 as isTaskTimedOut,\n    0 as isKilled';
  return `filter ${f.reportFilter}${extraLines}${versionFilter(version)}
| fields ${f.isTimeout} as isTimeout,
    ${f.isError} as isError,
    ${f.isOutOfMemory} as isOutOfMemory,
    floor(${f.maxMemoryUsed} / ${f.memorySize}) as atMemoryLimit${lineCounts}
| stats count(${f.duration}) as invocations,
    avg(${f.duration}) as durationMean,
    pct(${f.duration}, 50) as durationP50,
    pct(${f.duration}, 90) as durationP90,
    pct(${f.duration}, 95) as durationP95,
    pct(${f.duration}, 99) as durationP99,
    max(${f.duration}) as durationMax,
    sum(${f.billedDuration}) as billedDurationSum,
    avg(${f.billedDuration}) as billedDurationMean,
    max(${f.maxMemoryUsed}) as maxMemoryUsedMax,
    pct(${f.maxMemoryUsed}, 50) as maxMemoryUsedP50,
    pct(${f.maxMemoryUsed}, 95) as maxMemoryUsedP95,
    count(${f.initDuration}) as coldStarts,
    pct(${f.initDuration}, 50) as initDurationP50,
    pct(${f.initDuration}, 95) as initDurationP95,
    sum(isTimeout) as statusTimeouts,
    sum(isError) as statusErrors,
    sum(isOutOfMemory) as outOfMemory,
    sum(atMemoryLimit) as atMemoryLimit,
    sum(isTaskTimedOut) as taskTimedOutLines,
    sum(isKilled) as killedLines,
    min(@timestamp) as firstTimestamp,
    max(@timestamp) as lastTimestamp
  by ${options.byLogGroup === true ? '@log, ' : ''}${f.groupField}`;
}

/** Builds the per-invocation query: one row per REPORT, for exact billed-duration rounding. */
export function buildSamplesQuery(format: LogFormat, version?: string): string {
  const f = fieldsOf(format);
  return `filter ${f.reportFilter}${versionFilter(version)}
| fields ${f.requestId} as requestId, @timestamp, @logStream,
    ${f.duration} as durationMs,
    ${f.billedDuration} as billedDurationMs,
    ${f.memorySize} as memorySize,
    ${f.maxMemoryUsed} as maxMemoryUsed,
    ${f.initDuration} as initDurationMs,
    ${f.isTimeout} as isTimeout,
    ${f.isError} as isError,
    ${f.isOutOfMemory} as isOutOfMemory
| limit ${MAX_QUERY_ROWS}`;
}

/** One result row as field name to string value. */
export type QueryRow = Map<string, string>;

/** Parses a Logs Insights value: decimal or scientific notation ("6.7E7"); NaN when absent or not a number. */
export function parseInsightsNumber(value: string | undefined): number {
  if (value === undefined) return Number.NaN;
  const trimmed = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number.NaN;
  return Number(trimmed);
}

/** Parses a Logs Insights `@timestamp` ("2025-08-15 13:34:52.212", UTC) to epoch ms. */
export function parseInsightsTimestamp(value: string | undefined): number {
  if (value === undefined) return Number.NaN;
  const iso = value.trim().replace(' ', 'T');
  return Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
}

/** Memory sizes are whole MB; rounding removes float noise from the ÷1e6. */
export function memoryMbFromInsights(value: string | undefined, format: LogFormat): number {
  const raw = parseInsightsNumber(value);
  return Math.round((raw / fieldsOf(format).memoryDivisor) * 1000) / 1000;
}

/** One memory size of the aggregate query, in ms and MB. */
export interface SizeStatsRow {
  memorySizeMb: number;
  invocations: number;
  durationMeanMs: number;
  durationP50Ms: number;
  durationP90Ms: number;
  durationP95Ms: number;
  durationP99Ms: number;
  durationMaxMs: number;
  billedDurationSumMs: number;
  billedDurationMeanMs: number;
  maxMemoryUsedMaxMb: number;
  maxMemoryUsedP50Mb: number;
  maxMemoryUsedP95Mb: number;
  coldStarts: number;
  initDurationP50Ms: number;
  initDurationP95Ms: number;
  statusTimeouts: number;
  statusErrors: number;
  outOfMemory: number;
  atMemoryLimit: number;
  firstTimestampMs: number;
  lastTimestampMs: number;
}

/** Lines with no memory size: `Task timed out` and `signal: killed` in the text format. */
export interface UnattributedLines {
  taskTimedOutLines: number;
  killedLines: number;
}

export interface StatsResult {
  sizes: SizeStatsRow[];
  unattributed: UnattributedLines;
}

/** Parses the rows of the aggregate query. Rows without a memory size are the unattributed lines. */
export function parseStatsRows(rows: QueryRow[], format: LogFormat): StatsResult {
  const groupField = fieldsOf(format).groupField;
  const unattributed: UnattributedLines = { taskTimedOutLines: 0, killedLines: 0 };
  const sizes: SizeStatsRow[] = [];

  for (const row of rows) {
    const number = (name: string): number => parseInsightsNumber(row.get(name));
    const count = (name: string): number => {
      const value = number(name);
      return Number.isFinite(value) ? value : 0;
    };
    unattributed.taskTimedOutLines += count('taskTimedOutLines');
    unattributed.killedLines += count('killedLines');

    const memorySizeMb = memoryMbFromInsights(row.get(groupField), format);
    if (!Number.isFinite(memorySizeMb) || memorySizeMb <= 0 || count('invocations') === 0) continue;
    const memory = (name: string): number => memoryMbFromInsights(row.get(name), format);

    sizes.push({
      memorySizeMb,
      invocations: count('invocations'),
      durationMeanMs: number('durationMean'),
      durationP50Ms: number('durationP50'),
      durationP90Ms: number('durationP90'),
      durationP95Ms: number('durationP95'),
      durationP99Ms: number('durationP99'),
      durationMaxMs: number('durationMax'),
      billedDurationSumMs: number('billedDurationSum'),
      billedDurationMeanMs: number('billedDurationMean'),
      maxMemoryUsedMaxMb: memory('maxMemoryUsedMax'),
      maxMemoryUsedP50Mb: memory('maxMemoryUsedP50'),
      maxMemoryUsedP95Mb: memory('maxMemoryUsedP95'),
      coldStarts: count('coldStarts'),
      initDurationP50Ms: number('initDurationP50'),
      initDurationP95Ms: number('initDurationP95'),
      statusTimeouts: count('statusTimeouts'),
      statusErrors: count('statusErrors'),
      outOfMemory: count('outOfMemory'),
      atMemoryLimit: count('atMemoryLimit'),
      firstTimestampMs: parseInsightsTimestamp(row.get('firstTimestamp')),
      lastTimestampMs: parseInsightsTimestamp(row.get('lastTimestamp')),
    });
  }
  sizes.sort((a, b) => a.memorySizeMb - b.memorySizeMb);
  return { sizes, unattributed };
}

/** One REPORT of the per-invocation query. */
export interface SampleRow {
  requestId?: string;
  timestampMs?: number;
  logStream?: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  timedOut: boolean;
  failed: boolean;
  outOfMemory: boolean;
}

/** Parses the rows of the per-invocation query; rows without the four required numbers are counted, not kept. */
export function parseSampleRows(rows: QueryRow[], format: LogFormat): { samples: SampleRow[]; malformed: number } {
  const samples: SampleRow[] = [];
  let malformed = 0;
  for (const row of rows) {
    const sample: SampleRow = {
      durationMs: parseInsightsNumber(row.get('durationMs')),
      billedDurationMs: parseInsightsNumber(row.get('billedDurationMs')),
      memorySizeMb: memoryMbFromInsights(row.get('memorySize'), format),
      maxMemoryUsedMb: memoryMbFromInsights(row.get('maxMemoryUsed'), format),
      timedOut: parseInsightsNumber(row.get('isTimeout')) === 1,
      failed: parseInsightsNumber(row.get('isError')) === 1,
      outOfMemory: parseInsightsNumber(row.get('isOutOfMemory')) === 1,
    };
    if ([sample.durationMs, sample.billedDurationMs, sample.memorySizeMb, sample.maxMemoryUsedMb].some((value) => !Number.isFinite(value))) {
      malformed++;
      continue;
    }
    const requestId = row.get('requestId');
    if (requestId !== undefined && requestId !== '') sample.requestId = requestId;
    const timestampMs = parseInsightsTimestamp(row.get('@timestamp'));
    if (Number.isFinite(timestampMs)) sample.timestampMs = timestampMs;
    const logStream = row.get('@logStream');
    if (logStream !== undefined) sample.logStream = logStream;
    const initDurationMs = parseInsightsNumber(row.get('initDurationMs'));
    if (Number.isFinite(initDurationMs)) sample.initDurationMs = initDurationMs;
    samples.push(sample);
  }
  return { samples, malformed };
}
