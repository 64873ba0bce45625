/**
 * End-to-end tests of `analyze <function>`: the built CLI against the fake AWS server on
 * 127.0.0.1, with fake static credentials and no shared config or credentials files.
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { Analysis } from '../../src/analysis/analysis.js';
import type { FunctionObservations } from '../../src/analysis/observations.js';
import { FIXTURES, functionConfiguration, invocationsOf, metricsFrom, queryResultsFrom } from '../fake-aws/fixture-data.js';
import { READ_OPERATIONS, startFakeAws, type FakeAws, type FakeAwsConfig } from '../fake-aws/server.js';
import { schemaErrors } from '../helpers/schema.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'bin', 'lambda-memory-advisor.js');
const GO_FIXTURE = 'go-matrix-provided-al2023-arm64-1769mb.report.log';
const WINDOW = ['--start', '2026-04-24T00:00:00Z', '--end', '2026-04-25T00:00:00Z'];

/** AWS example keys from the AWS documentation: valid in form, valid nowhere. */
const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const emptyAwsDir = mkdtempSync(join(tmpdir(), 'lma-aws-'));
writeFileSync(join(emptyAwsDir, 'config'), '');
writeFileSync(join(emptyAwsDir, 'credentials'), '');

/** Runs the built CLI without any AWS variable of the developer's environment. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && value !== undefined) base[key] = value;
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        env: {
          ...base,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: join(emptyAwsDir, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(emptyAwsDir, 'credentials'),
          NO_COLOR: '1',
          ...FAKE_CREDENTIALS,
          ...env,
        },
      },
      (error, stdout, stderr) => {
        let code = 0;
        if (error !== null) code = typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let goInvocations: FunctionObservations;
let fake: FakeAws | undefined;

beforeAll(async () => {
  goInvocations = await invocationsOf(GO_FIXTURE);
});

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function goFunction(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return functionConfiguration({
    FunctionName: 'orders-api',
    MemorySize: 1769,
    Architectures: ['arm64'],
    Runtime: 'provided.al2023',
    Timeout: 3,
    LastModified: '2026-03-01T00:00:00.000+0000',
    Environment: { Variables: { GOGC: '200', DATABASE_PASSWORD: 'hunter2-secret' } },
    ...overrides,
  });
}

async function startGoFake(overrides: Partial<FakeAwsConfig> = {}): Promise<FakeAws> {
  fake = await startFakeAws({
    functions: { 'orders-api': goFunction() },
    metric: metricsFrom(goInvocations),
    logGroups: [{ logGroupName: '/aws/lambda/orders-api' }],
    queryResults: queryResultsFrom(goInvocations),
    runningPolls: 1,
    ...overrides,
  });
  return fake;
}

function liveArgs(server: FakeAws, ...extra: string[]): string[] {
  return ['analyze', 'orders-api', '--endpoint-url', server.url, '--region', 'us-east-1', ...WINDOW, ...extra];
}

function liveArgsFrom(server: FakeAws, start: string, ...extra: string[]): string[] {
  return ['analyze', 'orders-api', '--endpoint-url', server.url, '--region', 'us-east-1', '--start', start, '--end', '2026-04-25T00:00:00Z', ...extra];
}

function expectReadOnly(server: FakeAws): void {
  const writes = server.calls.filter((call) => !READ_OPERATIONS.has(call.operation));
  expect(writes).toEqual([]);
}

describe('analyze <function> against the fake AWS server', () => {
  it('recommends what analyze --logs recommends on the same invocations', async () => {
    const server = await startGoFake();

    const live = await runCli(liveArgs(server, '--format', 'json'));
    const offline = await runCli([
      'analyze', '--logs', join(FIXTURES, 'reports', GO_FIXTURE),
      '--architecture', 'arm64', '--region', 'us-east-1', '--function-timeout', '3', '--format', 'json',
    ]);

    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    expect(offline.code).toBe(0);
    const liveAnalysis = JSON.parse(live.stdout) as Analysis;
    const offlineAnalysis = JSON.parse(offline.stdout) as Analysis;
    expect(liveAnalysis.recommendation.memorySizeMb).toBe(offlineAnalysis.recommendation.memorySizeMb);
    expect(liveAnalysis.recommendation.finding).toBe(offlineAnalysis.recommendation.finding);
    expect(liveAnalysis.invocations).toBe(150);
    expect(liveAnalysis.observed).toEqual(offlineAnalysis.observed);
    const rows = (analysis: Analysis): unknown[] =>
      analysis.candidates.map((row) => [row.memorySizeMb, row.p95Ms, row.costPerMillionUsd, row.viable, row.rejections]);
    expect(rows(liveAnalysis)).toEqual(rows(offlineAnalysis));
    expect(liveAnalysis.source.kind).toBe('aws');
  });

  it('makes the expected calls and never a write', async () => {
    const server = await startGoFake();

    const result = await runCli(liveArgs(server));

    expect(result.code).toBe(0);
    expect(server.count('GetFunctionConfiguration')).toBe(1);
    expect(server.count('GetMetricData')).toBe(1);
    expect(server.count('DescribeLogGroups')).toBe(1);
    expect(server.count('StartQuery')).toBe(2);
    expect(server.count('GetQueryResults')).toBe(4);
    expect(server.count('StopQuery')).toBe(0);
    expect(server.calls).toHaveLength(9);
    expectReadOnly(server);
  });

  it('sends the window and both queries to Logs Insights', async () => {
    const server = await startGoFake();

    await runCli(liveArgs(server));

    const starts = server.calls.filter((call) => call.operation === 'StartQuery').map((call) => call.body);
    const startTime = Date.parse('2026-04-24T00:00:00Z') / 1000;
    const endTime = Date.parse('2026-04-25T00:00:00Z') / 1000;
    expect(starts[0]).toMatchObject({ logGroupName: '/aws/lambda/orders-api', startTime, endTime });
    expect(starts[1]).toMatchObject({ logGroupName: '/aws/lambda/orders-api', startTime, endTime });
    expect(String(starts[0]!.queryString)).toContain('by @memorySize');
    expect(String(starts[1]!.queryString)).toContain('| limit 10000');
    expect(starts[1]!.limit).toBe(10000);
  });

  it('never prints an environment variable other than the Go ones', async () => {
    const server = await startGoFake();

    const result = await runCli(liveArgs(server, '--format', 'json', '--debug'));

    expect(result.stdout + result.stderr).not.toContain('hunter2-secret');
    expect(result.stdout + result.stderr).not.toContain('DATABASE_PASSWORD');
    expect(result.stdout + result.stderr).not.toContain(FAKE_CREDENTIALS.AWS_SECRET_ACCESS_KEY);
    expect(result.stdout + result.stderr).not.toContain(FAKE_CREDENTIALS.AWS_ACCESS_KEY_ID);
  });

  it('--debug logs one line per AWS call', async () => {
    const server = await startGoFake();

    const result = await runCli(liveArgs(server, '--debug'));

    const lines = result.stderr.split('\n').filter((line) => line.startsWith('debug: aws '));
    expect(lines).toHaveLength(server.calls.length);
    expect(lines[0]).toMatch(/^debug: aws Lambda GetFunctionConfiguration \d+ ms, 1 attempt, request id fake-1, ok$/);
  });
});

describe('telemetry health', () => {
  it('explains SystemLogLevel WARN and falls back to metrics', async () => {
    const server = await startGoFake({
      functions: { 'orders-api': goFunction({ LoggingConfig: { LogFormat: 'Text', SystemLogLevel: 'WARN', LogGroup: '/aws/lambda/orders-api' } }) },
    });

    const result = await runCli(liveArgs(server, '--format', 'json'));

    expect(result.code).toBe(0);
    const analysis = JSON.parse(result.stdout) as Analysis;
    expect(analysis.warnings.join(' ')).toContain('SystemLogLevel is WARN');
    expect(server.count('StartQuery')).toBe(0);
  });

  it('explains a missing log group', async () => {
    const server = await startGoFake({ logGroups: [] });

    const result = await runCli(liveArgs(server, '--format', 'json'));

    const analysis = JSON.parse(result.stdout) as Analysis;
    expect(analysis.warnings.join(' ')).toContain('Log group /aws/lambda/orders-api does not exist');
  });

  it('explains retention shorter than the window', async () => {
    const server = await startGoFake({ logGroups: [{ logGroupName: '/aws/lambda/orders-api', retentionInDays: 1 }] });

    const result = await runCli(liveArgsFrom(server, '2026-04-20T00:00:00Z', '--format', 'json'));

    const analysis = JSON.parse(result.stdout) as Analysis;
    expect(analysis.warnings.join(' ')).toContain('keeps 1 days of logs, shorter than the 5.0-day window');
  });

  it('reports no invocations with exit code 2', async () => {
    const server = await startGoFake({ metric: () => undefined, queryResults: () => [] });

    const result = await runCli(liveArgs(server));

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^lambda-memory-advisor: no invocations of orders-api from 2026-04-24T00:00:00.000Z/);
  });
});

describe('errors of AWS calls', () => {
  const cases: { name: string; operation: string; code: string; status: number; exit: number; expected: RegExp }[] = [
    { name: 'access denied', operation: 'GetFunctionConfiguration', code: 'AccessDeniedException', status: 403, exit: 2, expected: /GetFunctionConfiguration failed for orders-api in us-east-1: access denied .* Grant lambda:GetFunctionConfiguration/ },
    { name: 'unknown function', operation: 'GetFunctionConfiguration', code: 'ResourceNotFoundException', status: 404, exit: 2, expected: /GetFunctionConfiguration failed for orders-api in us-east-1: function not found/ },
    { name: 'expired credentials', operation: 'GetMetricData', code: 'ExpiredTokenException', status: 400, exit: 2, expected: /GetMetricData failed for orders-api in us-east-1: no valid AWS credentials .*aws sso login/ },
    { name: 'metrics access denied', operation: 'GetMetricData', code: 'AccessDenied', status: 403, exit: 2, expected: /Grant cloudwatch:GetMetricData/ },
    { name: 'throttling after retries', operation: 'GetMetricData', code: 'ThrottlingException', status: 400, exit: 4, expected: /GetMetricData failed for orders-api in us-east-1: throttled by AWS after 2 attempts/ },
    { name: 'server error', operation: 'DescribeLogGroups', code: 'ServiceUnavailableException', status: 503, exit: 4, expected: /DescribeLogGroups failed .*server error after 2 attempts/ },
  ];

  for (const testCase of cases) {
    it(`${testCase.name} gives one line`, async () => {
      const server = await startGoFake({ errors: { [testCase.operation]: { code: testCase.code, status: testCase.status } } });

      const result = await runCli(liveArgs(server), { AWS_MAX_ATTEMPTS: '2' });

      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(testCase.expected);
      expect(result.code).toBe(testCase.exit);
      expectReadOnly(server);
    });
  }

  it('retries a throttled call and succeeds', async () => {
    const server = await startGoFake({ errors: { GetFunctionConfiguration: { code: 'TooManyRequestsException', status: 429, times: 1 } } });

    const result = await runCli(liveArgs(server));

    expect(result.code).toBe(0);
    expect(server.count('GetFunctionConfiguration')).toBe(2);
  });

  it('asks for a region before any call', async () => {
    const server = await startGoFake();

    const result = await runCli(['analyze', 'orders-api', '--endpoint-url', server.url]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no AWS region is set: pass --region');
    expect(server.calls).toHaveLength(0);
  });

  it('reports the other functions and exits 4 when one fails', async () => {
    const server = await startGoFake();

    const result = await runCli(['analyze', 'orders-api', 'missing-fn', '--endpoint-url', server.url, '--region', 'us-east-1', ...WINDOW, '--format', 'json']);

    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^lambda-memory-advisor: GetFunctionConfiguration failed for missing-fn in us-east-1: function not found/);
    const document = JSON.parse(result.stdout) as { analyses: Analysis[]; failures: { function: { name: string }; error: { operation: string } }[] };
    expect(schemaErrors(document)).toEqual([]);
    expect(document.analyses.map((analysis) => analysis.function.name)).toEqual(['orders-api']);
    expect(document.failures[0]!.function.name).toBe('missing-fn');
    expect(document.failures[0]!.error.operation).toBe('GetFunctionConfiguration');
  });
});

describe('start-up', () => {
  it('loads no AWS SDK module for --help and --logs', () => {
    const visited = new Set<string>();
    const pending = [join(ROOT, 'dist', 'cli', 'main.js')];
    const sdkImports: string[] = [];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (visited.has(file)) continue;
      visited.add(file);
      const source = readFileSync(file, 'utf8');
      // Static imports only: `import ... from '...'` and `export ... from '...'`, not import().
      for (const match of source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
        const specifier = match[1]!;
        if (specifier.startsWith('@aws-sdk/')) sdkImports.push(`${file}: ${specifier}`);
        if (specifier.startsWith('.')) pending.push(join(dirname(file), specifier));
      }
    }
    expect(sdkImports).toEqual([]);
    expect(visited.size).toBeGreaterThan(5);
  });
});
