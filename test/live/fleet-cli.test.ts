/**
 * End-to-end tests of fleet audits (`analyze --all`, `--prefix`, `--tag`, `--exclude`,
 * `--regions`): the built CLI against the fake AWS server on 127.0.0.1 with fake static
 * credentials, counting the calls per operation to prove the batching.
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';

import type { Analysis } from '../../src/analysis/analysis.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { FleetSummary } from '../../src/report/fleet-summary.js';
import { fleetConfig, functionName, type FleetSpec } from '../fake-aws/fleet-data.js';
import { READ_OPERATIONS, startFakeAws, type FakeAws, type FakeAwsConfig } from '../fake-aws/server.js';
import { schemaErrors } from '../helpers/schema.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'bin', 'lambda-memory-advisor.js');
const WINDOW = ['--start', '2026-04-24T00:00:00Z', '--end', '2026-04-25T00:00:00Z'];

/** AWS example keys from the AWS documentation: valid in form, valid nowhere. */
const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

const emptyAwsDir = mkdtempSync(join(tmpdir(), 'lma-fleet-aws-'));
writeFileSync(join(emptyAwsDir, 'config'), '');
writeFileSync(join(emptyAwsDir, 'credentials'), '');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface FleetDocument {
  schemaVersion: number;
  analyses: Analysis[];
  failures: { function: { name: string; region?: string }; error: { operation: string; message: string } }[];
  summary: FleetSummary;
}

/** Runs the built CLI without any AWS variable of the developer's environment. */
function runCli(args: string[]): Promise<CliResult> {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && value !== undefined) base[key] = value;
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        maxBuffer: 256 * 1024 * 1024,
        env: {
          ...base,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: join(emptyAwsDir, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(emptyAwsDir, 'credentials'),
          NO_COLOR: '1',
          ...FAKE_CREDENTIALS,
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

let fake: FakeAws | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** 120 functions: three ListFunctions pages, function 7 denied on its log group, function 11 idle, every third tagged. */
const SPEC: FleetSpec = {
  count: 120,
  denied: [7],
  idle: [11],
  tagsOf: (index) => (index % 3 === 0 ? { team: 'payments' } : { team: 'search' }),
};

async function startFleet(spec: FleetSpec = SPEC, overrides: Partial<FakeAwsConfig> = {}): Promise<FakeAws> {
  fake = await startFakeAws({ ...fleetConfig(spec), ...overrides });
  return fake;
}

function fleetArgs(server: FakeAws, ...extra: string[]): string[] {
  return ['analyze', '--endpoint-url', server.url, '--region', 'us-east-1', ...WINDOW, ...extra];
}

function expectReadOnlyAndBounded(server: FakeAws): void {
  expect(server.calls.filter((call) => !READ_OPERATIONS.has(call.operation))).toEqual([]);
  for (const call of server.calls.filter((entry) => entry.operation === 'GetMetricData')) {
    expect((call.body.MetricDataQueries as unknown[]).length).toBeLessThanOrEqual(500);
  }
  for (const call of server.calls.filter((entry) => entry.operation === 'StartQuery')) {
    expect((call.body.logGroupNames as unknown[]).length).toBeLessThanOrEqual(50);
    expect(String(call.body.queryString)).toContain('by @log, @memorySize');
  }
}

describe('fleet audit with --all', () => {
  it('reports every function, one failure and one idle function, and exits 4', async () => {
    const server = await startFleet();

    const result = await runCli(fleetArgs(server, '--all', '--format', 'json'));

    expect(result.code).toBe(4);
    const document = JSON.parse(result.stdout) as FleetDocument;
    expect(schemaErrors(document)).toEqual([]);
    expect(document.analyses).toHaveLength(118);
    expect(document.failures).toHaveLength(1);
    expect(document.failures[0]!.function).toEqual({ name: functionName(SPEC, 7), region: 'us-east-1' });
    expect(document.failures[0]!.error.operation).toBe('StartQuery');
    expect(document.failures[0]!.error.message).toContain('logs:StartQuery');
    expect(document.summary.idle).toEqual([{ name: functionName(SPEC, 11), region: 'us-east-1' }]);
    expect(document.summary.functions).toEqual({ analysed: 118, failed: 1, idle: 1 });
    expect(result.stderr).toContain(functionName(SPEC, 7));
  });

  it('batches the calls per operation', async () => {
    const server = await startFleet();

    await runCli(fleetArgs(server, '--all', '--format', 'json'));

    expect(server.count('ListFunctions')).toBe(3);
    expect(server.count('GetFunctionConfiguration')).toBe(0);
    // 13 metric queries per function: 38 functions per call of at most 500 queries.
    expect(server.count('GetMetricData')).toBe(Math.ceil(120 / 38));
    expect(server.count('DescribeLogGroups')).toBe(3);
    // Three batches of up to 50 groups. Halving the denied group's batch isolates it in six
    // levels (50, 25, 13, 7, 4, 2, 1), and each level adds two queries.
    expect(server.count('StartQuery')).toBe(3 + 2 * 6);
    expect(server.count('GetResources')).toBe(0);
    expectReadOnlyAndBounded(server);
  });

  it('summarizes cost and findings in the JSON document', async () => {
    const server = await startFleet({ count: 40 });

    const result = await runCli(fleetArgs(server, '--all', '--format', 'json'));

    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as FleetDocument;
    expect(schemaErrors(document)).toEqual([]);
    const summary = document.summary;
    const findingTotal = Object.values(summary.findings).reduce((sum, value) => sum + value, 0);
    expect(findingTotal).toBe(40);
    expect(summary.bySavings).toHaveLength(40);
    const savings = summary.bySavings.map((entry) => entry.monthlySavingsUsd?.high ?? 0);
    expect(savings).toEqual([...savings].sort((a, b) => b - a));
    const current = document.analyses.reduce((sum, analysis) => sum + (analysis.candidates.find((row) => row.isCurrent)!.monthlyCostUsd?.low ?? 0), 0);
    expect(summary.currentMonthlyCostUsd.low).toBeCloseTo(current, 6);
    const recommended = document.analyses.reduce((sum, analysis) => {
      const row = analysis.candidates.find((candidate) => candidate.isRecommended) ?? analysis.candidates.find((candidate) => candidate.isCurrent)!;
      return sum + (row.monthlyCostUsd?.high ?? 0);
    }, 0);
    expect(summary.recommendedMonthlyCostUsd.high).toBeCloseTo(recommended, 6);
    expect(summary.findings['over-provisioned']).toBeGreaterThan(0);
    expect(summary.findings['under-provisioned']).toBeGreaterThan(0);
  });

  it('notes that costs come from summary statistics', async () => {
    const server = await startFleet({ count: 3 });

    const result = await runCli(fleetArgs(server, '--all', '--format', 'json'));

    const document = JSON.parse(result.stdout) as FleetDocument;
    for (const analysis of document.analyses) {
      expect(analysis.warnings.some((warning) => warning.includes('summary statistics'))).toBe(true);
      expect(analysis.observed[0]!.basis).toBe('summary');
    }
  });

  it('never prints an environment variable other than the Go ones', async () => {
    const server = await startFleet({ count: 3 });

    const result = await runCli(fleetArgs(server, '--all', '--format', 'json'));

    expect(result.stdout).not.toContain('not-a-real-secret-value');
    expect(result.stderr).not.toContain('not-a-real-secret-value');
    expect(result.stderr).not.toContain('wJalrXUtnFEMI');
  });
});

describe('fleet selection', () => {
  it('--tag reads GetResources once and keeps the tagged functions', async () => {
    const server = await startFleet();

    const result = await runCli(fleetArgs(server, '--tag', 'team=payments', '--format', 'json'));

    const document = JSON.parse(result.stdout) as FleetDocument;
    expect(schemaErrors(document)).toEqual([]);
    expect(server.count('GetResources')).toBe(1);
    const names = [...document.analyses.map((analysis) => analysis.function.name), ...document.summary.idle.map((entry) => entry.name)];
    // Every third function of 120 is tagged team=payments; none of them is function 7.
    expect(names).toHaveLength(40);
    expect(names.every((name) => Number(name.slice(-4)) % 3 === 0)).toBe(true);
    expect(result.code).toBe(0);
  });

  it('--prefix and --exclude narrow the list', async () => {
    const server = await startFleet();

    const result = await runCli(fleetArgs(server, '--prefix', 'fleet-00', '--exclude', 'fleet-00?5', '--exclude', 'fleet-0011', '--format', 'json'));

    const document = JSON.parse(result.stdout) as FleetDocument;
    const names = document.analyses.map((analysis) => analysis.function.name);
    expect(names).toHaveLength(100 - 10 - 1 - 1);
    expect(names).not.toContain('fleet-0005');
    expect(names).not.toContain('fleet-0095');
    expect(document.failures.map((failure) => failure.function.name)).toEqual(['fleet-0007']);
    expect(result.code).toBe(4);
  });

  it('names given beside --exclude go through the fleet path', async () => {
    const server = await startFleet({ count: 10 });

    const result = await runCli(fleetArgs(server, 'fleet-0001', 'fleet-0002', 'no-such-function', '--exclude', 'fleet-0002', '--format', 'json'));

    const document = JSON.parse(result.stdout) as FleetDocument;
    expect(document.analyses.map((analysis) => analysis.function.name)).toEqual(['fleet-0001']);
    expect(document.failures.map((failure) => [failure.function.name, failure.error.operation])).toEqual([['no-such-function', 'ListFunctions']]);
    expect(result.code).toBe(4);
  });

  it('--regions audits each region and tags each record with it', async () => {
    const east = fleetConfig({ count: 3, prefix: 'east' });
    const west = fleetConfig({ count: 2, prefix: 'west', region: 'eu-west-1' });
    const server = await startFleet({ count: 0 }, {
      functionsByRegion: { 'us-east-1': east.functions, 'eu-west-1': west.functions },
      logGroups: [...east.logGroups!, ...west.logGroups!],
      metric: (query, request) => east.metric!(query, request) ?? west.metric!(query, request),
      queryResults: (query, groups) => [...east.queryResults!(query, groups), ...west.queryResults!(query, groups)],
    });

    const result = await runCli(['analyze', '--endpoint-url', server.url, '--regions', 'us-east-1,eu-west-1', ...WINDOW, '--all', '--format', 'json']);

    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as FleetDocument;
    expect(schemaErrors(document)).toEqual([]);
    const records = document.analyses.map((analysis) => [analysis.function.name, analysis.function.region]);
    expect(records).toEqual([
      ['east-0000', 'us-east-1'],
      ['east-0001', 'us-east-1'],
      ['east-0002', 'us-east-1'],
      ['west-0000', 'eu-west-1'],
      ['west-0001', 'eu-west-1'],
    ]);
    expect(server.count('ListFunctions')).toBe(2);
  });
});

describe('fleet formats', () => {
  it('markdown has a summary table with totals and one section per function', async () => {
    const server = await startFleet({ count: 12, idle: [3], denied: [5] });

    const result = await runCli(fleetArgs(server, '--all', '--format', 'markdown'));

    expect(result.code).toBe(4);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('## Lambda memory advisor');
    const tableRows = lines.filter((line) => /^\| fleet-\d{4} \|/.test(line));
    expect(tableRows).toHaveLength(10);
    const total = lines.find((line) => line.startsWith('| **Total (10 functions)** |'));
    expect(total).toBeDefined();
    expect(total!.split('|')).toHaveLength(11);
    expect(lines.some((line) => line.startsWith('Recommended monthly cost: $') && line.includes('Not analysed: 1.') && line.includes('Without invocations in the window: 1.'))).toBe(true);
    expect(lines.filter((line) => line === '<details>')).toHaveLength(10 + 1);
    expect(lines).toContain('### Not analysed (1)');
    expect(lines).toContain('- fleet-0003 (us-east-1)');
  });

  it('csv has one row per function and candidate, and one per failure', async () => {
    const server = await startFleet({ count: 12, denied: [5] });

    const json = JSON.parse((await runCli(fleetArgs(server, '--all', '--format', 'json'))).stdout) as FleetDocument;
    const result = await runCli(fleetArgs(server, '--all', '--format', 'csv'));

    const rows = parse<Record<string, string>>(result.stdout, { columns: true });
    const candidates = json.analyses.reduce((sum, analysis) => sum + analysis.candidates.length, 0);
    expect(rows).toHaveLength(candidates + 1);
    expect(new Set(rows.map((row) => row.function)).size).toBe(12);
    const failed = rows.filter((row) => row.error !== '');
    expect(failed.map((row) => row.function)).toEqual(['fleet-0005']);
    expect(failed[0]!.error).toMatch(/^StartQuery: /);
    expect(result.code).toBe(4);
  });

  it('ndjson has one valid record per function', async () => {
    const server = await startFleet({ count: 60, denied: [5], idle: [9] });

    const result = await runCli(fleetArgs(server, '--all', '--format', 'ndjson'));

    const lines = result.stdout.split('\n').filter((line) => line.length > 0);
    expect(lines).toHaveLength(59);
    for (const line of lines) expect(schemaErrors(JSON.parse(line))).toEqual([]);
    const last = JSON.parse(lines[lines.length - 1]!) as { error?: { operation: string } };
    expect(last.error?.operation).toBe('StartQuery');
    expect(result.code).toBe(4);
  });

  it('table starts with the summary', async () => {
    const server = await startFleet({ count: 5 });

    const result = await runCli(fleetArgs(server, '--all'));

    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('Fleet: 5 analysed, 0 failed, 0 without invocations in the window\n')).toBe(true);
    expect(result.stdout).toMatch(/Monthly cost: \$[\d.,]+(–\$[\d.,]+)? now/);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('\r');
  });

  it('html has an overview and a section per function', async () => {
    const server = await startFleet({ count: 4 });

    const result = await runCli(fleetArgs(server, '--all', '--format', 'html'));

    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(result.stdout).toContain('<title>Lambda memory report: 4 functions</title>');
    for (let index = 0; index < 4; index++) expect(result.stdout).toContain(functionName({ count: 4 }, index));
  });

  it('--output writes the JSON document to a file and nothing to stdout', async () => {
    const server = await startFleet({ count: 5 });
    const output = join(mkdtempSync(join(tmpdir(), 'lma-fleet-out-')), 'fleet.json');

    const result = await runCli(fleetArgs(server, '--all', '--format', 'json', '--output', output));

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(schemaErrors(JSON.parse(readFileSync(output, 'utf8')))).toEqual([]);
  });
});

describe('fleet exit codes', () => {
  it('0 when nothing matches --fail-on', async () => {
    const server = await startFleet({ count: 8 });
    const result = await runCli(fleetArgs(server, '--all', '--fail-on', 'oom,timeouts', '--format', 'json'));
    expect(result.code).toBe(0);
  });

  it('3 when a finding matches --fail-on', async () => {
    const server = await startFleet({ count: 8 });
    const result = await runCli(fleetArgs(server, '--all', '--fail-on', 'over-provisioned', '--format', 'json'));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('--fail-on matched');
    expect(schemaErrors(JSON.parse(result.stdout))).toEqual([]);
  });

  it('4 over 3 when a function failed', async () => {
    const server = await startFleet({ count: 8, denied: [2] });
    const result = await runCli(fleetArgs(server, '--all', '--fail-on', 'any', '--format', 'json'));
    expect(result.code).toBe(4);
  });

  it.each([
    ['--qualifier with --all', ['--all', '--qualifier', 'live']],
    ['--region with --regions', ['--all', '--regions', 'eu-west-1']],
    ['--exclude alone', ['--exclude', 'x*']],
    ['a malformed tag', ['--tag', 'team']],
    ['a concurrency of 0', ['--all', '--concurrency', '0']],
  ])('2 for %s', async (_name, extra) => {
    const server = await startFleet({ count: 2 });
    const result = await runCli(fleetArgs(server, ...extra));
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(server.calls).toHaveLength(0);
  });

  it('2 when ListFunctions is denied', async () => {
    const server = await startFleet({ count: 2 }, { errors: { ListFunctions: { code: 'AccessDeniedException', status: 403 } } });
    const result = await runCli(fleetArgs(server, '--all'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lambda:ListFunctions');
  });

  it('1 for an internal error', async () => {
    const server = await startFleet({ count: 2 });
    const saved = { ...process.env };
    Object.assign(process.env, FAKE_CREDENTIALS, {
      AWS_CONFIG_FILE: join(emptyAwsDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(emptyAwsDir, 'credentials'),
    });
    const stderr: string[] = [];
    // stdout fails with a plain Error, which no command expects, once the report is written.
    const io: CliIo = {
      stdout: {
        write: () => {
          throw new Error('stdout closed');
        },
      },
      stderr: { write: (text: string) => stderr.push(text) },
      stdin: process.stdin,
      env: {},
    };
    try {
      const code = await main(fleetArgs(server, '--all', '--format', 'json'), io);
      expect(code).toBe(1);
      expect(stderr.join('')).toContain('internal error: stdout closed');
      expect(server.count('StartQuery')).toBe(1);
    } finally {
      process.env = saved;
    }
  });
});

describe('fleet permissions', () => {
  it('policy grants every fleet action', () => {
    const policy = JSON.parse(readFileSync(join(ROOT, 'docs', 'iam-policy.json'), 'utf8')) as { Statement: { Action: string[] }[] };
    const actions = policy.Statement.flatMap((statement) => statement.Action);
    const fleetActions = [
      'lambda:ListFunctions',
      'tag:GetResources',
      'cloudwatch:GetMetricData',
      'logs:DescribeLogGroups',
      'logs:StartQuery',
      'logs:GetQueryResults',
      'logs:StopQuery',
    ];
    for (const action of fleetActions) expect(actions).toContain(action);
  });
});

describe('1,000-function fleet', () => {
  it('completes with the batched call counts', async () => {
    const server = await startFleet({ count: 1000, idle: [17], denied: [] });

    const started = performance.now();
    const result = await runCli(fleetArgs(server, '--all', '--format', 'ndjson', '--concurrency', '8'));
    const elapsedMs = performance.now() - started;

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line.length > 0)).toHaveLength(999);
    expect(server.count('ListFunctions')).toBe(20);
    expect(server.count('GetMetricData')).toBe(Math.ceil(1000 / 38));
    expect(server.count('DescribeLogGroups')).toBe(20);
    expect(server.count('StartQuery')).toBe(20);
    expect(server.count('GetFunctionConfiguration')).toBe(0);
    expect(server.calls.length / 1000).toBeLessThanOrEqual(0.2);
    expectReadOnlyAndBounded(server);
    expect(elapsedMs).toBeLessThan(25_000);
  });
});

describe('fleet --timeout', () => {
  it.each([
    ['ListFunctions', ['--all']],
    ['GetResources', ['--tag', 'team=payments']],
  ])('cuts a slow %s', async (operation, selection) => {
    const server = await startFleet({ count: 3 }, { faults: [{ operation, fault: { kind: 'delay', ms: 5000 } }] });
    const started = Date.now();

    const result = await runCli(fleetArgs(server, ...selection, '--timeout', '0.3'));

    // Four attempts of 0.3 s plus backoff, far below the 60 s default per attempt.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`${operation} timed out after 0.3 s on each of 4 attempts`);
    expect(server.count(operation)).toBe(4);
  });
});

describe('fleet listing failure in one region', () => {
  it('writes a report with the failure and exits 4', async () => {
    const server = await startFleet({ count: 3 }, { faults: [{ operation: 'ListFunctions', fault: { kind: 'error', code: 'ServiceException', status: 503 } }] });
    const output = join(mkdtempSync(join(tmpdir(), 'lma-fleet-fail-')), 'fleet.json');

    const result = await runCli(fleetArgs(server, '--all', '--format', 'json', '--output', output));

    expect(result.code).toBe(4);
    const document = JSON.parse(readFileSync(output, 'utf8')) as FleetDocument;
    expect(schemaErrors(document)).toEqual([]);
    expect(document.failures).toHaveLength(1);
    expect(document.failures[0]!.function).toEqual({ name: '*', region: 'us-east-1' });
    expect(document.failures[0]!.error.operation).toBe('ListFunctions');
  });

  it('stops with exit 2 when ListFunctions is denied', async () => {
    const server = await startFleet({ count: 3 }, { faults: [{ operation: 'ListFunctions', fault: { kind: 'error', code: 'AccessDeniedException', status: 403 } }] });

    const result = await runCli(fleetArgs(server, '--all', '--format', 'json'));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lambda:ListFunctions');
  });
});
