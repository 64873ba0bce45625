/**
 * Fault matrix of the live path. The fake AWS server injects one fault per case. The built
 * CLI must retry what is transient and report one line that names the operation once the
 * attempts run out. It falls back to metrics when Logs Insights fails, and keeps the
 * functions that worked when others fail. Retries wait 0 ms (LAMBDA_MEMORY_ADVISOR_RETRY_DELAY_MS).
 */

import { afterEach, describe, expect, it } from 'vitest';

import type { Analysis } from '../../src/analysis/analysis.js';
import type { FaultRule } from '../fake-aws/faults.js';
import type { FakeAws, FakeAwsConfig } from '../fake-aws/server.js';
import { liveArgs, runLive, spawnLive, startGoFake, stderrLines } from './live-helpers.js';

const ATTEMPTS = 3;
const RETRIES = { AWS_MAX_ATTEMPTS: String(ATTEMPTS) };

let fake: FakeAws | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(faults: FaultRule[], names: string[] = ['orders-api'], overrides: Partial<FakeAwsConfig> = {}): Promise<FakeAws> {
  fake = await startGoFake(names, { faults, ...overrides });
  return fake;
}

function parseAnalysis(stdout: string): Analysis {
  return JSON.parse(stdout) as Analysis;
}

describe('retried faults that persist', () => {
  const cases: { name: string; rule: FaultRule; exit: number; expected: RegExp }[] = [
    {
      name: 'ThrottlingException (HTTP 400)',
      rule: { operation: 'GetMetricData', fault: { kind: 'error', code: 'ThrottlingException', status: 400 } },
      exit: 4,
      expected: /^lambda-memory-advisor: GetMetricData failed for orders-api in us-east-1: throttled by AWS after 3 attempts \(ThrottlingException\)/,
    },
    {
      name: 'HTTP 429 from Lambda',
      rule: { operation: 'GetFunctionConfiguration', fault: { kind: 'error', code: 'TooManyRequestsException', status: 429 } },
      exit: 4,
      expected: /^lambda-memory-advisor: GetFunctionConfiguration failed for orders-api in us-east-1: throttled by AWS after 3 attempts/,
    },
    {
      name: 'HTTP 429 without a modelled code',
      rule: { operation: 'GetMetricData', fault: { kind: 'error', code: 'SlowDown', status: 429 } },
      exit: 4,
      expected: /^lambda-memory-advisor: GetMetricData failed for orders-api in us-east-1: throttled by AWS after 3 attempts/,
    },
    {
      name: 'HTTP 500',
      rule: { operation: 'GetMetricData', fault: { kind: 'error', code: 'InternalServiceFault', status: 500 } },
      exit: 4,
      expected: /^lambda-memory-advisor: GetMetricData failed for orders-api in us-east-1: AWS returned a server error after 3 attempts \(InternalServiceFault, HTTP 500\)/,
    },
    {
      name: 'HTTP 503 from Lambda',
      rule: { operation: 'GetFunctionConfiguration', fault: { kind: 'error', code: 'ServiceException', status: 503 } },
      exit: 4,
      expected: /^lambda-memory-advisor: GetFunctionConfiguration failed for orders-api in us-east-1: AWS returned a server error after 3 attempts/,
    },
    {
      name: 'connection reset',
      rule: { operation: 'GetFunctionConfiguration', fault: { kind: 'reset' } },
      exit: 4,
      expected: /^lambda-memory-advisor: GetFunctionConfiguration failed for orders-api in us-east-1: the connection was reset after 3 attempts \(ECONNRESET\)/,
    },
    {
      name: 'connection reset on CloudWatch',
      rule: { operation: 'GetMetricData', fault: { kind: 'reset' } },
      exit: 4,
      expected: /^lambda-memory-advisor: GetMetricData failed for orders-api in us-east-1: the connection was reset after 3 attempts/,
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name}: every attempt, then one line`, async () => {
      const server = await start([testCase.rule]);
      const countsAtEachLine: number[] = [];
      const run = spawnLive(liveArgs(server, ['orders-api']), RETRIES, (chunk) => {
        for (let i = chunk.split('\n').length - 1; i > 0; i--) countsAtEachLine.push(server.count(testCase.rule.operation));
      });

      const result = await run.result;

      expect(result.code).toBe(testCase.exit);
      expect(result.stdout).toBe('');
      expect(stderrLines(result)).toHaveLength(1);
      expect(result.stderr).toMatch(testCase.expected);
      expect(server.count(testCase.rule.operation)).toBe(ATTEMPTS);
      // The fake records a call before it replies, so by the time the child prints, every
      // attempt it made is counted: the line came after the last attempt, not before.
      expect(countsAtEachLine).toEqual([ATTEMPTS]);
    });
  }
});

describe('retried faults that clear', () => {
  // `calls` counts the failed attempts plus the calls of a clean run (2 queries, 2 polls each).
  const cases: { name: string; rule: FaultRule; calls: number }[] = [
    { name: 'throttling twice', rule: { operation: 'GetMetricData', fault: { kind: 'error', code: 'ThrottlingException', status: 400 }, times: 2 }, calls: 3 },
    { name: 'HTTP 429 once', rule: { operation: 'GetFunctionConfiguration', fault: { kind: 'error', code: 'TooManyRequestsException', status: 429 }, times: 1 }, calls: 2 },
    { name: 'HTTP 502 once', rule: { operation: 'StartQuery', fault: { kind: 'error', code: 'BadGateway', status: 502 }, times: 1 }, calls: 3 },
    { name: 'a reset once', rule: { operation: 'GetQueryResults', fault: { kind: 'reset' }, times: 1 }, calls: 5 },
  ];

  for (const testCase of cases) {
    it(`${testCase.name}: analysis completes`, async () => {
      const server = await start([testCase.rule]);

      const result = await runLive(liveArgs(server, ['orders-api'], '--format', 'json'), RETRIES);

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(parseAnalysis(result.stdout).invocations).toBe(150);
      expect(parseAnalysis(result.stdout).warnings.join(' ')).not.toContain('Logs Insights returned no data');
      expect(server.count(testCase.rule.operation)).toBe(testCase.calls);
    });
  }
});

describe('--timeout', () => {
  it('cuts a slow response and names the operation', async () => {
    const server = await start([{ operation: 'GetMetricData', fault: { kind: 'delay', ms: 5000 } }]);
    const started = Date.now();

    const result = await runLive(liveArgs(server, ['orders-api'], '--timeout', '0.3'), { AWS_MAX_ATTEMPTS: '2' });

    expect(Date.now() - started).toBeLessThan(4000);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(stderrLines(result)).toEqual([
      'lambda-memory-advisor: GetMetricData timed out after 0.3 s on each of 2 attempts for orders-api in us-east-1; raise --timeout or check the network.',
    ]);
    expect(server.count('GetMetricData')).toBe(2);
  });

  it('lets a response inside the limit through', async () => {
    const server = await start([{ operation: 'GetFunctionConfiguration', fault: { kind: 'delay', ms: 100 } }]);

    const result = await runLive(liveArgs(server, ['orders-api'], '--timeout', '5'), RETRIES);

    expect(result.code).toBe(0);
    expect(server.count('GetFunctionConfiguration')).toBe(1);
  });

  it('rejects a limit of 0', async () => {
    const server = await start([]);

    const result = await runLive(liveArgs(server, ['orders-api'], '--timeout', '0'));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--timeout');
    expect(server.calls).toHaveLength(0);
  });
});

describe('caller faults are not retried', () => {
  const cases: { name: string; rule: FaultRule; expected: RegExp }[] = [
    {
      name: 'AccessDenied on Lambda',
      rule: { operation: 'GetFunctionConfiguration', fault: { kind: 'error', code: 'AccessDeniedException', status: 403 } },
      expected: /^lambda-memory-advisor: GetFunctionConfiguration failed for orders-api in us-east-1: access denied \(AccessDeniedException\)\. Grant lambda:GetFunctionConfiguration to the caller/,
    },
    {
      name: 'AccessDenied on CloudWatch',
      rule: { operation: 'GetMetricData', fault: { kind: 'error', code: 'AccessDenied', status: 403 } },
      expected: /^lambda-memory-advisor: GetMetricData failed .*Grant cloudwatch:GetMetricData to the caller/,
    },
    {
      name: 'AccessDenied on DescribeLogGroups',
      rule: { operation: 'DescribeLogGroups', fault: { kind: 'error', code: 'AccessDeniedException', status: 400 } },
      expected: /^lambda-memory-advisor: DescribeLogGroups failed .*Grant logs:DescribeLogGroups to the caller/,
    },
    {
      name: 'expired token',
      rule: { operation: 'GetFunctionConfiguration', fault: { kind: 'error', code: 'ExpiredTokenException', status: 403 } },
      expected: /^lambda-memory-advisor: GetFunctionConfiguration failed for orders-api in us-east-1: no valid AWS credentials \(ExpiredTokenException\)\. Log in again/,
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name}: one call, one line, exit 2`, async () => {
      const server = await start([testCase.rule]);

      const result = await runLive(liveArgs(server, ['orders-api']), RETRIES);

      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(stderrLines(result)).toHaveLength(1);
      expect(result.stderr).toMatch(testCase.expected);
      expect(server.count(testCase.rule.operation)).toBe(1);
    });
  }

  it('expired token stops a fleet at the first function', async () => {
    const server = await start(
      [{ operation: 'GetFunctionConfiguration', fault: { kind: 'error', code: 'ExpiredTokenException', status: 403 } }],
      ['orders-api', 'billing-api', 'audit-api'],
    );

    const result = await runLive(liveArgs(server, ['orders-api', 'billing-api', 'audit-api'], '--format', 'json'), RETRIES);

    expect(result.code).toBe(2);
    expect(stderrLines(result)).toHaveLength(1);
    expect(server.count('GetFunctionConfiguration')).toBe(1);
  });
});

describe('Logs Insights falls back to metrics', () => {
  const missing = /Max Memory Used, cold starts, timeouts and OOM kills are missing: memory safety could not be checked, and durations come from CloudWatch metrics/;
  const cases: { name: string; rules: FaultRule[]; overrides?: Partial<FakeAwsConfig>; args?: string[]; reason: RegExp }[] = [
    {
      name: 'StartQuery access denied',
      rules: [{ operation: 'StartQuery', fault: { kind: 'error', code: 'AccessDeniedException', status: 400 } }],
      reason: /because StartQuery failed for orders-api in us-east-1: access denied .*Grant logs:StartQuery/,
    },
    {
      name: 'StartQuery throttled after retries',
      rules: [{ operation: 'StartQuery', fault: { kind: 'error', code: 'LimitExceededException', status: 400 } }],
      reason: /because StartQuery failed .*throttled by AWS after 3 attempts/,
    },
    {
      name: 'query status Failed',
      rules: [{ operation: 'GetQueryResults', fault: { kind: 'reply', body: { status: 'Failed', results: [] } } }],
      reason: /because the Logs Insights query on \/aws\/lambda\/orders-api ended with status Failed/,
    },
    {
      name: 'query status Cancelled',
      rules: [{ operation: 'GetQueryResults', fault: { kind: 'reply', body: { status: 'Cancelled', results: [] } } }],
      reason: /ended with status Cancelled/,
    },
    {
      name: 'query status Timeout',
      rules: [{ operation: 'GetQueryResults', fault: { kind: 'reply', body: { status: 'Timeout', results: [] } } }],
      reason: /ended with status Timeout/,
    },
    {
      name: 'query past --query-timeout',
      rules: [],
      overrides: { runningPolls: Number.POSITIVE_INFINITY },
      args: ['--query-timeout', '0.5'],
      reason: /did not finish within 0\.5 s \(--query-timeout\) and was stopped/,
    },
    {
      name: 'GetQueryResults server error after retries',
      rules: [{ operation: 'GetQueryResults', fault: { kind: 'error', code: 'ServiceUnavailableException', status: 503 } }],
      reason: /because GetQueryResults failed .*server error after 3 attempts/,
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name}: exit 0 with a warning`, async () => {
      const server = await start(testCase.rules, ['orders-api'], testCase.overrides);

      const result = await runLive(liveArgs(server, ['orders-api'], '--format', 'json', ...(testCase.args ?? [])), RETRIES);

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const analysis = parseAnalysis(result.stdout);
      const warnings = analysis.warnings.join('\n');
      expect(warnings).toMatch(testCase.reason);
      expect(warnings).toMatch(missing);
      expect(warnings).toContain('Max Memory Used is unknown, so no candidate was checked for memory safety.');
      expect(analysis.invocations).toBe(150);
      expect(analysis.observed[0]!.maxMemoryUsedMb.max).toBeNull();
    });
  }

  it('stops a query that ran past the limit', async () => {
    const server = await start([], ['orders-api'], { runningPolls: Number.POSITIVE_INFINITY });

    await runLive(liveArgs(server, ['orders-api'], '--query-timeout', '0.5'), RETRIES);

    const stops = server.calls.filter((call) => call.operation === 'StopQuery');
    expect(stops.map((call) => call.body.queryId)).toEqual(['query-1']);
  });

  it('stops a query whose results failed', async () => {
    const server = await start([{ operation: 'GetQueryResults', fault: { kind: 'error', code: 'ServiceUnavailableException', status: 503 } }]);

    await runLive(liveArgs(server, ['orders-api']), RETRIES);

    expect(server.calls.filter((call) => call.operation === 'StopQuery').map((call) => call.body.queryId)).toEqual(['query-1']);
  });

  it('per-invocation query failure keeps Logs Insights memory', async () => {
    const server = await start([{ operation: 'StartQuery', matching: '| limit 10000', fault: { kind: 'error', code: 'ServiceUnavailableException', status: 503 } }]);

    const result = await runLive(liveArgs(server, ['orders-api'], '--format', 'json'), RETRIES);

    expect(result.code).toBe(0);
    const analysis = parseAnalysis(result.stdout);
    expect(analysis.warnings.join('\n')).toMatch(/The per-invocation Logs Insights query returned no rows because StartQuery failed .*so figures are Logs Insights percentiles/);
    expect(analysis.observed[0]!.maxMemoryUsedMb.max).toBe(25);
    expect(analysis.observed[0]!.basis).toBe('summary');
  });

  it('expired token during a query still fails the run', async () => {
    const server = await start([{ operation: 'StartQuery', fault: { kind: 'error', code: 'ExpiredTokenException', status: 400 } }]);

    const result = await runLive(liveArgs(server, ['orders-api']), RETRIES);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/StartQuery failed .*no valid AWS credentials/);
  });
});

describe('fleet with failing functions', () => {
  it('reports the rest and exits 4', async () => {
    const server = await start(
      [
        { operation: 'GetMetricData', matching: 'billing-api', fault: { kind: 'error', code: 'ThrottlingException', status: 400 } },
        { operation: 'GetFunctionConfiguration', matching: 'audit-api', fault: { kind: 'error', code: 'AccessDeniedException', status: 403 } },
        { operation: 'GetQueryResults', fault: { kind: 'reply', body: { status: 'Failed', results: [] } }, times: 1 },
      ],
      ['orders-api', 'billing-api', 'audit-api', 'cart-api'],
    );

    const result = await runLive(liveArgs(server, ['orders-api', 'billing-api', 'audit-api', 'search-api', 'cart-api'], '--format', 'json'), RETRIES);

    expect(result.code).toBe(4);
    const lines = stderrLines(result);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^lambda-memory-advisor: GetMetricData failed for billing-api in us-east-1: throttled by AWS after 3 attempts/);
    expect(lines[1]).toMatch(/^lambda-memory-advisor: GetFunctionConfiguration failed for audit-api in us-east-1: access denied .*lambda:GetFunctionConfiguration/);
    expect(lines[2]).toMatch(/^lambda-memory-advisor: GetFunctionConfiguration failed for search-api in us-east-1: function not found/);
    const document = JSON.parse(result.stdout) as { analyses: Analysis[]; failures: { function: { name: string }; error: { operation: string } }[] };
    expect(document.analyses.map((analysis) => analysis.function.name)).toEqual(['orders-api', 'cart-api']);
    expect(document.failures.map((failure) => [failure.function.name, failure.error.operation])).toEqual([
      ['billing-api', 'GetMetricData'],
      ['audit-api', 'GetFunctionConfiguration'],
      ['search-api', 'GetFunctionConfiguration'],
    ]);
    expect(document.analyses[0]!.warnings.join(' ')).toContain('ended with status Failed');
  });
});
