/**
 * Unit tests of the AWS adapters with aws-sdk-client-mock: the exact requests sent and the
 * mapping of modelled errors. Pure helpers are tested on fixtures and plain values.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  ResourceNotFoundException as LogsResourceNotFound,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, LambdaClient, ResourceNotFoundException, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';

import { ExitCode } from '../../src/errors.js';
import { classifyAwsError, toAwsCallError } from '../../src/sources/aws/errors.js';
import { getFunctionConfiguration, parseFunctionReference, pickGoVariables, toLiveConfiguration } from '../../src/sources/aws/function-config.js';
import { cpuFractionFromCpuTime } from '../../src/sources/aws/lambda-insights.js';
import { runInsightsQuery } from '../../src/sources/aws/logs-insights.js';
import {
  buildSamplesQuery,
  buildStatsQuery,
  memoryMbFromInsights,
  parseInsightsNumber,
  parseInsightsTimestamp,
  parseSampleRows,
  parseStatsRows,
  type QueryRow,
} from '../../src/sources/aws/logs-insights-queries.js';
import { buildMetricQueries, getFunctionMetrics, readFunctionMetrics } from '../../src/sources/aws/metrics.js';
import { resolveWindow, wholeWindowPeriodSeconds } from '../../src/sources/aws/window.js';
import { FIXTURES } from '../fake-aws/fixture-data.js';

const NOW = Date.parse('2026-05-15T12:34:56Z');
const CONTEXT = { functionName: 'orders-api', region: 'us-east-1' };

function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, 'aws', name), 'utf8').replace(/^\uFEFF/, ''));
}

function rowsOf(results: { field: string; value: string }[][]): QueryRow[] {
  return results.map((row) => new Map(row.map((cell) => [cell.field, cell.value])));
}

const lambdaMock = mockClient(LambdaClient);
const cloudWatchMock = mockClient(CloudWatchClient);
const logsMock = mockClient(CloudWatchLogsClient);

afterEach(() => {
  lambdaMock.reset();
  cloudWatchMock.reset();
  logsMock.reset();
});

describe('function configuration', () => {
  it('maps the real GetFunctionConfiguration output', () => {
    const output = fixtureJson('python39-128mb-get-function-configuration.json') as Parameters<typeof toLiveConfiguration>[0];

    const configuration = toLiveConfiguration(output, parseFunctionReference('orders-api'), 'us-east-1');

    expect(configuration.facts).toEqual({
      functionName: 'orders-api',
      region: 'us-east-1',
      memorySizeMb: 128,
      timeoutSeconds: 3,
      architecture: 'x86_64',
      runtime: 'python3.9',
      packageType: 'Zip',
      lastModified: '2023-02-26T02:41:49.878+0000',
      snapStart: false,
      logFormat: 'Text',
      logGroup: '/aws/lambda/orders-api',
    });
    expect(configuration.lastModifiedMs).toBe(Date.parse('2023-02-26T02:41:49.878Z'));
    expect(configuration.ephemeralStorageMb).toBe(512);
    expect(configuration.hasLambdaInsights).toBe(false);
  });

  it('keeps only the Go environment variables', () => {
    expect(pickGoVariables({ GOGC: '50', GOMEMLIMIT: '100MiB', SECRET_TOKEN: 'x', GOMAXPROCS: '1' })).toEqual({
      GOGC: '50',
      GOMEMLIMIT: '100MiB',
      GOMAXPROCS: '1',
    });
    expect(pickGoVariables({ SECRET_TOKEN: 'x' })).toBeUndefined();
  });

  it('parses names, partial and full ARNs', () => {
    expect(parseFunctionReference('orders-api:live')).toEqual({ given: 'orders-api:live', functionName: 'orders-api', qualifier: 'live' });
    expect(parseFunctionReference('123456789012:function:orders-api', '7')).toMatchObject({ functionName: '123456789012:function:orders-api', qualifier: '7' });
    expect(parseFunctionReference('arn:aws:lambda:eu-west-1:123456789012:function:orders-api:prod')).toMatchObject({
      functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
      qualifier: 'prod',
      region: 'eu-west-1',
    });
    expect(() => parseFunctionReference('orders api')).toThrow(/invalid function name/);
    expect(() => parseFunctionReference('orders-api:prod', 'beta')).toThrow(/--qualifier is beta/);
  });

  it('sends the name and qualifier', async () => {
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({ FunctionName: 'orders-api', MemorySize: 256, Version: '7' });

    const configuration = await getFunctionConfiguration(new LambdaClient({ region: 'us-east-1' }), parseFunctionReference('orders-api:live'), CONTEXT);

    expect(lambdaMock.commandCalls(GetFunctionConfigurationCommand)[0]!.args[0].input).toEqual({ FunctionName: 'orders-api', Qualifier: 'live' });
    expect(configuration.version).toBe('7');
  });

  it('maps ResourceNotFoundException to one line', async () => {
    lambdaMock.on(GetFunctionConfigurationCommand).rejects(new ResourceNotFoundException({ message: 'Function not found', $metadata: {} }));

    const call = getFunctionConfiguration(new LambdaClient({ region: 'us-east-1' }), parseFunctionReference('orders-api'), CONTEXT);

    await expect(call).rejects.toThrow('GetFunctionConfiguration failed for orders-api in us-east-1: function not found (ResourceNotFoundException).');
    await expect(call).rejects.toMatchObject({ exitCode: ExitCode.usageError, kind: 'not-found' });
  });
});

describe('error mapping', () => {
  const error = (name: string, status?: number, fault?: string): unknown =>
    Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status, attempts: 4 }, $fault: fault });

  it.each([
    [new ResourceNotFoundException({ message: 'm', $metadata: {} }), 'not-found'],
    [new LogsResourceNotFound({ message: 'm', $metadata: {} }), 'not-found'],
    [new TooManyRequestsException({ message: 'm', $metadata: {} }), 'throttled'],
    [error('AccessDeniedException', 403), 'access-denied'],
    [error('AccessDenied', 403), 'access-denied'],
    [error('ExpiredTokenException', 400), 'credentials'],
    [error('UnrecognizedClientException', 400), 'credentials'],
    [error('CredentialsProviderError'), 'credentials'],
    [error('ThrottlingException', 400), 'throttled'],
    [error('SomethingElse', 429), 'throttled'],
    [error('InternalFailure', 500, 'server'), 'server'],
    [Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), 'network'],
    // The SDK's HTTP handler renames these socket errors to TimeoutError.
    [Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }), 'network'],
    [Object.assign(new Error('exceeded requestTimeout'), { name: 'TimeoutError', code: 'ETIMEDOUT' }), 'timeout'],
    [Object.assign(new Error('no connection'), { name: 'TimeoutError' }), 'timeout'],
    [error('InvalidParameterValueException', 400, 'client'), 'invalid-request'],
  ])('classifies %s as %s', (input, kind) => {
    expect(classifyAwsError(input)).toBe(kind);
  });

  it('names the IAM action for access denied', () => {
    const mapped = toAwsCallError(error('AccessDeniedException', 403), { ...CONTEXT, operation: 'StartQuery', iamAction: 'logs:StartQuery' });

    expect(mapped.message).toBe(
      'StartQuery failed for orders-api in us-east-1: access denied (AccessDeniedException). Grant logs:StartQuery to the caller; docs/iam-policy.json lists every read-only action the tool needs.',
    );
    expect(mapped.exitCode).toBe(ExitCode.usageError);
  });

  it('counts attempts when throttling outlasts the retries', () => {
    const mapped = toAwsCallError(error('ThrottlingException', 400), { ...CONTEXT, operation: 'GetMetricData', iamAction: 'cloudwatch:GetMetricData' });

    expect(mapped.message).toContain('throttled by AWS after 4 attempts');
    expect(mapped.exitCode).toBe(ExitCode.partialFailure);
  });
});

describe('metrics', () => {
  const window = resolveWindow({}, NOW);
  const target = { functionName: 'orders-api', withLambdaInsights: false };

  it('uses one period that spans the window, in 5-minute steps past 15 days', () => {
    expect(window.endMs - window.startMs).toBe(14 * 86_400_000);
    expect(wholeWindowPeriodSeconds(window, NOW)).toBe(14 * 86_400);
    const older = resolveWindow({ since: '20d' }, NOW);
    expect(wholeWindowPeriodSeconds(older, NOW) % 300).toBe(0);
    expect(wholeWindowPeriodSeconds(resolveWindow({ since: '100d' }, NOW), NOW) % 3600).toBe(0);
  });

  it('sends every query of a function in one request', async () => {
    cloudWatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });

    await getFunctionMetrics(new CloudWatchClient({ region: 'us-east-1' }), { ...target, qualifier: 'live' }, window, NOW, CONTEXT);

    const calls = cloudWatchMock.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.StartTime).toEqual(new Date(window.startMs));
    expect(input.EndTime).toEqual(new Date(window.endMs));
    const summary = input.MetricDataQueries!.map((query) => `${query.Id} ${query.MetricStat!.Metric!.MetricName} ${query.MetricStat!.Stat} ${query.MetricStat!.Period}`);
    expect(summary).toEqual([
      'duration_p50 Duration p50 1209600',
      'duration_p90 Duration p90 1209600',
      'duration_p95 Duration p95 1209600',
      'duration_p99 Duration p99 1209600',
      'duration_max Duration Maximum 1209600',
      'duration_avg Duration Average 1209600',
      'duration_count Duration SampleCount 1209600',
      'invocations Invocations Sum 1209600',
      'errors Errors Sum 1209600',
      'throttles Throttles Sum 1209600',
      'concurrency_max ConcurrentExecutions Maximum 1209600',
      'daily_invocations Invocations Sum 86400',
      'daily_duration_p95 Duration p95 86400',
    ]);
    expect(input.MetricDataQueries![0]!.MetricStat!.Metric!.Dimensions).toEqual([
      { Name: 'FunctionName', Value: 'orders-api' },
      { Name: 'Resource', Value: 'orders-api:live' },
    ]);
  });

  it('adds the Lambda Insights queries when the layer is on', () => {
    const queries = buildMetricQueries({ ...target, withLambdaInsights: true }, window, NOW);

    expect(queries.filter((query) => query.MetricStat?.Metric?.Namespace === 'LambdaInsights').map((query) => query.MetricStat!.Metric!.MetricName)).toEqual([
      'used_memory_max',
      'used_memory_max',
      'used_memory_max',
      'memory_utilization',
      'cpu_total_time',
      'cpu_total_time',
    ]);
  });

  it('weights means by SampleCount and never averages percentiles', () => {
    const series = new Map([
      ['duration_count', { timestamps: [1, 2], values: [100, 300] }],
      ['duration_avg', { timestamps: [1, 2], values: [10, 20] }],
      ['duration_p95', { timestamps: [1, 2], values: [30, 40] }],
      ['duration_max', { timestamps: [1, 2], values: [50, 60] }],
      ['invocations', { timestamps: [1, 2], values: [100, 300] }],
    ]);

    const metrics = readFunctionMetrics(series, false);

    expect(metrics.duration?.meanMs).toBe(17.5);
    expect(metrics.duration?.p95Ms).toBeUndefined();
    expect(metrics.duration?.maxMs).toBe(60);
    expect(metrics.invocations).toBe(400);
    expect(metrics.notes[0]).toContain('percentiles cannot be combined');
  });

  it('estimates the CPU-bound fraction from cpu_total_time', () => {
    expect(cpuFractionFromCpuTime(50, 100, 1769)).toBeCloseTo(0.5);
    expect(cpuFractionFromCpuTime(25, 100, 884.5)).toBeCloseTo(0.5);
    expect(cpuFractionFromCpuTime(90, 100, 128)).toBe(1);
  });
});

describe('Logs Insights', () => {
  const window = { startMs: Date.parse('2026-05-01T00:00:00Z'), endMs: Date.parse('2026-05-15T00:00:00Z') };

  it('parses plain and scientific notation, and MB × 1e6', () => {
    expect(parseInsightsNumber('6.7E7')).toBe(67_000_000);
    expect(parseInsightsNumber(' 2894.13 ')).toBe(2894.13);
    expect(parseInsightsNumber('')).toBeNaN();
    expect(parseInsightsNumber('12 ms')).toBeNaN();
    expect(memoryMbFromInsights('1024000000', 'Text')).toBe(1024);
    expect(memoryMbFromInsights('6.7E7', 'Text')).toBe(67);
    expect(memoryMbFromInsights('512', 'JSON')).toBe(512);
    expect(parseInsightsTimestamp('2025-08-15 13:34:52.212')).toBe(Date.parse('2025-08-15T13:34:52.212Z'));
  });

  it('reads the real GetQueryResults rows with a BOM', () => {
    const document = fixtureJson('nodejs18-logs-insights-get-query-results-string-values.json') as { results: { field: string; value: string }[][] };
    const rows = rowsOf(document.results).map((row) => {
      const renamed: QueryRow = new Map();
      const names: Record<string, string> = { '@duration': 'durationMs', '@billedDuration': 'billedDurationMs', '@memorySize': 'memorySize', '@maxMemoryUsed': 'maxMemoryUsed', '@initDuration': 'initDurationMs', '@requestId': 'requestId' };
      for (const [field, value] of row) renamed.set(names[field] ?? field, value);
      return renamed;
    });

    const { samples, malformed } = parseSampleRows(rows, 'Text');

    expect(malformed).toBe(0);
    expect(samples[0]).toMatchObject({ durationMs: 2894.13, billedDurationMs: 2895, memorySizeMb: 1024, maxMemoryUsedMb: 119, initDurationMs: 944.22 });
    expect(samples[0]!.timestampMs).toBe(Date.parse('2025-08-15T13:34:52.212Z'));
  });

  it('splits stats rows into sizes and unattributed lines', () => {
    const rows: QueryRow[] = [
      new Map([['@memorySize', '1.28E8'], ['invocations', '40'], ['durationP95', '12.5'], ['maxMemoryUsedMax', '6.7E7'], ['statusTimeouts', '2'], ['statusErrors', '3'], ['coldStarts', '4']]),
      new Map([['invocations', '0'], ['taskTimedOutLines', '3'], ['killedLines', '1']]),
    ];

    const result = parseStatsRows(rows, 'Text');

    expect(result.sizes).toHaveLength(1);
    expect(result.sizes[0]).toMatchObject({ memorySizeMb: 128, invocations: 40, durationP95Ms: 12.5, maxMemoryUsedMaxMb: 67, statusTimeouts: 2 });
    expect(result.unattributed).toEqual({ taskTimedOutLines: 3, killedLines: 1 });
  });

  it('builds the stats query for both log formats', () => {
    const text = buildStatsQuery('Text');
    expect(text.startsWith('filter @type = "REPORT" or @message like /Task timed out after|signal: killed/\n')).toBe(true);
    expect(text).toContain('pct(@duration, 95) as durationP95');
    expect(text).toContain('sum(@billedDuration) as billedDurationSum');
    expect(text).toContain('count(@initDuration) as coldStarts');
    expect(text.endsWith('by @memorySize')).toBe(true);

    const json = buildStatsQuery('JSON');
    expect(json.startsWith('filter type = "platform.report"\n')).toBe(true);
    expect(json).toContain('pct(record.metrics.maxMemoryUsedMB, 95) as maxMemoryUsedP95');
    expect(json.endsWith('by record.metrics.memorySizeMB')).toBe(true);

    expect(buildSamplesQuery('Text', '7')).toContain('| filter @logStream like "[7]"');
  });

  it('polls until Complete and sends the window in epoch seconds', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q1' });
    logsMock.on(GetQueryResultsCommand).resolvesOnce({ status: 'Running' }).resolves({ status: 'Complete', results: [[{ field: 'invocations', value: '3' }]] });

    const rows = await runInsightsQuery(
      new CloudWatchLogsClient({ region: 'us-east-1' }),
      { logGroupName: '/aws/lambda/orders-api', queryString: buildStatsQuery('Text'), window },
      CONTEXT,
      { pollDelaysMs: [0] },
    );

    expect(rows[0]!.get('invocations')).toBe('3');
    expect(logsMock.commandCalls(StartQueryCommand)[0]!.args[0].input).toEqual({
      logGroupName: '/aws/lambda/orders-api',
      queryString: buildStatsQuery('Text'),
      startTime: 1777593600,
      endTime: 1778803200,
    });
    expect(logsMock.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
  });

  it('stops the query on Ctrl-C', async () => {
    const interrupt = new AbortController();
    logsMock.on(StartQueryCommand).callsFake(() => {
      interrupt.abort();
      return { queryId: 'q1' };
    });
    logsMock.on(GetQueryResultsCommand).resolves({ status: 'Running' });
    logsMock.on(StopQueryCommand).resolves({ success: true });

    const run = runInsightsQuery(
      new CloudWatchLogsClient({ region: 'us-east-1' }),
      { logGroupName: '/aws/lambda/orders-api', queryString: 'fields @message', window },
      CONTEXT,
      { signal: interrupt.signal },
    );

    await expect(run).rejects.toMatchObject({ exitCode: ExitCode.interrupted });
    expect(logsMock.commandCalls(StopQueryCommand)[0]!.args[0].input).toEqual({ queryId: 'q1' });
  });

  it('starts no query after Ctrl-C', async () => {
    const interrupt = new AbortController();
    interrupt.abort();

    const run = runInsightsQuery(
      new CloudWatchLogsClient({ region: 'us-east-1' }),
      { logGroupName: '/aws/lambda/orders-api', queryString: 'fields @message', window },
      CONTEXT,
      { signal: interrupt.signal },
    );

    await expect(run).rejects.toMatchObject({ exitCode: ExitCode.interrupted });
    expect(logsMock.commandCalls(StartQueryCommand)).toHaveLength(0);
  });

  it('stops the query at the deadline', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q2' });
    logsMock.on(GetQueryResultsCommand).resolves({ status: 'Running' });
    logsMock.on(StopQueryCommand).resolves({ success: true });

    const run = runInsightsQuery(
      new CloudWatchLogsClient({ region: 'us-east-1' }),
      { logGroupName: '/aws/lambda/orders-api', queryString: 'fields @message', window },
      CONTEXT,
      { timeoutMs: 0, pollDelaysMs: [0] },
    );

    await expect(run).rejects.toThrow(/did not finish within 0 s \(--query-timeout\) and was stopped/);
    expect(logsMock.commandCalls(StopQueryCommand)).toHaveLength(1);
  });
});

describe('window', () => {
  it('rejects bad values with the fix', () => {
    expect(() => resolveWindow({ since: '2 weeks' }, NOW)).toThrow(/give a number and a unit, for example 14d/);
    expect(() => resolveWindow({ start: 'yesterday' }, NOW)).toThrow(/invalid --start "yesterday"/);
    expect(() => resolveWindow({ start: '2026-05-10', end: '2026-05-01' }, NOW)).toThrow(/the window is empty/);
    expect(() => resolveWindow({ since: '1d', start: '2026-05-01' }, NOW)).toThrow(/either --since or --start/);
  });
});
