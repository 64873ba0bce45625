/**
 * Synthetic fleets for the fake AWS server: N functions with deterministic telemetry, served
 * through ListFunctions pages, GetMetricData by FunctionName dimension, DescribeLogGroups,
 * and the `stats ... by @log, @memorySize` rows of multi-group Logs Insights queries.
 */

import type { FakeAwsConfig, MetricQuery, MetricSeries, QueryRow } from './server.js';

export const ACCOUNT_ID = '123456789012';

export interface FleetSpec {
  /** Number of functions, named `prefix-0000`, `prefix-0001`, … */
  count: number;
  prefix?: string;
  region?: string;
  /** Indexes of functions with no invocation in the window. */
  idle?: number[];
  /** Indexes whose log group rejects StartQuery with AccessDeniedException. */
  denied?: number[];
  /** Tags of a function by index; none when it returns undefined. */
  tagsOf?: (index: number) => Record<string, string> | undefined;
}

/** The figures every source reports for one function, derived from its index. */
export interface FunctionTelemetry {
  name: string;
  memorySizeMb: number;
  invocations: number;
  durationMeanMs: number;
  durationP95Ms: number;
  maxMemoryUsedMb: number;
}

export function functionName(spec: FleetSpec, index: number): string {
  return `${spec.prefix ?? 'fleet'}-${String(index).padStart(4, '0')}`;
}

/**
 * Telemetry of function `index`: sizes cycle through 256, 512, 1024 and 1769 MB, and memory
 * use stays between 20% and 95% of the size, so the fleet mixes over-provisioned,
 * optimized and under-provisioned functions.
 */
export function telemetryOf(spec: FleetSpec, index: number): FunctionTelemetry {
  const memorySizeMb = [256, 512, 1024, 1769][index % 4]!;
  const durationMeanMs = 40 + (index % 13) * 15;
  return {
    name: functionName(spec, index),
    memorySizeMb,
    invocations: (spec.idle ?? []).includes(index) ? 0 : 5_000 + (index % 17) * 1_000,
    durationMeanMs,
    durationP95Ms: durationMeanMs * 1.8,
    maxMemoryUsedMb: Math.round(memorySizeMb * (0.2 + ((index * 7) % 16) * 0.05)),
  };
}

function configurationOf(spec: FleetSpec, index: number): Record<string, unknown> {
  const telemetry = telemetryOf(spec, index);
  const region = spec.region ?? 'us-east-1';
  return {
    FunctionName: telemetry.name,
    FunctionArn: `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${telemetry.name}`,
    Runtime: 'provided.al2023',
    Role: `arn:aws:iam::${ACCOUNT_ID}:role/fleet-role`,
    Handler: 'bootstrap',
    CodeSize: 4_000_000,
    Timeout: 10,
    MemorySize: telemetry.memorySizeMb,
    LastModified: '2026-01-10T00:00:00.000+0000',
    Version: '$LATEST',
    PackageType: 'Zip',
    Architectures: [index % 2 === 0 ? 'arm64' : 'x86_64'],
    Environment: { Variables: { GOGC: '100', API_TOKEN: 'not-a-real-secret-value' } },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${telemetry.name}` },
  };
}

/** Stats rows of one function's log group, as `stats ... by @log, @memorySize` returns them. */
export function fleetStatsRows(spec: FleetSpec, index: number): QueryRow[] {
  const t = telemetryOf(spec, index);
  if (t.invocations === 0) return [];
  const coldStarts = Math.round(t.invocations * 0.01);
  return [
    {
      '@log': `${ACCOUNT_ID}:/aws/lambda/${t.name}`,
      '@memorySize': String(t.memorySizeMb * 1e6),
      invocations: String(t.invocations),
      durationMean: String(t.durationMeanMs),
      durationP50: String(t.durationMeanMs * 0.9),
      durationP90: String(t.durationMeanMs * 1.5),
      durationP95: String(t.durationP95Ms),
      durationP99: String(t.durationMeanMs * 2.5),
      durationMax: String(t.durationMeanMs * 4),
      billedDurationSum: String((t.durationMeanMs + 0.5) * t.invocations),
      billedDurationMean: String(t.durationMeanMs + 0.5),
      maxMemoryUsedMax: String(t.maxMemoryUsedMb * 1e6),
      maxMemoryUsedP50: String(t.maxMemoryUsedMb * 0.9 * 1e6),
      maxMemoryUsedP95: String(t.maxMemoryUsedMb * 0.98 * 1e6),
      coldStarts: String(coldStarts),
      initDurationP50: '45.5',
      initDurationP95: '80.2',
      statusTimeouts: '0',
      statusErrors: '0',
      outOfMemory: '0',
      atMemoryLimit: '0',
      taskTimedOutLines: '0',
      killedLines: '0',
      firstTimestamp: '2026-04-24 00:00:05.000',
      lastTimestamp: '2026-04-24 23:59:55.000',
    },
  ];
}

/** AWS/Lambda metrics consistent with the stats rows; whole-window queries get one point, daily ones none. */
function metricOf(spec: FleetSpec, byName: Map<string, number>): NonNullable<FakeAwsConfig['metric']> {
  return (query: MetricQuery, request): MetricSeries | undefined => {
    const metric = query.MetricStat.Metric;
    if (metric.Namespace !== 'AWS/Lambda' || query.MetricStat.Period === 86_400) return undefined;
    const name = metric.Dimensions?.find((dimension) => dimension.Name === 'FunctionName')?.Value;
    const index = name === undefined ? undefined : byName.get(name);
    if (index === undefined) return undefined;
    const t = telemetryOf(spec, index);
    if (t.invocations === 0) return undefined;
    const byStat: Record<string, Record<string, number>> = {
      Duration: {
        p50: t.durationMeanMs * 0.9,
        p90: t.durationMeanMs * 1.5,
        p95: t.durationP95Ms,
        p99: t.durationMeanMs * 2.5,
        Maximum: t.durationMeanMs * 4,
        Average: t.durationMeanMs,
        SampleCount: t.invocations,
      },
      Invocations: { Sum: t.invocations },
      Errors: { Sum: 0 },
      Throttles: { Sum: 0 },
      ConcurrentExecutions: { Maximum: 3 },
    };
    const value = byStat[metric.MetricName]?.[query.MetricStat.Stat];
    return value === undefined ? undefined : { timestamps: [request.startTime], values: [value] };
  };
}

/** Builds the fake's configuration for a fleet. */
export function fleetConfig(spec: FleetSpec): FakeAwsConfig {
  const names = Array.from({ length: spec.count }, (_, index) => functionName(spec, index));
  const byName = new Map(names.map((name, index) => [name, index]));
  const byLogGroup = new Map(names.map((name, index) => [`/aws/lambda/${name}`, index]));
  const tags: Record<string, Record<string, string>> = {};
  names.forEach((name, index) => {
    const functionTags = spec.tagsOf?.(index);
    if (functionTags !== undefined) tags[name] = functionTags;
  });

  return {
    functions: Object.fromEntries(names.map((name, index) => [name, configurationOf(spec, index)])),
    metric: metricOf(spec, byName),
    logGroups: names.map((name) => ({ logGroupName: `/aws/lambda/${name}`, retentionInDays: 30 })),
    deniedLogGroups: (spec.denied ?? []).map((index) => `/aws/lambda/${names[index]}`),
    tags,
    queryResults: (_queryString, logGroupNames) =>
      logGroupNames.flatMap((group) => {
        const index = byLogGroup.get(group);
        return index === undefined ? [] : fleetStatsRows(spec, index);
      }),
  };
}
