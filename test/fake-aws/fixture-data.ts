/**
 * Builds what the fake AWS server serves from a REPORT log fixture, read with the
 * project's own log parser, so the live and offline paths see the same invocations.
 */

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { sparseValueAt, type FunctionObservations } from '../../src/analysis/observations.js';
import { readReportLogs } from '../../src/sources/report-log/index.js';
import type { FakeAwsConfig, MetricQuery, MetricSeries, QueryRow } from './server.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

/** Returns a real GetFunctionConfiguration output (fixtures/aws) with `overrides` applied. */
export function functionConfiguration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = JSON.parse(readFileSync(join(FIXTURES, 'aws', 'python39-128mb-get-function-configuration.json'), 'utf8')) as Record<string, unknown>;
  return { ...base, ...overrides };
}

export async function invocationsOf(reportFixture: string): Promise<FunctionObservations> {
  return readReportLogs([join(FIXTURES, 'reports', reportFixture)]);
}

/** Logs Insights `@timestamp` format: "2026-04-24 04:20:51.277", UTC. */
function insightsTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** Writes MB × 1e6 as Logs Insights does, alternating plain and scientific notation ("1.769E9"). */
function insightsMemory(mb: number, index: number): string {
  const value = mb * 1e6;
  return index % 2 === 0 ? String(value) : value.toExponential().replace('e+', 'E');
}

/** One Logs Insights row per invocation, as the per-invocation query returns them. */
export function sampleRows(observations: FunctionObservations): QueryRow[] {
  const rows: QueryRow[] = [];
  for (const size of observations.sizes) {
    const samples = size.samples!;
    for (let i = 0; i < samples.durationMs.length; i++) {
      const row: QueryRow = {
        requestId: `req-${size.memorySizeMb}-${i}`,
        '@timestamp': insightsTimestamp(samples.timestampMs[i] ?? Number.NaN),
        '@logStream': `2026/04/24/[$LATEST]stream${i % 7}`,
        durationMs: String(samples.durationMs[i]),
        billedDurationMs: String(samples.billedDurationMs[i]),
        memorySize: insightsMemory(size.memorySizeMb, i),
        maxMemoryUsed: insightsMemory(samples.maxMemoryUsedMb[i]!, i + 1),
        isTimeout: '0',
        isError: '0',
        isOutOfMemory: '0',
      };
      const init = sparseValueAt(samples.initDurationMs, i);
      if (!Number.isNaN(init)) row.initDurationMs = String(init);
      rows.push(row);
    }
  }
  return rows;
}

function quantile(sorted: number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/** One aggregate row per memory size, as the stats query returns them. */
export function statsRows(observations: FunctionObservations): QueryRow[] {
  return observations.sizes.map((size) => {
    const samples = size.samples!;
    const durations = [...samples.durationMs].sort((a, b) => a - b);
    const memory = [...samples.maxMemoryUsedMb].sort((a, b) => a - b);
    const billed = [...samples.billedDurationMs];
    const init = [...samples.initDurationMs.valuesMs].filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
    const billedSum = billed.reduce((sum, value) => sum + value, 0);
    return {
      '@memorySize': String(size.memorySizeMb * 1e6),
      invocations: String(durations.length),
      durationMean: String(durations.reduce((sum, value) => sum + value, 0) / durations.length),
      durationP50: String(quantile(durations, 0.5)),
      durationP90: String(quantile(durations, 0.9)),
      durationP95: String(quantile(durations, 0.95)),
      durationP99: String(quantile(durations, 0.99)),
      durationMax: String(durations[durations.length - 1]),
      billedDurationSum: String(billedSum),
      billedDurationMean: String(billedSum / billed.length),
      maxMemoryUsedMax: String(memory[memory.length - 1]! * 1e6),
      maxMemoryUsedP50: String(quantile(memory, 0.5) * 1e6),
      maxMemoryUsedP95: String(quantile(memory, 0.95) * 1e6),
      coldStarts: String(init.length),
      initDurationP50: init.length === 0 ? '' : String(quantile(init, 0.5)),
      initDurationP95: init.length === 0 ? '' : String(quantile(init, 0.95)),
      statusTimeouts: '0',
      statusErrors: '0',
      outOfMemory: '0',
      atMemoryLimit: '0',
      taskTimedOutLines: '0',
      killedLines: '0',
    };
  });
}

/** AWS/Lambda metrics derived from the same invocations; whole-window queries get one point. */
export function metricsFrom(observations: FunctionObservations): FakeAwsConfig['metric'] {
  const durations = observations.sizes.flatMap((size) => [...size.samples!.durationMs]).sort((a, b) => a - b);
  const count = durations.length;
  const byStat: Record<string, Record<string, number>> = {
    Duration: {
      p50: quantile(durations, 0.5),
      p90: quantile(durations, 0.9),
      p95: quantile(durations, 0.95),
      p99: quantile(durations, 0.99),
      Maximum: durations[count - 1]!,
      Average: durations.reduce((sum, value) => sum + value, 0) / count,
      SampleCount: count,
    },
    Invocations: { Sum: count },
    Errors: { Sum: 0 },
    Throttles: { Sum: 0 },
    ConcurrentExecutions: { Maximum: 10 },
  };
  return (query: MetricQuery, request): MetricSeries | undefined => {
    if (query.MetricStat.Metric.Namespace !== 'AWS/Lambda') return undefined;
    const value = byStat[query.MetricStat.Metric.MetricName]?.[query.MetricStat.Stat];
    return value === undefined ? undefined : { timestamps: [request.startTime], values: [value] };
  };
}

/** Routes the two Logs Insights queries of the live path to their rows. */
export function queryResultsFrom(observations: FunctionObservations): (queryString: string) => QueryRow[] {
  const stats = statsRows(observations);
  const samples = sampleRows(observations);
  return (queryString) => (queryString.includes('| stats ') ? stats : samples);
}
