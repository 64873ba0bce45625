/**
 * Builds the three AWS clients of the live path with one region, profile, endpoint and
 * retry policy, and the `--debug` call log.
 */

import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';

import { UsageError } from '../../errors.js';

/**
 * Attempts per AWS call, retries included. Standard retry mode backs off with jitter and
 * retries throttling, 5xx and transient network errors; four attempts ride out a burst of
 * throttling on a fleet run without stalling a terminal for long. `AWS_MAX_ATTEMPTS` overrides it.
 */
export const DEFAULT_MAX_ATTEMPTS = 4;

/**
 * Time limit of one attempt of an AWS call, in seconds (`--timeout`). GetMetricData and
 * GetQueryResults usually respond within a few seconds. A minute leaves room for a slow
 * network without letting a stalled connection hang the run.
 */
export const DEFAULT_CALL_TIMEOUT_SECONDS = 60;

/**
 * Environment variable that replaces the SDK's jittered backoff with a fixed wait between
 * attempts, in ms. Tests set it to 0 so that retries are fast; the attempt count stays.
 */
export const RETRY_DELAY_VARIABLE = 'LAMBDA_MEMORY_ADVISOR_RETRY_DELAY_MS';

export interface AwsClientSettings {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  maxAttempts?: number;
  /** Fixed wait between attempts in ms, in place of the SDK's backoff. */
  retryDelayMs?: number;
  /** Time limit of one attempt in ms: connecting and the whole request and response. */
  callTimeoutMs?: number;
  /** Receives one line per AWS call when set (`--debug`). */
  callLog?: (entry: AwsCallLogEntry) => void;
}

/** One AWS call as the call log records it. No headers, parameters or credentials. */
export interface AwsCallLogEntry {
  service: string;
  operation: string;
  durationMs: number;
  attempts: number | undefined;
  requestId: string | undefined;
  /** The error name when the call failed. */
  error?: string;
}

export interface AwsClients {
  region: string;
  lambda: LambdaClient;
  cloudWatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
  destroy(): void;
}

/**
 * Builds the configuration every client of a run shares: region, profile, endpoint, the
 * attempt limit and retry mode, and the per-attempt timeout.
 */
export function clientConfig(settings: AwsClientSettings) {
  const maxAttempts = settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const callTimeoutMs = settings.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_SECONDS * 1000;
  return {
    ...(settings.region !== undefined ? { region: settings.region } : {}),
    ...(settings.profile !== undefined ? { profile: settings.profile } : {}),
    ...(settings.endpointUrl !== undefined ? { endpoint: settings.endpointUrl } : {}),
    maxAttempts,
    retryMode: 'standard',
    ...(settings.retryDelayMs !== undefined ? { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, settings.retryDelayMs) } : {}),
    // Without throwOnRequestTimeout the handler only logs a warning when requestTimeout passes.
    requestHandler: { connectionTimeout: callTimeoutMs, requestTimeout: callTimeoutMs, throwOnRequestTimeout: true },
  };
}

/**
 * Creates the clients and resolves the region, which the SDK would otherwise only miss
 * at the first call with a bare `Error`. Throws `UsageError` when no region is set.
 */
export async function createAwsClients(settings: AwsClientSettings): Promise<AwsClients> {
  const common = clientConfig(settings);
  const lambda = new LambdaClient(common);
  const cloudWatch = new CloudWatchClient(common);
  const logs = new CloudWatchLogsClient(common);
  const destroy = (): void => {
    lambda.destroy();
    cloudWatch.destroy();
    logs.destroy();
  };

  let region: string;
  try {
    region = await lambda.config.region();
  } catch (error) {
    destroy();
    throw missingRegion(settings.profile, error);
  }

  if (settings.callLog !== undefined) {
    const sink = settings.callLog;
    lambda.middlewareStack.add(callLogMiddleware('Lambda', sink), CALL_LOG_OPTIONS);
    cloudWatch.middlewareStack.add(callLogMiddleware('CloudWatch', sink), CALL_LOG_OPTIONS);
    logs.middlewareStack.add(callLogMiddleware('CloudWatchLogs', sink), CALL_LOG_OPTIONS);
  }
  return { region, lambda, cloudWatch, logs, destroy };
}

function missingRegion(profile: string | undefined, cause: unknown): UsageError {
  const where = profile === undefined ? 'the default profile' : `profile ${profile}`;
  return new UsageError(
    `no AWS region is set: pass --region us-east-1 (or the function's region; --regions for a fleet), set AWS_REGION, or add "region = ..." to ${where} in the AWS config file (~/.aws/config, or the file AWS_CONFIG_FILE names).`,
    { cause },
  );
}

/** Reads `AWS_MAX_ATTEMPTS` when it contains a whole number from 1 to 10. */
export function maxAttemptsFromEnvironment(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.AWS_MAX_ATTEMPTS;
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const attempts = Number(value);
  return attempts >= 1 && attempts <= 10 ? attempts : undefined;
}

/** Reads the fixed retry delay in ms from `LAMBDA_MEMORY_ADVISOR_RETRY_DELAY_MS`, a whole number up to 60000. */
export function retryDelayFromEnvironment(env: NodeJS.ProcessEnv): number | undefined {
  const value = env[RETRY_DELAY_VARIABLE];
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const delayMs = Number(value);
  return delayMs <= 60_000 ? delayMs : undefined;
}

/** Outermost step, so the measured time and the attempt count include every retry. */
const CALL_LOG_OPTIONS = { step: 'initialize', name: 'lambdaMemoryAdvisorCallLog', override: true } as const;

/** Logs service, operation, time, attempts and request id of each call; never its input or headers. */
export function callLogMiddleware<Input extends object, Output extends MetadataBearer>(
  service: string,
  sink: (entry: AwsCallLogEntry) => void,
): InitializeMiddleware<Input, Output> {
  return (next, context) => async (args) => {
    const operation = typeof context.commandName === 'string' ? context.commandName.replace(/Command$/, '') : 'unknown';
    const started = performance.now();
    try {
      const result = await next(args);
      const metadata = result.output.$metadata;
      sink({
        service,
        operation,
        durationMs: performance.now() - started,
        attempts: metadata.attempts,
        requestId: metadata.requestId,
      });
      return result;
    } catch (error) {
      const metadata = (error as Partial<MetadataBearer> | undefined)?.$metadata;
      sink({
        service,
        operation,
        durationMs: performance.now() - started,
        attempts: metadata?.attempts,
        requestId: metadata?.requestId,
        error: error instanceof Error ? error.name : 'Error',
      });
      throw error;
    }
  };
}

/** Formats a call log entry as one stderr line. */
export function formatCallLogEntry(entry: AwsCallLogEntry): string {
  // A call that fails before it is sent (credentials, signing) reports no attempt count.
  const attempts = entry.attempts === undefined ? 'not sent' : `${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}`;
  const outcome = entry.error === undefined ? 'ok' : `failed: ${entry.error}`;
  return `debug: aws ${entry.service} ${entry.operation} ${Math.round(entry.durationMs)} ms, ${attempts}, request id ${entry.requestId ?? 'none'}, ${outcome}\n`;
}
