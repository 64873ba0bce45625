/**
 * `analyze <function...>`: reads each function's configuration and telemetry from AWS and
 * runs the same engine as `analyze --logs`. This module imports the AWS SDK, so the CLI
 * loads it with `import()` only when a function name is given.
 */

import type { Analysis } from '../analysis/analysis.js';
import { analyzeFunction } from '../analysis/analyze.js';
import type { AnalysisOptions } from '../analysis/options.js';
import { CommandError, ExitCode, UsageError } from '../errors.js';
import { sanitizeForTerminal } from '../report/terminal-text.js';
import {
  DEFAULT_CALL_TIMEOUT_SECONDS,
  createAwsClients,
  formatCallLogEntry,
  maxAttemptsFromEnvironment,
  retryDelayFromEnvironment,
  type AwsClients,
} from '../sources/aws/clients.js';
import { AwsCallError } from '../sources/aws/errors.js';
import { parseFunctionReference, type FunctionReference } from '../sources/aws/function-config.js';
import { readLiveObservations, type SourceChoice } from '../sources/aws/observations.js';
import { resolveWindow } from '../sources/aws/window.js';
import type { FunctionFailure } from '../report/report-set.js';
import type { CliIo } from './io.js';

export interface LiveOptions {
  qualifier?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  since?: string;
  start?: string;
  end?: string;
  source: SourceChoice;
  /** Time limit of one attempt of an AWS call, in seconds (`--timeout`). */
  timeoutSeconds?: number;
  /** Deadline of one Logs Insights query, in seconds (`--query-timeout`). */
  queryTimeoutSeconds?: number;
  debug?: boolean;
}

/**
 * Analyzes each function, passing each analysis to `onAnalysis` as it finishes, and returns
 * the analyses, the failures and the exit code they call for. A failing function gets one
 * line on stderr. With one function the error is thrown, and its exit code is 2 for the
 * caller's setup or 4 for AWS-side failures. With several, the others are still reported
 * and the run exits 4, or 2 when every function failed through the caller's setup. Missing or expired credentials stop the run at once, because every
 * later call would fail the same way.
 */
export async function runLiveAnalysis(
  functions: string[],
  options: LiveOptions,
  analysisOptions: AnalysisOptions,
  io: CliIo,
  onAnalysis: (analysis: Analysis) => void,
): Promise<LiveOutcome> {
  // The SDK warns on Node.js 20 about its future Node.js 22 requirement whenever a client is
  // built. A CLI user cannot act on that, so the warning is off unless the variable is set.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const references = functions.map((given) => parseFunctionReference(given, options.qualifier));
  const nowMs = Date.now();
  const window = resolveWindow(options, nowMs);
  const region = options.region ?? regionFromArns(references);
  const retryDelayMs = retryDelayFromEnvironment(io.env);
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_CALL_TIMEOUT_SECONDS;

  const clients = await createAwsClients({
    ...(region !== undefined ? { region } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.endpointUrl !== undefined ? { endpointUrl: options.endpointUrl } : {}),
    ...withMaxAttempts(maxAttemptsFromEnvironment(io.env)),
    ...(retryDelayMs !== undefined ? { retryDelayMs } : {}),
    callTimeoutMs: timeoutSeconds * 1000,
    ...(options.debug === true ? { callLog: (entry) => io.stderr.write(formatCallLogEntry(entry)) } : {}),
  });
  checkArnRegions(references, clients.region);

  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    return await analyzeEach(references, clients, { options: { ...options, timeoutSeconds }, analysisOptions, io, onAnalysis, window, nowMs, signal: interrupt.signal });
  } finally {
    process.removeListener('SIGINT', onSigint);
    clients.destroy();
  }
}

interface RunContext {
  options: LiveOptions;
  analysisOptions: AnalysisOptions;
  io: CliIo;
  onAnalysis: (analysis: Analysis) => void;
  window: ReturnType<typeof resolveWindow>;
  nowMs: number;
  signal: AbortSignal;
}

/** The functions analysed, the ones that failed, and the exit code the failures call for. */
export interface LiveOutcome {
  analyses: Analysis[];
  failures: FunctionFailure[];
  exitCode: number;
}

async function analyzeEach(references: FunctionReference[], clients: AwsClients, run: RunContext): Promise<LiveOutcome> {
  const errors: CommandError[] = [];
  const outcome: LiveOutcome = { analyses: [], failures: [], exitCode: ExitCode.ok };

  for (const reference of references) {
    if (run.signal.aborted) return { ...outcome, exitCode: ExitCode.interrupted };
    try {
      const observations = await readLiveObservations(clients, reference, {
        source: run.options.source,
        window: run.window,
        nowMs: run.nowMs,
        ...(run.options.profile !== undefined ? { profile: run.options.profile } : {}),
        ...(run.options.timeoutSeconds !== undefined ? { timeoutSeconds: run.options.timeoutSeconds } : {}),
        query: {
          signal: run.signal,
          ...(run.options.queryTimeoutSeconds !== undefined ? { timeoutMs: run.options.queryTimeoutSeconds * 1000 } : {}),
        },
      });
      const analysis = analyzeFunction(observations, run.analysisOptions);
      outcome.analyses.push(analysis);
      run.onAnalysis(analysis);
    } catch (error) {
      if (!(error instanceof CommandError) || references.length === 1) throw error;
      if (error.exitCode === ExitCode.interrupted) throw error;
      run.io.stderr.write(`lambda-memory-advisor: ${sanitizeForTerminal(error.message)}\n`);
      errors.push(error);
      outcome.failures.push({
        functionName: reference.given,
        region: clients.region,
        operation: error instanceof AwsCallError ? error.context.operation : 'analyze',
        message: error.message,
      });
      if (error instanceof AwsCallError && error.kind === 'credentials') break;
    }
  }

  if (errors.length === 0) return outcome;
  const allCallerFaults = outcome.analyses.length === 0 && errors.every((failure) => failure.exitCode === ExitCode.usageError);
  return { ...outcome, exitCode: allCallerFaults ? ExitCode.usageError : ExitCode.partialFailure };
}

function withMaxAttempts(maxAttempts: number | undefined): { maxAttempts?: number } {
  return maxAttempts === undefined ? {} : { maxAttempts };
}

/** Returns the region of the full ARNs given, when they all name the same one. */
function regionFromArns(references: FunctionReference[]): string | undefined {
  const regions = new Set(references.map((reference) => reference.region).filter((region) => region !== undefined));
  return regions.size === 1 ? [...regions][0] : undefined;
}

function checkArnRegions(references: FunctionReference[], region: string): void {
  const other = references.find((reference) => reference.region !== undefined && reference.region !== region);
  if (other !== undefined) {
    throw new UsageError(
      `${other.given} is in ${other.region} but the run uses region ${region}; pass --region ${other.region} and analyze functions of one region per run.`,
    );
  }
}
