/**
 * Maps errors of AWS calls to one line each: the operation, the function, what went wrong
 * and what to do. Every AWS call of the live path goes through `toAwsCallError` once.
 */

import { ResourceNotFoundException as LambdaResourceNotFound, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { ResourceNotFoundException as LogsResourceNotFound } from '@aws-sdk/client-cloudwatch-logs';

import { CommandError, ExitCode } from '../../errors.js';
import { sanitizeForTerminal } from '../../report/terminal-text.js';

/** The AWS call that failed, for the error line. */
export interface AwsCallContext {
  /** API operation, for example `GetFunctionConfiguration`. */
  operation: string;
  /** IAM action that allows the operation, for example `lambda:GetFunctionConfiguration`. */
  iamAction: string;
  /** Function name or ARN as the user gave it. */
  functionName: string;
  region: string;
  profile?: string;
  /** Time limit of one attempt (`--timeout`), for the message of a timed-out call. */
  timeoutSeconds?: number;
}

export type AwsFailureKind =
  | 'access-denied'
  | 'not-found'
  | 'credentials'
  | 'throttled'
  | 'server'
  | 'network'
  | 'timeout'
  | 'invalid-request'
  | 'unknown';

/**
 * Failures caused by the caller's setup, which exit with code 2. The other kinds fail on
 * the AWS side or on the way to it and exit with code 4.
 */
const CALLER_FAULTS: ReadonlySet<AwsFailureKind> = new Set(['access-denied', 'not-found', 'credentials', 'invalid-request']);

/** A failed AWS call, with the failure kind kept for callers that decide what to do next. */
export class AwsCallError extends CommandError {
  override readonly name: string = 'AwsCallError';

  constructor(
    message: string,
    readonly kind: AwsFailureKind,
    readonly context: AwsCallContext,
    options?: { cause?: unknown },
  ) {
    super(message, CALLER_FAULTS.has(kind) ? ExitCode.usageError : ExitCode.partialFailure, options);
  }
}

const ACCESS_DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationError']);

/** Error names of rejected or expired credentials, across STS, SSO and the signing step. */
const CREDENTIAL_NAMES = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationToken',
  'IncompleteSignature',
]);

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

const INVALID_REQUEST_NAMES = new Set(['InvalidParameterValueException', 'InvalidParameterException', 'ValidationException', 'MalformedQueryException']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/**
 * Classifies an error of an AWS call: the SDK's modelled exceptions first, then the
 * error name, then the HTTP status and `$fault`, then Node.js network error codes.
 */
export function classifyAwsError(error: unknown): AwsFailureKind {
  if (error instanceof LambdaResourceNotFound || error instanceof LogsResourceNotFound) return 'not-found';
  if (error instanceof TooManyRequestsException) return 'throttled';

  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : '';
  const status = shape.$metadata?.httpStatusCode;

  if (ACCESS_DENIED_NAMES.has(name)) return 'access-denied';
  if (CREDENTIAL_NAMES.has(name)) return 'credentials';
  if (THROTTLING_NAMES.has(name)) return 'throttled';
  if (name === 'ResourceNotFoundException' || name === 'ResourceNotFound') return 'not-found';
  if (INVALID_REQUEST_NAMES.has(name)) return 'invalid-request';

  if (status === 429) return 'throttled';
  if (status === 403) return 'access-denied';
  if (status === 404) return 'not-found';
  if (shape.$fault === 'server' || (status !== undefined && status >= 500)) return 'server';

  // The SDK's HTTP handler renames socket errors with ECONNRESET, ECONNREFUSED and EPIPE to
  // TimeoutError, so the code decides first. Its own timeouts carry ETIMEDOUT or no code.
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  if (code !== undefined && code !== 'ETIMEDOUT' && NETWORK_CODES.has(code)) return 'network';
  if (name === 'TimeoutError' || name === 'RequestTimeout' || code === 'ETIMEDOUT') return 'timeout';
  if (shape.$fault === 'client' || (status !== undefined && status >= 400)) return 'invalid-request';
  return 'unknown';
}

/** Wraps any error of an AWS call into an `AwsCallError` with its one-line message. */
export function toAwsCallError(error: unknown, context: AwsCallContext): AwsCallError {
  if (error instanceof AwsCallError) return error;
  const kind = classifyAwsError(error);
  if (kind === 'timeout') return new AwsCallError(timeoutMessage(error, context), kind, context, { cause: error });
  const head = `${context.operation} failed for ${context.functionName} in ${context.region}`;
  return new AwsCallError(`${head}: ${adviceFor(kind, error, context)}`, kind, context, { cause: error });
}

function timeoutMessage(error: unknown, context: AwsCallContext): string {
  const attempts = (error as ErrorShape | undefined)?.$metadata?.attempts;
  const limit = context.timeoutSeconds === undefined ? '' : ` after ${context.timeoutSeconds} s`;
  const perAttempt = attempts === undefined || attempts === 1 ? '' : ` on each of ${attempts} attempts`;
  return `${context.operation} timed out${limit}${perAttempt} for ${context.functionName} in ${context.region}; raise --timeout or check the network.`;
}

function adviceFor(kind: AwsFailureKind, error: unknown, context: AwsCallContext): string {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const name = typeof shape.name === 'string' && shape.name !== '' ? shape.name : 'Error';
  const attempts = shape.$metadata?.attempts;
  const afterAttempts = attempts === undefined ? '' : ` after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
  const profileFlag = context.profile === undefined ? '' : ` --profile ${context.profile}`;

  switch (kind) {
    case 'access-denied':
      return `access denied (${name}). Grant ${context.iamAction} to the caller; docs/iam-policy.json lists every read-only action the tool needs.`;
    case 'not-found':
      return `function not found (${name}). Check the name, the qualifier and the region: pass --region if ${context.functionName} lives in another region.`;
    case 'credentials':
      return `no valid AWS credentials (${name}). Log in again (aws sso login${profileFlag}, or refresh the keys in the environment or the credentials file), or pick another profile with --profile.`;
    case 'throttled':
      return `throttled by AWS${afterAttempts} (${name}). Retry later, or analyze fewer functions at once.`;
    case 'server':
      return `AWS returned a server error${afterAttempts} (${name}, HTTP ${shape.$metadata?.httpStatusCode ?? '5xx'}). Retry later.`;
    case 'network':
      if (shape.code === 'ECONNRESET') return `the connection was reset${afterAttempts} (ECONNRESET). Check the network, --endpoint-url and any proxy, then retry.`;
      return `could not reach the endpoint${afterAttempts} (${typeof shape.code === 'string' ? shape.code : name}). Check the network, --endpoint-url and the region.`;
    case 'invalid-request':
      return `the request was rejected (${name}: ${firstLine(shape.message)}). Check the function name, --qualifier and the time window.`;
    case 'timeout':
      return `timed out${afterAttempts}. Raise --timeout or check the network.`;
    case 'unknown':
      return `${name}: ${firstLine(shape.message)}. Rerun with --debug for the AWS call log.`;
  }
}

function firstLine(message: unknown): string {
  const text = typeof message === 'string' ? message : 'no message';
  return sanitizeForTerminal(text.split('\n')[0] ?? text).slice(0, 200);
}
