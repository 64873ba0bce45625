/**
 * Set-up shared by the live end-to-end tests. The fake AWS server serves the Go fixture as
 * several functions. The built CLI runs as a child process with fake credentials, no AWS
 * variable of the developer's environment, and no wait between retries.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { FunctionObservations } from '../../src/analysis/observations.js';
import { functionConfiguration, invocationsOf, metricsFrom, queryResultsFrom } from '../fake-aws/fixture-data.js';
import { startFakeAws, type FakeAws, type FakeAwsConfig } from '../fake-aws/server.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'bin', 'lambda-memory-advisor.js');
export const GO_FIXTURE = 'go-matrix-provided-al2023-arm64-1769mb.report.log';
export const WINDOW = ['--start', '2026-04-24T00:00:00Z', '--end', '2026-04-25T00:00:00Z'];

/**
 * Credentials in the form AWS uses (the access key and secret are the AWS documentation's
 * examples), with marker strings that a test can search the output for.
 */
export const FAKE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLESESSIONTOKENsecretMarker0123456789',
} as const;

export interface LiveResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const awsDirectory = mkdtempSync(join(tmpdir(), 'lma-live-aws-'));
writeFileSync(join(awsDirectory, 'config'), '');
writeFileSync(join(awsDirectory, 'credentials'), '');

/** Builds the child environment: PATH and the like, never an AWS_ variable from the developer's shell. */
export function liveEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && value !== undefined) base[key] = value;
  }
  return {
    ...base,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(awsDirectory, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(awsDirectory, 'credentials'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LAMBDA_MEMORY_ADVISOR_RETRY_DELAY_MS: '0',
    NO_COLOR: '1',
    ...FAKE_CREDENTIALS,
    ...extra,
  };
}

/** Starts the built CLI. `onStderr` receives each chunk of stderr as it arrives. */
export function spawnLive(args: string[], env: Record<string, string> = {}, onStderr?: (chunk: string) => void): { child: ChildProcess; result: Promise<LiveResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: liveEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    onStderr?.(chunk);
  });
  const result = new Promise<LiveResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, result };
}

export function runLive(args: string[], env: Record<string, string> = {}): Promise<LiveResult> {
  return spawnLive(args, env).result;
}

/** Lines written to stderr, without the empty string after the last newline. */
export function stderrLines(result: LiveResult): string[] {
  return result.stderr.split('\n').filter((line) => line !== '');
}

let goInvocations: FunctionObservations | undefined;

/** Returns the Go fixture's configuration, with a secret-looking environment variable beside GOGC. */
export function goFunction(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return functionConfiguration({
    FunctionName: name,
    FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    MemorySize: 1769,
    Architectures: ['arm64'],
    Runtime: 'provided.al2023',
    Timeout: 3,
    LastModified: '2026-03-01T00:00:00.000+0000',
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
    Environment: { Variables: { GOGC: '200', DATABASE_PASSWORD: 'hunter2-secret' } },
    ...overrides,
  });
}

/** Starts a fake that serves the Go fixture under each of `names`. */
export async function startGoFake(names: string[] = ['orders-api'], overrides: Partial<FakeAwsConfig> = {}): Promise<FakeAws> {
  goInvocations ??= await invocationsOf(GO_FIXTURE);
  return startFakeAws({
    functions: Object.fromEntries(names.map((name) => [name, goFunction(name)])),
    metric: metricsFrom(goInvocations),
    logGroups: names.map((name) => ({ logGroupName: `/aws/lambda/${name}` })),
    queryResults: queryResultsFrom(goInvocations),
    runningPolls: 1,
    ...overrides,
  });
}

/** `analyze` of the given functions against the fake, over the fixture's day. */
export function liveArgs(fake: FakeAws, functions: string[], ...extra: string[]): string[] {
  return ['analyze', ...functions, '--endpoint-url', fake.url, '--region', 'us-east-1', ...WINDOW, ...extra];
}
