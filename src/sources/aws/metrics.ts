/**
 * CloudWatch metrics of one function: AWS/Lambda Duration, Invocations, Errors, Throttles
 * and ConcurrentExecutions, and LambdaInsights memory and CPU when the extension is on,
 * all in one GetMetricData request (up to 500 queries per call).
 */

import { paginateGetMetricData, type CloudWatchClient, type Dimension, type MetricDataQuery, type MetricDataResult } from '@aws-sdk/client-cloudwatch';

import type { DurationSummary } from '../../analysis/observations.js';
import { toAwsCallError, type AwsCallContext } from './errors.js';
import { lambdaInsightsQueries, readLambdaInsights, type LambdaInsightsFigures } from './lambda-insights.js';
import { periodMultipleSeconds, wholeWindowPeriodSeconds, type TimeWindow } from './window.js';

const DAY_SECONDS = 86_400;

/** The function, version or alias whose metrics are read. */
export interface MetricTarget {
  functionName: string;
  qualifier?: string;
  /** Published version the qualifier resolves to; Lambda Insights keys versions by number. */
  version?: string;
  withLambdaInsights: boolean;
}

export interface DailyPoint {
  dayStartMs: number;
  invocations: number;
  p95Ms?: number;
}

/** Whole-window figures of one function, plus a daily series for trend. */
export interface FunctionMetrics {
  invocations: number;
  errors: number;
  throttles: number;
  concurrencyMax?: number;
  /** Absent when no Duration data point exists in the window. */
  duration?: DurationSummary;
  daily: DailyPoint[];
  insights?: LambdaInsightsFigures;
  /** Statistics dropped because the window came back as more than one period. */
  notes: string[];
}

/** AWS/Lambda dimensions: FunctionName, plus Resource (`name:qualifier`) for a version or alias. */
export function lambdaDimensions(target: MetricTarget): Dimension[] {
  const dimensions: Dimension[] = [{ Name: 'FunctionName', Value: target.functionName }];
  if (target.qualifier !== undefined) {
    dimensions.push({ Name: 'Resource', Value: `${target.functionName}:${target.qualifier}` });
  }
  return dimensions;
}

function lambdaQuery(id: string, metricName: string, stat: string, period: number, target: MetricTarget): MetricDataQuery {
  return {
    Id: id,
    MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: lambdaDimensions(target) }, Period: period, Stat: stat },
    ReturnData: true,
  };
}

/**
 * Builds every metric query of one function: whole-window statistics with one period that
 * spans the window, and a daily Invocations and P95 series.
 */
export function buildMetricQueries(target: MetricTarget, window: TimeWindow, nowMs: number): MetricDataQuery[] {
  const period = wholeWindowPeriodSeconds(window, nowMs);
  const queries: MetricDataQuery[] = [
    lambdaQuery('duration_p50', 'Duration', 'p50', period, target),
    lambdaQuery('duration_p90', 'Duration', 'p90', period, target),
    lambdaQuery('duration_p95', 'Duration', 'p95', period, target),
    lambdaQuery('duration_p99', 'Duration', 'p99', period, target),
    lambdaQuery('duration_max', 'Duration', 'Maximum', period, target),
    lambdaQuery('duration_avg', 'Duration', 'Average', period, target),
    lambdaQuery('duration_count', 'Duration', 'SampleCount', period, target),
    lambdaQuery('invocations', 'Invocations', 'Sum', period, target),
    lambdaQuery('errors', 'Errors', 'Sum', period, target),
    lambdaQuery('throttles', 'Throttles', 'Sum', period, target),
    lambdaQuery('concurrency_max', 'ConcurrentExecutions', 'Maximum', period, target),
    lambdaQuery('daily_invocations', 'Invocations', 'Sum', DAY_SECONDS, target),
    lambdaQuery('daily_duration_p95', 'Duration', 'p95', DAY_SECONDS, target),
  ];
  if (target.withLambdaInsights) queries.push(...lambdaInsightsQueries(target, period));
  return queries;
}

/** Start time aligned down to the period multiple that the retention tier of the window requires. */
export function metricQueryStartMs(window: TimeWindow, nowMs: number): number {
  const multipleMs = periodMultipleSeconds(window, nowMs) * 1000;
  return Math.floor(window.startMs / multipleMs) * multipleMs;
}

/** Calls GetMetricData (all pages) and reads the results into `FunctionMetrics`. */
export async function getFunctionMetrics(
  cloudWatch: CloudWatchClient,
  target: MetricTarget,
  window: TimeWindow,
  nowMs: number,
  context: Omit<AwsCallContext, 'operation' | 'iamAction'>,
): Promise<FunctionMetrics> {
  const results = new Map<string, { timestamps: number[]; values: number[] }>();
  try {
    const pages = paginateGetMetricData(
      { client: cloudWatch },
      {
        MetricDataQueries: buildMetricQueries(target, window, nowMs),
        StartTime: new Date(metricQueryStartMs(window, nowMs)),
        EndTime: new Date(window.endMs),
        ScanBy: 'TimestampAscending',
      },
    );
    for await (const page of pages) {
      for (const result of page.MetricDataResults ?? []) mergeResult(results, result);
    }
  } catch (error) {
    throw toAwsCallError(error, { ...context, operation: 'GetMetricData', iamAction: 'cloudwatch:GetMetricData' });
  }
  return readFunctionMetrics(results, target.withLambdaInsights);
}

function mergeResult(results: Map<string, { timestamps: number[]; values: number[] }>, result: MetricDataResult): void {
  if (result.Id === undefined) return;
  const entry = results.get(result.Id) ?? { timestamps: [], values: [] };
  entry.timestamps.push(...(result.Timestamps ?? []).map((timestamp) => timestamp.getTime()));
  entry.values.push(...(result.Values ?? []));
  results.set(result.Id, entry);
}

export type MetricSeries = Map<string, { timestamps: number[]; values: number[] }>;

/**
 * Reads the metric results. Percentiles are never averaged across periods: when the
 * window came back as several periods, they are dropped with a note. Means across
 * periods are weighted by SampleCount.
 */
export function readFunctionMetrics(series: MetricSeries, withLambdaInsights: boolean): FunctionMetrics {
  const notes: string[] = [];
  const values = (id: string): number[] => series.get(id)?.values ?? [];
  const sum = (id: string): number => values(id).reduce((total, value) => total + value, 0);
  const max = (id: string): number | undefined => (values(id).length === 0 ? undefined : Math.max(...values(id)));
  const single = (id: string): number | undefined => {
    const points = values(id);
    if (points.length > 1) notes.push(`CloudWatch returned ${id} in ${points.length} periods; percentiles cannot be combined, so it is left out.`);
    return points.length === 1 ? points[0] : undefined;
  };

  const counts = values('duration_count');
  const averages = values('duration_avg');
  const count = counts.reduce((total, value) => total + value, 0);
  const weightedMean =
    count === 0 || counts.length !== averages.length
      ? Number.NaN
      : counts.reduce((total, weight, i) => total + weight * averages[i]!, 0) / count;

  const metrics: FunctionMetrics = {
    invocations: sum('invocations'),
    errors: sum('errors'),
    throttles: sum('throttles'),
    daily: dailySeries(series),
    notes,
  };
  const concurrencyMax = max('concurrency_max');
  if (concurrencyMax !== undefined) metrics.concurrencyMax = concurrencyMax;

  if (count > 0) {
    const duration: DurationSummary = { count, meanMs: weightedMean };
    const percentiles = [
      ['p50Ms', 'duration_p50'],
      ['p90Ms', 'duration_p90'],
      ['p95Ms', 'duration_p95'],
      ['p99Ms', 'duration_p99'],
    ] as const;
    for (const [key, id] of percentiles) {
      const value = single(id);
      if (value !== undefined) duration[key] = value;
    }
    const maxMs = max('duration_max');
    if (maxMs !== undefined) duration.maxMs = maxMs;
    metrics.duration = duration;
  }

  if (withLambdaInsights) {
    const insights = readLambdaInsights(series, single);
    if (insights !== undefined) metrics.insights = insights;
  }
  return metrics;
}

function dailySeries(series: MetricSeries): DailyPoint[] {
  const invocations = series.get('daily_invocations');
  const p95 = series.get('daily_duration_p95');
  const p95ByDay = new Map<number, number>();
  p95?.timestamps.forEach((timestamp, i) => p95ByDay.set(timestamp, p95.values[i]!));

  const points: DailyPoint[] = (invocations?.timestamps ?? []).map((timestamp, i) => {
    const point: DailyPoint = { dayStartMs: timestamp, invocations: invocations!.values[i]! };
    const dayP95 = p95ByDay.get(timestamp);
    if (dayP95 !== undefined) point.p95Ms = dayP95;
    return point;
  });
  return points.sort((a, b) => a.dayStartMs - b.dayStartMs);
}
