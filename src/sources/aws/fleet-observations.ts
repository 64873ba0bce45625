/**
 * Assembles one function's `FunctionObservations` in a fleet audit from its ListFunctions
 * configuration, its share of the batched metrics and its rows of a multi-group Logs
 * Insights query. Fleet runs read per-size summaries only: a per-invocation query per
 * function would cost one more query for every function.
 */

import type { FunctionObservations } from '../../analysis/observations.js';
import type { LiveFunctionConfiguration } from './function-config.js';
import type { LogGroupFacts } from './logs-insights.js';
import type { StatsResult } from './logs-insights-queries.js';
import type { FunctionMetrics } from './metrics.js';
import {
  COUNT_MISMATCH_SHARE,
  configurationNotes,
  finish,
  fromLambdaInsights,
  fromMetrics,
  fromStats,
  metricNotes,
  type SourceChoice,
} from './observations.js';
import { windowDays, type TimeWindow } from './window.js';

/** Where a fleet function's Max Memory Used comes from, after `auto` is resolved. */
export type FleetSource = Exclude<SourceChoice, 'auto'>;

export function resolveFleetSource(choice: SourceChoice, configuration: LiveFunctionConfiguration): FleetSource {
  if (choice !== 'auto') return choice;
  return configuration.hasLambdaInsights ? 'insights' : 'logs';
}

/** The log group of a function: LoggingConfig.LogGroup, else `/aws/lambda/<name>`. */
export function logGroupOf(configuration: LiveFunctionConfiguration): string {
  return configuration.facts.logGroup ?? `/aws/lambda/${configuration.functionName}`;
}

/** Whether Logs Insights can hold REPORT lines for the function at all. */
export function writesReportLines(configuration: LiveFunctionConfiguration): boolean {
  return configuration.facts.systemLogLevel !== 'WARN';
}

export interface FleetFunctionTelemetry {
  configuration: LiveFunctionConfiguration;
  source: FleetSource;
  metrics: FunctionMetrics;
  /** Facts of the log group, when the source is logs and the group was looked up. */
  logGroup?: LogGroupFacts;
  /** Rows of the aggregate query for the function's log group, when it was queried. */
  stats?: StatsResult;
}

export const SUMMARY_COST_NOTE =
  'Fleet runs read Logs Insights summary statistics per memory size (mean and percentiles), not each invocation, so billed duration is estimated from the mean rather than rounded per invocation; analyze the function alone for exact rounding.';

/** Builds the observations, or returns undefined when the window holds no invocation. */
export function assembleFleetObservations(telemetry: FleetFunctionTelemetry, window: TimeWindow): FunctionObservations | undefined {
  const { configuration, metrics } = telemetry;
  const notes = configurationNotes(configuration, window);
  notes.push(...metrics.notes, ...metricNotes(metrics));
  const detail = ['lambda:ListFunctions', 'cloudwatch:GetMetricData AWS/Lambda (batched across functions)'];

  let observations: FunctionObservations | undefined;
  if (telemetry.source === 'logs') {
    observations = fromFleetLogs(telemetry, window, notes, detail);
  } else if (telemetry.source === 'insights') {
    observations = fromLambdaInsights(configuration, metrics, notes, detail);
  }
  observations ??= fromMetrics(configuration, metrics, notes, detail);

  if (observations.sizes.every((size) => size.invocations === 0)) return undefined;
  finish(observations, configuration, metrics, window);
  return observations;
}

function fromFleetLogs(telemetry: FleetFunctionTelemetry, window: TimeWindow, notes: string[], detail: string[]): FunctionObservations | undefined {
  const { configuration, metrics } = telemetry;
  const logGroupName = logGroupOf(configuration);
  if (!writesReportLines(configuration)) {
    notes.push(
      'LoggingConfig.SystemLogLevel is WARN, so Lambda writes no REPORT lines: Max Memory Used is unknown. Set SystemLogLevel to INFO (or enable Lambda Insights) to get it; durations below come from CloudWatch metrics.',
    );
    return undefined;
  }
  if (telemetry.logGroup?.exists !== true) {
    notes.push(`Log group ${logGroupName} does not exist, so there are no REPORT lines: Max Memory Used is unknown and durations come from CloudWatch metrics.`);
    return undefined;
  }
  const days = windowDays(window);
  const retention = telemetry.logGroup.retentionInDays;
  if (retention !== undefined && retention < days) {
    notes.push(
      `Log group ${logGroupName} keeps ${retention} days of logs, shorter than the ${days.toFixed(1)}-day window: Logs Insights figures cover only the last ${retention} days.`,
    );
  }

  const stats = telemetry.stats ?? { sizes: [], unattributed: { taskTimedOutLines: 0, killedLines: 0 } };
  detail.push('logs:StartQuery over up to 50 log groups, stats by @log, @memorySize');
  const invocations = stats.sizes.reduce((sum, size) => sum + size.invocations, 0);
  if (invocations === 0) {
    const format = configuration.facts.logFormat === 'JSON' ? 'platform.report records' : 'REPORT lines';
    notes.push(`Logs Insights found no ${format} in ${logGroupName} for the window.`);
    return undefined;
  }
  if (metrics.invocations > 0 && Math.abs(invocations - metrics.invocations) > metrics.invocations * COUNT_MISMATCH_SHARE) {
    notes.push(
      `Logs Insights found ${invocations} REPORT lines but CloudWatch counted ${metrics.invocations} invocations; log retention, a log filter or the SystemLogLevel may hide some.`,
    );
  }
  notes.push(SUMMARY_COST_NOTE);
  return fromStats(configuration, stats, notes, detail);
}
