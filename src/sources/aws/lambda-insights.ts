/**
 * Lambda Insights metrics (namespace LambdaInsights), published by the Lambda Insights
 * extension layer: `used_memory_max` in MB, `memory_utilization` in percent of the
 * configured memory, and `cpu_total_time` in ms per invocation.
 */

import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';

import { ONE_VCPU_MEMORY_MB as ONE_VCPU_MB } from '../../analysis/duration-model.js';

export interface LambdaInsightsFigures {
  memoryMaxMb?: number;
  memoryP50Mb?: number;
  memoryP95Mb?: number;
  memoryUtilizationMaxPercent?: number;
  /** Sum of cpu_total_time over the window, in ms. */
  cpuTotalTimeMs?: number;
  /** Invocations Lambda Insights saw (SampleCount of cpu_total_time). */
  sampleCount?: number;
}

interface InsightsTarget {
  functionName: string;
  qualifier?: string;
  version?: string;
}

/**
 * Lambda Insights keys metrics by `function_name`, and by `function_name` plus `version`
 * for a published version, so a qualified analysis reads the version the qualifier resolves to.
 */
function insightsDimensions(target: InsightsTarget): { Name: string; Value: string }[] {
  const dimensions = [{ Name: 'function_name', Value: target.functionName }];
  if (target.qualifier !== undefined && target.version !== undefined && target.version !== '$LATEST') {
    dimensions.push({ Name: 'version', Value: target.version });
  }
  return dimensions;
}

export function lambdaInsightsQueries(target: InsightsTarget, period: number): MetricDataQuery[] {
  const query = (id: string, metricName: string, stat: string): MetricDataQuery => ({
    Id: id,
    MetricStat: { Metric: { Namespace: 'LambdaInsights', MetricName: metricName, Dimensions: insightsDimensions(target) }, Period: period, Stat: stat },
    ReturnData: true,
  });
  return [
    query('insights_memory_max', 'used_memory_max', 'Maximum'),
    query('insights_memory_p50', 'used_memory_max', 'p50'),
    query('insights_memory_p95', 'used_memory_max', 'p95'),
    query('insights_memory_utilization_max', 'memory_utilization', 'Maximum'),
    query('insights_cpu_total_time_sum', 'cpu_total_time', 'Sum'),
    query('insights_cpu_total_time_count', 'cpu_total_time', 'SampleCount'),
  ];
}

/** Reads the Lambda Insights results; undefined when the window contains none. */
export function readLambdaInsights(
  series: Map<string, { values: number[] }>,
  single: (id: string) => number | undefined,
): LambdaInsightsFigures | undefined {
  const values = (id: string): number[] => series.get(id)?.values ?? [];
  const total = (id: string): number | undefined =>
    values(id).length === 0 ? undefined : values(id).reduce((sum, value) => sum + value, 0);

  const figures: LambdaInsightsFigures = {};
  const memoryMax = values('insights_memory_max');
  if (memoryMax.length > 0) figures.memoryMaxMb = Math.max(...memoryMax);
  const p50 = single('insights_memory_p50');
  if (p50 !== undefined) figures.memoryP50Mb = p50;
  const p95 = single('insights_memory_p95');
  if (p95 !== undefined) figures.memoryP95Mb = p95;
  const utilization = values('insights_memory_utilization_max');
  if (utilization.length > 0) figures.memoryUtilizationMaxPercent = Math.max(...utilization);
  const cpu = total('insights_cpu_total_time_sum');
  if (cpu !== undefined) figures.cpuTotalTimeMs = cpu;
  const count = total('insights_cpu_total_time_count');
  if (count !== undefined) figures.sampleCount = count;

  return Object.keys(figures).length === 0 ? undefined : figures;
}

/**
 * Estimates the CPU-bound share of the duration at `memorySizeMb` from CPU time and wall
 * time. Below one vCPU a function gets `memorySizeMb / 1769` of a core, so CPU work of
 * T ms of CPU time occupies T × 1769 / memorySizeMb ms of wall time. Capped at 1.
 * NOTE: this is an estimate; cpu_total_time also counts the extension's own CPU time.
 */
export function cpuFractionFromCpuTime(cpuTimeMsPerInvocation: number, durationMsPerInvocation: number, memorySizeMb: number): number | undefined {
  if (!(cpuTimeMsPerInvocation >= 0) || !(durationMsPerInvocation > 0)) return undefined;
  const share = Math.min(memorySizeMb, ONE_VCPU_MB) / ONE_VCPU_MB;
  return Math.min(1, cpuTimeMsPerInvocation / share / durationMsPerInvocation);
}
