/**
 * Assembles `FunctionObservations` for one function from its configuration, CloudWatch
 * metrics, Logs Insights and Lambda Insights, with a plain note for every gap.
 */

import type { FunctionObservations, MemorySizeObservation } from '../../analysis/observations.js';
import { CommandError, ExitCode } from '../../errors.js';
import { InvocationCollector, type InvocationRecord } from '../invocations.js';
import type { AwsClients } from './clients.js';
import { getFunctionConfiguration, type FunctionReference, type LiveFunctionConfiguration } from './function-config.js';
import { cpuFractionFromCpuTime } from './lambda-insights.js';
import { AwsCallError } from './errors.js';
import { QueryFailedError, describeLogGroup, runInsightsQuery, type QueryRunOptions } from './logs-insights.js';
import {
  MAX_QUERY_ROWS,
  buildSamplesQuery,
  buildStatsQuery,
  parseSampleRows,
  parseStatsRows,
  type LogFormat,
  type SizeStatsRow,
  type StatsResult,
} from './logs-insights-queries.js';
import { getFunctionMetrics, type FunctionMetrics } from './metrics.js';
import { windowDays, type TimeWindow } from './window.js';

/** Source of Max Memory Used. `auto` picks Lambda Insights when the layer is on, else Logs Insights. */
export type SourceChoice = 'auto' | 'metrics' | 'logs' | 'insights';

export interface LiveReadOptions {
  source: SourceChoice;
  window: TimeWindow;
  nowMs: number;
  profile?: string;
  /** Time limit of one attempt of an AWS call (`--timeout`), named in timeout messages. */
  timeoutSeconds?: number;
  query?: QueryRunOptions;
}

/** Invocation counts from logs and metrics that differ by more than this share get a note. */
export const COUNT_MISMATCH_SHARE = 0.05;

/**
 * Reads one function's telemetry into `FunctionObservations`. Throws `AwsCallError` for a
 * failing call and `CommandError` (exit code 2) when the window contains no invocation.
 */
export async function readLiveObservations(
  clients: AwsClients,
  reference: FunctionReference,
  options: LiveReadOptions,
): Promise<FunctionObservations> {
  const context = {
    functionName: reference.given,
    region: clients.region,
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
  };
  const configuration = await getFunctionConfiguration(clients.lambda, reference, context);
  const notes = configurationNotes(configuration, options.window);

  let source = options.source;
  if (source === 'auto') source = configuration.hasLambdaInsights ? 'insights' : 'logs';
  const metrics = await getFunctionMetrics(
    clients.cloudWatch,
    {
      functionName: configuration.functionName,
      ...(configuration.qualifier !== undefined ? { qualifier: configuration.qualifier, version: configuration.version } : {}),
      withLambdaInsights: configuration.hasLambdaInsights || source === 'insights',
    },
    options.window,
    options.nowMs,
    context,
  );
  notes.push(...metrics.notes, ...metricNotes(metrics));
  const detail = ['lambda:GetFunctionConfiguration', 'cloudwatch:GetMetricData AWS/Lambda'];

  let observations: FunctionObservations | undefined;
  if (source === 'logs') {
    observations = await fromLogsInsights(clients, configuration, metrics, options, context, notes, detail);
  } else if (source === 'insights') {
    observations = fromLambdaInsights(configuration, metrics, notes, detail);
  }
  observations ??= fromMetrics(configuration, metrics, notes, detail);

  if (observations.sizes.every((size) => size.invocations === 0)) {
    throw new CommandError(noInvocationsMessage(reference.given, options.window, notes), ExitCode.usageError);
  }
  finish(observations, configuration, metrics, options.window);
  return observations;
}

export function configurationNotes(configuration: LiveFunctionConfiguration, window: TimeWindow): string[] {
  const notes: string[] = [];
  if (configuration.facts.managedInstances === true) {
    notes.push(
      'The function runs on Lambda Managed Instances (CapacityProviderConfig), which are billed per instance, not per GB-second: the costs in this report do not apply to it.',
    );
  }
  const modified = configuration.lastModifiedMs;
  if (modified !== undefined && modified > window.startMs && modified < window.endMs) {
    notes.push(
      `The configuration changed at ${new Date(modified).toISOString()} (LastModified), inside the window: if the memory size changed, each size is its own row, and metrics-only figures mix both sizes.`,
    );
  }
  return notes;
}

export function metricNotes(metrics: FunctionMetrics): string[] {
  const notes: string[] = [];
  if (metrics.throttles > 0) {
    notes.push(`${metrics.throttles} invocation(s) were throttled in the window (Throttles); they ran at no memory size and are not in the figures.`);
  }
  const active = metrics.daily.filter((day) => day.invocations > 0 && day.p95Ms !== undefined);
  if (active.length >= 2) {
    const p95s = active.map((day) => day.p95Ms!);
    notes.push(
      `Daily P95 Duration ranged from ${Math.min(...p95s).toFixed(1)} ms to ${Math.max(...p95s).toFixed(1)} ms over ${active.length} days with invocations (first ${p95s[0]!.toFixed(1)} ms, last ${p95s[p95s.length - 1]!.toFixed(1)} ms).`,
    );
  }
  return notes;
}

/** Logs Insights: per-invocation samples up to 10,000 invocations, per-size summaries above. */
async function fromLogsInsights(
  clients: AwsClients,
  configuration: LiveFunctionConfiguration,
  metrics: FunctionMetrics,
  options: LiveReadOptions,
  context: { functionName: string; region: string; profile?: string },
  notes: string[],
  detail: string[],
): Promise<FunctionObservations | undefined> {
  const facts = configuration.facts;
  const logGroupName = facts.logGroup ?? `/aws/lambda/${configuration.functionName}`;
  if (facts.systemLogLevel === 'WARN') {
    notes.push(
      `LoggingConfig.SystemLogLevel is WARN, so Lambda writes no REPORT lines: Max Memory Used is unknown. Set SystemLogLevel to INFO (or enable Lambda Insights) to get it; durations below come from CloudWatch metrics.`,
    );
    return undefined;
  }

  const group = await describeLogGroup(clients.logs, logGroupName, context);
  if (!group.exists) {
    notes.push(`Log group ${logGroupName} does not exist, so there are no REPORT lines: Max Memory Used is unknown and durations come from CloudWatch metrics.`);
    return undefined;
  }
  const days = windowDays(options.window);
  if (group.retentionInDays !== undefined && group.retentionInDays < days) {
    notes.push(
      `Log group ${logGroupName} keeps ${group.retentionInDays} days of logs, shorter than the ${days.toFixed(1)}-day window: Logs Insights figures cover only the last ${group.retentionInDays} days.`,
    );
  }

  const format: LogFormat = facts.logFormat === 'JSON' ? 'JSON' : 'Text';
  const version = configuration.qualifier === undefined ? undefined : configuration.version;
  if (version !== undefined) {
    notes.push(`Logs are filtered to the log streams of version ${version}, which ${configuration.qualifier} resolves to now; a weighted alias also routes to other versions.`);
  }
  const request = { logGroupName, window: options.window };
  let statsRows: Awaited<ReturnType<typeof runInsightsQuery>>;
  try {
    statsRows = await runInsightsQuery(clients.logs, { ...request, queryString: buildStatsQuery(format, version) }, context, options.query);
  } catch (error) {
    if (!isQueryFallbackError(error)) throw error;
    notes.push(
      `Logs Insights returned no data because ${reasonOf(error)}, so Max Memory Used, cold starts, timeouts and OOM kills are missing: memory safety could not be checked, and durations come from CloudWatch metrics.`,
    );
    return undefined;
  }
  const stats = parseStatsRows(statsRows, format);
  detail.push(`logs:StartQuery ${logGroupName}`);

  const invocations = stats.sizes.reduce((sum, size) => sum + size.invocations, 0);
  if (invocations === 0) {
    notes.push(`Logs Insights found no ${format === 'JSON' ? 'platform.report records' : 'REPORT lines'} in ${logGroupName} for the window.`);
    return undefined;
  }
  if (metrics.invocations > 0 && Math.abs(invocations - metrics.invocations) > metrics.invocations * COUNT_MISMATCH_SHARE) {
    notes.push(
      `Logs Insights found ${invocations} REPORT lines but CloudWatch counted ${metrics.invocations} invocations; log retention, a log filter or the SystemLogLevel may hide some.`,
    );
  }

  let rows: Awaited<ReturnType<typeof runInsightsQuery>> | undefined;
  if (invocations <= MAX_QUERY_ROWS) {
    try {
      rows = await runInsightsQuery(
        clients.logs,
        { ...request, queryString: buildSamplesQuery(format, version), limit: MAX_QUERY_ROWS },
        context,
        options.query,
      );
    } catch (error) {
      if (!isQueryFallbackError(error)) throw error;
      notes.push(
        `The per-invocation Logs Insights query returned no rows because ${reasonOf(error)}, so figures are Logs Insights percentiles by memory size, and billed duration at other sizes is projected from means rather than rounded per invocation.`,
      );
    }
  }
  if (rows !== undefined) return fromSamples(configuration, stats, rows, format, notes, detail);
  if (invocations > MAX_QUERY_ROWS) {
    notes.push(
      `${invocations} invocations exceed the ${MAX_QUERY_ROWS.toLocaleString('en-US')} rows one Logs Insights query returns, so figures are Logs Insights percentiles, and billed duration at other sizes is projected from means rather than rounded per invocation.`,
    );
  }
  return fromStats(configuration, stats, notes, detail);
}

/**
 * Errors of a Logs Insights query after which the analysis goes on with less data: the query
 * failed, was cancelled, timed out or ran past --query-timeout, or a call failed after
 * retries. Rejected credentials and Ctrl-C still end the run.
 */
function isQueryFallbackError(error: unknown): error is QueryFailedError | AwsCallError {
  if (error instanceof QueryFailedError) return true;
  return error instanceof AwsCallError && error.kind !== 'credentials';
}

function reasonOf(error: QueryFailedError | AwsCallError): string {
  return error instanceof QueryFailedError ? error.message : error.message.replace(/\.$/, '');
}

function fromSamples(
  configuration: LiveFunctionConfiguration,
  stats: StatsResult,
  rows: Parameters<typeof parseSampleRows>[0],
  format: LogFormat,
  notes: string[],
  detail: string[],
): FunctionObservations {
  const { samples, malformed } = parseSampleRows(rows, format);
  if (malformed > 0) notes.push(`${malformed} Logs Insights row(s) lacked a Duration, Billed Duration, Memory Size or Max Memory Used and were skipped.`);

  const collector = new InvocationCollector();
  for (const sample of samples) {
    const record: InvocationRecord = {
      durationMs: sample.durationMs,
      billedDurationMs: sample.billedDurationMs,
      memorySizeMb: sample.memorySizeMb,
      maxMemoryUsedMb: sample.maxMemoryUsedMb,
      status: 'success',
    };
    if (sample.failed) record.status = 'error';
    if (sample.timedOut) record.status = 'timeout';
    if (sample.requestId !== undefined) record.requestId = sample.requestId;
    if (sample.timestampMs !== undefined) record.timestampMs = sample.timestampMs;
    if (sample.logStream !== undefined) record.logStream = sample.logStream;
    if (sample.initDurationMs !== undefined) record.initDurationMs = sample.initDurationMs;
    if (sample.outOfMemory) record.errorType = 'Runtime.OutOfMemory';
    collector.add(record);
  }

  const statusTimeouts = stats.sizes.reduce((sum, size) => sum + size.statusTimeouts, 0);
  for (let i = Math.max(0, stats.unattributed.taskTimedOutLines - statusTimeouts); i > 0; i--) collector.markTimeout();
  for (let i = stats.unattributed.killedLines; i > 0; i--) collector.markOom();

  detail.push('Logs Insights REPORT rows (per invocation)');
  return collector.build({
    functionName: configuration.functionName,
    ...(configuration.facts.runtime !== undefined ? { runtime: configuration.facts.runtime } : {}),
    source: { kind: 'aws', detail },
    telemetryNotes: notes,
  });
}

export function fromStats(configuration: LiveFunctionConfiguration, stats: StatsResult, notes: string[], detail: string[]): FunctionObservations {
  detail.push('Logs Insights stats by @memorySize');
  const statusTimeouts = stats.sizes.reduce((sum, size) => sum + size.statusTimeouts, 0);
  return {
    configuration: { ...configuration.facts },
    source: { kind: 'aws', detail },
    sizes: stats.sizes.map(sizeFromStats),
    unattributedTimeouts: Math.max(0, stats.unattributed.taskTimedOutLines - statusTimeouts),
    unattributedOomKills: stats.unattributed.killedLines,
    telemetryNotes: notes,
  };
}

/** Converts one row of the aggregate query into a memory size observation. */
export function sizeFromStats(row: SizeStatsRow): MemorySizeObservation {
  const finite = (value: number): number | undefined => (Number.isFinite(value) ? value : undefined);
  const oomKills = Math.max(row.outOfMemory, row.atMemoryLimit);
  const size: MemorySizeObservation = {
    memorySizeMb: row.memorySizeMb,
    invocations: row.invocations,
    durationSummary: {
      count: row.invocations,
      meanMs: row.durationMeanMs,
      ...optional('p50Ms', finite(row.durationP50Ms)),
      ...optional('p90Ms', finite(row.durationP90Ms)),
      ...optional('p95Ms', finite(row.durationP95Ms)),
      ...optional('p99Ms', finite(row.durationP99Ms)),
      ...optional('maxMs', finite(row.durationMaxMs)),
      ...optional('billedMeanMs', finite(row.billedDurationMeanMs)),
    },
    coldStarts: row.coldStarts,
    timeouts: row.statusTimeouts,
    errors: Math.max(0, row.statusErrors - row.statusTimeouts - oomKills),
    oomKills,
    extensionOverheadMsTotal: 0,
    extensionOverheadCount: 0,
  };
  if (Number.isFinite(row.maxMemoryUsedMaxMb)) {
    size.memoryUsedSummary = {
      maxMb: row.maxMemoryUsedMaxMb,
      ...optional('p50Mb', finite(row.maxMemoryUsedP50Mb)),
      ...optional('p95Mb', finite(row.maxMemoryUsedP95Mb)),
    };
  }
  if (row.coldStarts > 0 && Number.isFinite(row.initDurationP50Ms) && Number.isFinite(row.initDurationP95Ms)) {
    size.initDurationSummary = { p50Ms: row.initDurationP50Ms, p95Ms: row.initDurationP95Ms };
  }
  if (Number.isFinite(row.firstTimestampMs)) size.firstTimestampMs = row.firstTimestampMs;
  if (Number.isFinite(row.lastTimestampMs)) size.lastTimestampMs = row.lastTimestampMs;
  return size;
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** Lambda Insights memory beside AWS/Lambda durations; undefined (with a note) when it has no data. */
export function fromLambdaInsights(
  configuration: LiveFunctionConfiguration,
  metrics: FunctionMetrics,
  notes: string[],
  detail: string[],
): FunctionObservations | undefined {
  const insights = metrics.insights;
  if (insights?.memoryMaxMb === undefined) {
    notes.push(
      configuration.hasLambdaInsights
        ? 'Lambda Insights is attached but published no used_memory_max in the window: Max Memory Used is unknown.'
        : 'Lambda Insights is not enabled on this function (no LambdaInsightsExtension layer), so --source insights has no memory figures; use --source logs.',
    );
    return undefined;
  }
  const observations = fromMetrics(configuration, metrics, notes, detail);
  detail.push('cloudwatch:GetMetricData LambdaInsights');
  const size = observations.sizes[0];
  if (size !== undefined) {
    size.memoryUsedSummary = {
      maxMb: insights.memoryMaxMb,
      ...optional('p50Mb', insights.memoryP50Mb),
      ...optional('p95Mb', insights.memoryP95Mb),
    };
  }
  return observations;
}

/** AWS/Lambda metrics alone: one row at the configured size, with no memory figure. */
export function fromMetrics(configuration: LiveFunctionConfiguration, metrics: FunctionMetrics, notes: string[], detail: string[]): FunctionObservations {
  const memorySizeMb = configuration.facts.memorySizeMb ?? 128;
  const invocations = metrics.duration?.count ?? metrics.invocations;
  const size: MemorySizeObservation = {
    memorySizeMb,
    invocations,
    coldStarts: 0,
    timeouts: 0,
    errors: metrics.errors,
    oomKills: 0,
    extensionOverheadMsTotal: 0,
    extensionOverheadCount: 0,
  };
  if (metrics.duration !== undefined) size.durationSummary = metrics.duration;
  if (invocations > 0) {
    notes.push('CloudWatch metrics count no cold starts, timeouts or OOM kills, so those columns show 0; Logs Insights (--source logs) has them.');
  }
  return {
    configuration: { ...configuration.facts },
    source: { kind: 'aws', detail },
    sizes: invocations > 0 ? [size] : [],
    unattributedTimeouts: 0,
    unattributedOomKills: 0,
    telemetryNotes: notes,
  };
}

/** Puts the configuration, the window and the Lambda Insights CPU fraction on the result. */
export function finish(observations: FunctionObservations, configuration: LiveFunctionConfiguration, metrics: FunctionMetrics, window: TimeWindow): void {
  observations.configuration = { ...configuration.facts };
  observations.windowStartMs = window.startMs;
  observations.windowEndMs = window.endMs;

  const insights = metrics.insights;
  const duration = metrics.duration;
  const memorySizeMb = configuration.facts.memorySizeMb;
  if (insights?.cpuTotalTimeMs !== undefined && insights.sampleCount !== undefined && insights.sampleCount > 0 && duration !== undefined && memorySizeMb !== undefined) {
    const fraction = cpuFractionFromCpuTime(insights.cpuTotalTimeMs / insights.sampleCount, duration.meanMs, memorySizeMb);
    if (fraction !== undefined) observations.cpuFractionFromInsights = fraction;
  }
}

function noInvocationsMessage(given: string, window: TimeWindow, notes: string[]): string {
  const span = `${new Date(window.startMs).toISOString()} to ${new Date(window.endMs).toISOString()}`;
  const reasons = notes.length === 0 ? '' : ` ${notes.join(' ')}`;
  return `no invocations of ${given} from ${span} (CloudWatch Invocations and Logs Insights found none); widen the window with --since or --start.${reasons}`;
}
