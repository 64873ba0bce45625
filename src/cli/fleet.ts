/**
 * Fleet audits: `analyze --all`, `--prefix`, `--tag`, `--exclude`, over one or more
 * regions. Per region the calls are batched: ListFunctions pages for the configuration,
 * GetMetricData with up to 500 metric queries across functions, DescribeLogGroups and
 * Logs Insights over up to 50 log groups each. Imports the AWS SDK, so the CLI loads this
 * module with `import()` only for a fleet run.
 */

import type { Analysis } from '../analysis/analysis.js';
import { analyzeFunction } from '../analysis/analyze.js';
import type { AnalysisOptions } from '../analysis/options.js';
import { CommandError, ExitCode } from '../errors.js';
import type { FunctionFailure, IdleFunction } from '../report/report-set.js';
import { sanitizeForTerminal } from '../report/terminal-text.js';
import {
  createAwsClients,
  DEFAULT_CALL_TIMEOUT_SECONDS,
  formatCallLogEntry,
  maxAttemptsFromEnvironment,
  retryDelayFromEnvironment,
  type AwsClients,
  type AwsClientSettings,
} from '../sources/aws/clients.js';
import { AwsCallError } from '../sources/aws/errors.js';
import { discoverFleet, type FleetSelection } from '../sources/aws/fleet-discovery.js';
import { describeLogGroups, queryFleetStats, type FleetQueryGroup } from '../sources/aws/fleet-logs.js';
import { getFleetMetrics } from '../sources/aws/fleet-metrics.js';
import {
  assembleFleetObservations,
  logGroupOf,
  resolveFleetSource,
  writesReportLines,
  type FleetSource,
} from '../sources/aws/fleet-observations.js';
import type { LiveFunctionConfiguration } from '../sources/aws/function-config.js';
import type { LogGroupFacts } from '../sources/aws/logs-insights.js';
import type { FunctionMetrics } from '../sources/aws/metrics.js';
import { resolveWindow, type TimeWindow } from '../sources/aws/window.js';
import type { CliIo } from './io.js';
import type { LiveOptions } from './live-analysis.js';
import { createProgress, type Progress } from './progress.js';

export interface FleetOptions extends LiveOptions {
  selection: FleetSelection;
  /** Regions to audit one after another; without it, the SDK's region chain picks one. */
  regions?: string[];
  /** Logs Insights queries (and GetMetricData or DescribeLogGroups calls) in flight at once. */
  concurrency: number;
}

export interface FleetOutcome {
  analyses: Analysis[];
  failures: FunctionFailure[];
  idle: IdleFunction[];
  exitCode: number;
}

/**
 * Audits the selected functions of every region. A function whose calls fail becomes a
 * failure record and the run exits 4; the others are still analysed. A failing function
 * listing (ListFunctions, GetResources) stops a single-region run, and stops any run when
 * the credentials are missing or expired.
 */
export async function runFleetAnalysis(
  options: FleetOptions,
  analysisOptions: AnalysisOptions,
  io: CliIo,
  onAnalysis: (analysis: Analysis) => void,
): Promise<FleetOutcome> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const nowMs = Date.now();
  const window = resolveWindow(options, nowMs);
  const regions: (string | undefined)[] = options.regions ?? [options.region];
  const outcome: FleetOutcome = { analyses: [], failures: [], idle: [], exitCode: ExitCode.ok };
  const progress = createProgress(io, 'analyzing');

  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    for (const region of regions) {
      const settings = clientSettings(options, region, io);
      const clients = await createAwsClients(settings);
      try {
        await auditRegion(clients, settings, { options, analysisOptions, window, nowMs, io, onAnalysis, outcome, progress, signal: interrupt.signal }, regions.length);
      } finally {
        clients.destroy();
      }
    }
  } finally {
    progress.finish();
    process.removeListener('SIGINT', onSigint);
  }
  if (outcome.failures.length > 0) outcome.exitCode = ExitCode.partialFailure;
  return outcome;
}

interface RegionRun {
  options: FleetOptions;
  analysisOptions: AnalysisOptions;
  window: TimeWindow;
  nowMs: number;
  io: CliIo;
  onAnalysis: (analysis: Analysis) => void;
  outcome: FleetOutcome;
  progress: Progress;
  signal: AbortSignal;
}

function clientSettings(options: FleetOptions, region: string | undefined, io: CliIo): AwsClientSettings {
  const maxAttempts = maxAttemptsFromEnvironment(io.env);
  const retryDelayMs = retryDelayFromEnvironment(io.env);
  return {
    ...(region !== undefined ? { region } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.endpointUrl !== undefined ? { endpointUrl: options.endpointUrl } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(retryDelayMs !== undefined ? { retryDelayMs } : {}),
    callTimeoutMs: (options.timeoutSeconds ?? DEFAULT_CALL_TIMEOUT_SECONDS) * 1000,
    ...(options.debug === true ? { callLog: (entry) => io.stderr.write(formatCallLogEntry(entry)) } : {}),
  };
}

async function auditRegion(clients: AwsClients, settings: AwsClientSettings, run: RegionRun, regionCount: number): Promise<void> {
  const region = clients.region;
  const scope = { region, ...(run.options.profile !== undefined ? { profile: run.options.profile } : {}), concurrency: run.options.concurrency };

  let discovery;
  try {
    discovery = await discoverFleet(clients, settings, run.options.selection);
  } catch (error) {
    // A failed listing becomes that region's failure record, so the run still writes a report
    // that says so. A single-region run stops instead when the caller's setup is at fault
    // (access denied, unknown region: exit 2), and any run stops on bad credentials.
    if (!(error instanceof AwsCallError) || error.kind === 'credentials') throw error;
    if (regionCount === 1 && error.exitCode === ExitCode.usageError) throw error;
    fail(run, { functionName: '*', region, operation: error.context.operation, message: error.message });
    return;
  }
  for (const name of discovery.missing) {
    fail(run, { functionName: name, region, operation: 'ListFunctions', message: `${name} is not among the functions ListFunctions returned in ${region}; check the name and --regions.` });
  }
  const functions = discovery.functions;
  const finishedBefore = run.outcome.analyses.length + run.outcome.idle.length + run.outcome.failures.length;
  run.progress.setTotal(finishedBefore + functions.length);
  if (functions.length === 0) {
    run.progress.log(`lambda-memory-advisor: no function in ${region} matches the selection.\n`);
    return;
  }

  const sources = functions.map((configuration) => resolveFleetSource(run.options.source, configuration));
  const needsLogs = (index: number): boolean => sources[index] === 'logs' && writesReportLines(functions[index]!);
  const targets = functions.map((configuration, index) => ({
    functionName: configuration.functionName,
    withLambdaInsights: configuration.hasLambdaInsights || sources[index] === 'insights',
  }));
  const logGroupNames = functions.filter((_, index) => needsLogs(index)).map(logGroupOf);

  // Logs Insights queries need only the log group facts, so they start while the metrics load.
  const metricsLoaded = getFleetMetrics(clients.cloudWatch, targets, run.window, run.nowMs, scope);
  // Marks a rejection as handled until the two consumers below attach; they still see it.
  metricsLoaded.catch(() => undefined);
  const groups = await describeLogGroups(clients.logs, logGroupNames, scope);

  const queued: FleetQueryGroup[] = [];
  const waiting = new Map<string, number[]>();
  const withoutQuery: number[] = [];
  functions.forEach((configuration, index) => {
    const groupName = logGroupOf(configuration);
    const group = needsLogs(index) ? groups.get(groupName) : undefined;
    if (group === undefined || group instanceof CommandError || !group.exists) {
      withoutQuery.push(index);
      return;
    }
    if (!waiting.has(groupName)) queued.push({ logGroupName: groupName, format: configuration.facts.logFormat === 'JSON' ? 'JSON' : 'Text' });
    waiting.set(groupName, [...(waiting.get(groupName) ?? []), index]);
  });

  const finishWithoutQuery = metricsLoaded.then((metrics) => {
    for (const index of withoutQuery) {
      const configuration = functions[index]!;
      const metricResult = metrics[index]!;
      const group = needsLogs(index) ? groups.get(logGroupOf(configuration)) : undefined;
      if (metricResult instanceof CommandError) fail(run, failureOf(configuration, region, metricResult));
      else if (group instanceof CommandError) fail(run, failureOf(configuration, region, group));
      else finishFunction(run, configuration, sources[index]!, metricResult, group);
    }
  });

  const queries = queryFleetStats(clients.logs, queued, {
    ...scope,
    window: run.window,
    query: {
      signal: run.signal,
      ...(run.options.queryTimeoutSeconds !== undefined ? { timeoutMs: run.options.queryTimeoutSeconds * 1000 } : {}),
    },
    onBatch: async (results) => {
      const metrics = await metricsLoaded;
      for (const [groupName, result] of results) {
        for (const index of waiting.get(groupName) ?? []) {
          const configuration = functions[index]!;
          const metricResult = metrics[index]!;
          if (metricResult instanceof CommandError) fail(run, failureOf(configuration, region, metricResult));
          else if (result instanceof CommandError) fail(run, failureOf(configuration, region, result));
          else finishFunction(run, configuration, 'logs', metricResult, groups.get(groupName) as LogGroupFacts, result);
        }
      }
    },
  });
  await Promise.all([finishWithoutQuery, queries]);
}

function finishFunction(
  run: RegionRun,
  configuration: LiveFunctionConfiguration,
  source: FleetSource,
  metrics: FunctionMetrics,
  logGroup: LogGroupFacts | undefined,
  stats?: Parameters<typeof assembleFleetObservations>[0]['stats'],
): void {
  const observations = assembleFleetObservations(
    { configuration, source, metrics, ...(logGroup !== undefined ? { logGroup } : {}), ...(stats !== undefined ? { stats } : {}) },
    run.window,
  );
  run.progress.advance();
  if (observations === undefined) {
    run.outcome.idle.push({ functionName: configuration.functionName, region: configuration.facts.region ?? '' });
    return;
  }
  const analysis = analyzeFunction(observations, run.analysisOptions);
  run.outcome.analyses.push(analysis);
  run.onAnalysis(analysis);
}

function failureOf(configuration: LiveFunctionConfiguration, region: string, error: CommandError): FunctionFailure {
  return {
    functionName: configuration.functionName,
    region,
    operation: error instanceof AwsCallError ? error.context.operation : 'GetQueryResults',
    message: error.message,
  };
}

function fail(run: RegionRun, failure: FunctionFailure): void {
  run.progress.log(`lambda-memory-advisor: ${sanitizeForTerminal(failure.functionName)}: ${sanitizeForTerminal(failure.message)}\n`);
  run.outcome.failures.push(failure);
  run.progress.advance();
}
