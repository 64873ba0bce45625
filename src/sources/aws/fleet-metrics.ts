/**
 * CloudWatch metrics of a whole fleet: the per-function queries of `buildMetricQueries`,
 * prefixed with the function's index and packed into GetMetricData calls of at most 500
 * metric queries each, so 1,000 functions of 13 queries cost 27 calls instead of 1,000.
 */

import { paginateGetMetricData, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';

import { toAwsCallError, type AwsCallError } from './errors.js';
import { buildMetricQueries, metricQueryStartMs, readFunctionMetrics, type FunctionMetrics, type MetricSeries, type MetricTarget } from './metrics.js';
import { runPool } from './promise-pool.js';
import type { TimeWindow } from './window.js';

/** GetMetricData takes at most 500 metric queries per call (GetMetricData documentation in @aws-sdk/client-cloudwatch 3.1178). */
export const MAX_METRIC_QUERIES_PER_CALL = 500;

export interface FleetMetricsOptions {
  region: string;
  profile?: string;
  /** GetMetricData calls in flight at once. */
  concurrency: number;
}

/**
 * Reads every target's metrics. Returns, per target index, its metrics or the error of the
 * call that carried its queries; one failing call fails only the functions it carried.
 */
export async function getFleetMetrics(
  cloudWatch: CloudWatchClient,
  targets: MetricTarget[],
  window: TimeWindow,
  nowMs: number,
  options: FleetMetricsOptions,
): Promise<(FunctionMetrics | AwsCallError)[]> {
  const perTarget = targets.map((target, index) =>
    buildMetricQueries(target, window, nowMs).map((query): MetricDataQuery => ({ ...query, Id: `f${index}_${query.Id ?? ''}` })),
  );
  const batches = packBatches(perTarget);
  const results = new Array<FunctionMetrics | AwsCallError>(targets.length);

  await runPool(batches, options.concurrency, async (batch) => {
    const series = new Map<number, MetricSeries>(batch.map((index) => [index, new Map()]));
    try {
      const pages = paginateGetMetricData(
        { client: cloudWatch },
        {
          MetricDataQueries: batch.flatMap((index) => perTarget[index]!),
          StartTime: new Date(metricQueryStartMs(window, nowMs)),
          EndTime: new Date(window.endMs),
          ScanBy: 'TimestampAscending',
        },
      );
      for await (const page of pages) {
        for (const result of page.MetricDataResults ?? []) {
          const match = /^f(\d+)_(.+)$/.exec(result.Id ?? '');
          if (match === null) continue;
          const target = series.get(Number(match[1]));
          if (target === undefined) continue;
          const entry = target.get(match[2]!) ?? { timestamps: [], values: [] };
          entry.timestamps.push(...(result.Timestamps ?? []).map((timestamp) => timestamp.getTime()));
          entry.values.push(...(result.Values ?? []));
          target.set(match[2]!, entry);
        }
      }
      for (const index of batch) results[index] = readFunctionMetrics(series.get(index)!, targets[index]!.withLambdaInsights);
    } catch (error) {
      for (const index of batch) {
        results[index] = toAwsCallError(error, {
          functionName: targets[index]!.functionName,
          region: options.region,
          ...(options.profile !== undefined ? { profile: options.profile } : {}),
          operation: 'GetMetricData',
          iamAction: 'cloudwatch:GetMetricData',
        });
      }
    }
  });
  return results;
}

/** Groups target indexes so that no call exceeds 500 queries and no function is split across calls. */
export function packBatches(perTarget: MetricDataQuery[][]): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let size = 0;
  perTarget.forEach((queries, index) => {
    if (size + queries.length > MAX_METRIC_QUERIES_PER_CALL && current.length > 0) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(index);
    size += queries.length;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}
