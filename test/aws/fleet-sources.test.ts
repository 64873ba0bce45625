/** Unit tests of the fleet batching helpers, with aws-sdk-client-mock where a client is needed. */

import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';

import { CommandError } from '../../src/errors.js';
import { globToRegExp, plainFunctionName } from '../../src/sources/aws/fleet-discovery.js';
import { queryFleetStats, splitRowsByLogGroup } from '../../src/sources/aws/fleet-logs.js';
import { packBatches } from '../../src/sources/aws/fleet-metrics.js';
import type { StatsResult } from '../../src/sources/aws/logs-insights-queries.js';

const logsMock = mockClient(CloudWatchLogsClient);

afterEach(() => {
  logsMock.reset();
});

describe('globToRegExp', () => {
  it.each([
    ['orders-*', 'orders-api', true],
    ['orders-*', 'billing-orders-api', false],
    ['tmp-??', 'tmp-01', true],
    ['tmp-??', 'tmp-001', false],
    ['a.b', 'axb', false],
    ['*-canary', 'orders-canary', true],
  ])('%s on %s is %s', (glob, name, expected) => {
    expect(globToRegExp(glob).test(name)).toBe(expected);
  });
});

describe('plainFunctionName', () => {
  it.each([
    ['orders-api', 'orders-api'],
    ['orders-api:live', 'orders-api'],
    ['123456789012:function:orders-api', 'orders-api'],
    ['arn:aws:lambda:eu-west-1:123456789012:function:orders-api:7', 'orders-api'],
  ])('%s gives %s', (given, expected) => {
    expect(plainFunctionName(given)).toBe(expected);
  });
});

describe('packBatches', () => {
  const queries = (count: number): MetricDataQuery[] => Array.from({ length: count }, (_, index) => ({ Id: `q${index}` }));

  it('fills calls up to 500 queries', () => {
    const batches = packBatches(Array.from({ length: 100 }, () => queries(13)));
    expect(batches.map((batch) => batch.length)).toEqual([38, 38, 24]);
  });

  it('never splits a function', () => {
    const batches = packBatches([queries(300), queries(300), queries(100)]);
    expect(batches).toEqual([[0], [1, 2]]);
  });
});

describe('splitRowsByLogGroup', () => {
  it('parses each group on its own', () => {
    const row = (log: string, memory: string, invocations: string): Map<string, string> =>
      new Map([
        ['@log', log],
        ['@memorySize', memory],
        ['invocations', invocations],
        ['durationMean', '10'],
      ]);
    const results = splitRowsByLogGroup(
      [row('123456789012:/aws/lambda/a', '128000000', '5'), row('123456789012:/aws/lambda/b', '256000000', '7'), row('123456789012:/aws/lambda/a', '512000000', '2')],
      ['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c'],
      'Text',
    );
    expect(results.get('/aws/lambda/a')!.sizes.map((size) => [size.memorySizeMb, size.invocations])).toEqual([
      [128, 5],
      [512, 2],
    ]);
    expect(results.get('/aws/lambda/b')!.sizes.map((size) => size.memorySizeMb)).toEqual([256]);
    expect(results.get('/aws/lambda/c')!.sizes).toEqual([]);
  });
});

describe('queryFleetStats', () => {
  const window = { startMs: Date.UTC(2026, 3, 24), endMs: Date.UTC(2026, 3, 25) };
  const groups = ['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c', '/aws/lambda/d'];

  async function run(): Promise<Map<string, StatsResult | CommandError>> {
    const results = new Map<string, StatsResult | CommandError>();
    await queryFleetStats(new CloudWatchLogsClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'example' } }), groups.map((logGroupName) => ({ logGroupName, format: 'Text' as const })), {
      region: 'us-east-1',
      concurrency: 2,
      window,
      query: { pollDelaysMs: [0] },
      onBatch: (batch) => {
        for (const [name, result] of batch) results.set(name, result);
      },
    });
    return results;
  }

  it('splits a batch whose result is full', async () => {
    const started: string[][] = [];
    logsMock.on(StartQueryCommand).callsFake((input: { logGroupNames: string[] }) => {
      started.push(input.logGroupNames);
      return { queryId: input.logGroupNames.join(',') };
    });
    logsMock.on(GetQueryResultsCommand).callsFake((input: { queryId: string }) => {
      const names = input.queryId.split(',');
      // More than one group fills the 10,000-row limit; one group alone fits.
      const rowCount = names.length > 1 ? 10_000 : 1;
      const results = Array.from({ length: rowCount }, () => [
        { field: '@log', value: `123456789012:${names[0]}` },
        { field: '@memorySize', value: '128000000' },
        { field: 'invocations', value: '3' },
      ]);
      return { status: 'Complete', results };
    });

    const results = await run();

    expect(started[0]).toEqual(groups);
    expect(started.filter((names) => names.length === 1)).toHaveLength(4);
    for (const name of groups) expect((results.get(name) as StatsResult).sizes[0]!.invocations).toBe(3);
  });

  it('isolates a denied log group', async () => {
    logsMock.on(StartQueryCommand).callsFake((input: { logGroupNames: string[] }) => {
      if (input.logGroupNames.includes('/aws/lambda/c')) {
        throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
      }
      return { queryId: input.logGroupNames.join(',') };
    });
    logsMock.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });

    const results = await run();

    expect(results.get('/aws/lambda/c')).toBeInstanceOf(CommandError);
    expect((results.get('/aws/lambda/c') as CommandError).message).toContain('logs:StartQuery');
    for (const name of ['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/d']) expect(results.get(name)).not.toBeInstanceOf(CommandError);
  });
});
