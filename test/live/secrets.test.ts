/**
 * Runs the live command with --debug, fake credentials (access key, secret key and session
 * token) and function environment variables that hold secret-looking values. None of those
 * values may reach stdout, stderr or an --output file, in any report format, any kind of
 * failure, the metrics fallback or a fleet run.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, it, onTestFinished, type ExpectStatic } from 'vitest';

import type { FaultRule } from '../fake-aws/faults.js';
import type { FakeAws } from '../fake-aws/server.js';
import { FAKE_CREDENTIALS, goFunction, liveArgs, runLive, startGoFake } from './live-helpers.js';

const SECRET_VARIABLES = {
  DATABASE_PASSWORD: 'hunter2-secret-db-password',
  STRIPE_API_KEY: 'sk_live_51EXAMPLEsecretStripeKey',
  JWT_SIGNING_SECRET: 'jwt-secret-Z3k9QmXp',
};

const SECRETS = [...Object.values(FAKE_CREDENTIALS), ...Object.values(SECRET_VARIABLES), ...Object.keys(SECRET_VARIABLES)];

const FORMATS = ['table', 'json', 'ndjson', 'markdown', 'csv', 'html'] as const;

const FAULTS: { name: string; rules: FaultRule[]; args?: string[] }[] = [
  { name: 'no fault', rules: [] },
  { name: 'throttling', rules: [{ operation: 'GetMetricData', fault: { kind: 'error', code: 'ThrottlingException', status: 400 } }] },
  { name: 'access denied', rules: [{ operation: 'GetFunctionConfiguration', fault: { kind: 'error', code: 'AccessDeniedException', status: 403 } }] },
  { name: 'expired token', rules: [{ operation: 'GetMetricData', fault: { kind: 'error', code: 'ExpiredTokenException', status: 400 } }] },
  { name: 'server error', rules: [{ operation: 'DescribeLogGroups', fault: { kind: 'error', code: 'InternalFailure', status: 500 } }] },
  { name: 'connection reset', rules: [{ operation: 'GetFunctionConfiguration', fault: { kind: 'reset' } }] },
  { name: 'timeout', rules: [{ operation: 'GetMetricData', fault: { kind: 'delay', ms: 3000 } }], args: ['--timeout', '0.2'] },
  { name: 'failed query', rules: [{ operation: 'GetQueryResults', fault: { kind: 'reply', body: { status: 'Failed', results: [] } } }] },
];

const directory = mkdtempSync(join(tmpdir(), 'lma-secrets-'));

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

async function startSecretFake(rules: FaultRule[]): Promise<FakeAws> {
  const environment = { Variables: { GOGC: '200', ...SECRET_VARIABLES } };
  return startGoFake(['orders-api', 'billing-api'], {
    functions: {
      'orders-api': goFunction('orders-api', { Environment: environment }),
      'billing-api': goFunction('billing-api', { Environment: environment }),
    },
    faults: rules,
    runningPolls: 0,
  });
}

/** Takes the test's own `expect`, which concurrent tests need. */
function expectNoSecret(expect: ExpectStatic, text: string, where: string): void {
  for (const secret of SECRETS) {
    expect(text.includes(secret), `${where} contains ${secret}`).toBe(false);
  }
}

/** Every format where a report is written, every fault with the table and JSON. */
const RUNS = [
  ...FORMATS.flatMap((format) => [FAULTS[0]!, FAULTS[FAULTS.length - 1]!].map((faultCase) => ({ faultCase, format }))),
  ...FAULTS.slice(1, -1).flatMap((faultCase) => (['table', 'json'] as const).map((format) => ({ faultCase, format }))),
];

// Each test has its own fake, so the runs go concurrently and the file stays fast.
describe.concurrent('no secret in any output', () => {
  for (const { faultCase, format } of RUNS) {
    it(`${faultCase.name}, ${format}, --debug`, async ({ expect }) => {
      const server = await startSecretFake(faultCase.rules);
      onTestFinished(() => server.close());
      const output = join(directory, `${faultCase.name.replace(/ /g, '-')}.${format}`);
      const extra = ['--format', format, '--debug', ...(faultCase.args ?? [])];

      const [toStdout, toFile] = await Promise.all([
        runLive(liveArgs(server, ['orders-api'], ...extra), { AWS_MAX_ATTEMPTS: '2' }),
        runLive(liveArgs(server, ['orders-api', 'billing-api'], ...extra, '--output', output), { AWS_MAX_ATTEMPTS: '2' }),
      ]);

      expect(toStdout.stderr).toContain('debug: aws ');
      expectNoSecret(expect, toStdout.stdout, 'stdout');
      expectNoSecret(expect, toStdout.stderr, 'stderr');
      expectNoSecret(expect, toFile.stdout, 'stdout with --output');
      expectNoSecret(expect, toFile.stderr, 'stderr with --output');
      let written = '';
      try {
        written = readFileSync(output, 'utf8');
      } catch {
        // A run where every function failed writes no file.
      }
      expectNoSecret(expect, written, '--output file');
    });
  }

  it('the secrets were in play', async ({ expect }) => {
    const server = await startSecretFake([]);
    onTestFinished(() => server.close());

    const result = await runLive(liveArgs(server, ['orders-api'], '--debug'));

    expect(result.code).toBe(0);
    expect(server.calls[0]!.headers?.['x-amz-security-token']).toBe(FAKE_CREDENTIALS.AWS_SESSION_TOKEN);
    expect(String(server.calls[0]!.headers?.authorization)).toContain(FAKE_CREDENTIALS.AWS_ACCESS_KEY_ID);
  });
});
