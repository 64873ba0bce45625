import type { Analysis, Strategy } from '../analysis/analysis.js';
import { analyzeFunction } from '../analysis/analyze.js';
import type { Architecture } from '../analysis/observations.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../analysis/options.js';
import { ExitCode, UsageError } from '../errors.js';
import { renderNdjsonFailure, renderNdjsonLine } from '../report/ndjson.js';
import { renderReport, type ReportFormat } from '../report/render.js';
import type { ReportSet } from '../report/report-set.js';
import { readReportLogs } from '../sources/report-log/index.js';
import { matchFailOn, type FailOnCondition } from './fail-on.js';
import { useColor, type CliIo } from './io.js';
import { writeFileAtomically } from './output-file.js';
import type { FleetOptions } from './fleet.js';
import type { LiveOptions } from './live-analysis.js';

/** The options of `analyze` as commander parses them. */
export interface AnalyzeCommandOptions {
  logs?: string[];
  functionName?: string;
  format: ReportFormat;
  failOn?: FailOnCondition[];
  output?: string;
  strategy: Strategy;
  balancedWeight: number;
  headroom: number;
  maxP95?: number;
  minInvocations: number;
  minMemory: number;
  maxMemory: number;
  step: number;
  candidates?: number[];
  cpuFraction?: number;
  invocationsPerMonth?: number;
  functionTimeout?: number;
  runtime?: string;
  architecture?: Architecture;
  region?: string;
  pricePerGbSecond?: number;
  pricePerRequest?: number;
  coldStartInitP95: number;
  coldStartInitShare: number;
  timeoutNearShare: number;
  timeoutFarRatio: number;
  extensionOverheadShare: number;
  color: boolean;
  debug?: boolean;
  qualifier?: string;
  profile?: string;
  endpointUrl?: string;
  since?: string;
  start?: string;
  end?: string;
  source: LiveOptions['source'];
  timeout?: number;
  queryTimeout?: number;
  all?: boolean;
  prefix?: string[];
  tag?: { key: string; value: string }[];
  exclude?: string[];
  regions?: string[];
  concurrency: number;
}

/** Translates command-line options into analysis options, checking combinations commander cannot. */
export function toAnalysisOptions(options: AnalyzeCommandOptions): AnalysisOptions {
  if (options.minMemory > options.maxMemory) {
    throw new UsageError(
      `--min-memory ${options.minMemory} is above --max-memory ${options.maxMemory}; give a smaller --min-memory or a larger --max-memory.`,
    );
  }
  return {
    ...DEFAULT_ANALYSIS_OPTIONS,
    strategy: options.strategy,
    balancedCostWeight: options.balancedWeight,
    headroomPercent: options.headroom,
    maxP95Ms: options.maxP95 ?? null,
    minInvocations: options.minInvocations,
    candidateSizesMb: options.candidates ?? null,
    minMemoryMb: options.minMemory,
    maxMemoryMb: options.maxMemory,
    stepMb: options.step,
    cpuFraction: options.cpuFraction ?? null,
    invocationsPerMonth: options.invocationsPerMonth ?? null,
    timeoutSeconds: options.functionTimeout ?? null,
    coldStartInitP95Ms: options.coldStartInitP95,
    coldStartInitBilledShare: options.coldStartInitShare,
    timeoutNearShare: options.timeoutNearShare,
    timeoutFarAboveRatio: options.timeoutFarRatio,
    extensionOverheadShare: options.extensionOverheadShare,
    prices: {
      architecture: options.architecture,
      region: options.region,
      pricePerGbSecondUsd: options.pricePerGbSecond,
      pricePerRequestUsd: options.pricePerRequest,
    },
  };
}

export async function runAnalyze(functions: string[], options: AnalyzeCommandOptions, io: CliIo): Promise<number> {
  const analysisOptions = toAnalysisOptions(options);
  // NDJSON to stdout streams one line per function as it finishes; every other format
  // (and any --output file) is written once the run is complete.
  const streaming = options.format === 'ndjson' && options.output === undefined;
  const onAnalysis = (analysis: Analysis): void => {
    if (streaming) io.stdout.write(renderNdjsonLine(analysis));
  };

  let report: ReportSet;
  let runExitCode: number = ExitCode.ok;
  if (isFleetRun(options)) {
    checkFleetOptions(functions, options);
    // The AWS SDK is loaded only here, so --help and --logs runs start without it.
    const { runFleetAnalysis } = await import('./fleet.js');
    const outcome = await runFleetAnalysis(fleetOptions(functions, options), analysisOptions, io, onAnalysis);
    report = { analyses: outcome.analyses, failures: outcome.failures, idle: outcome.idle, fleet: true };
    runExitCode = outcome.exitCode;
  } else if (options.logs === undefined || options.logs.length === 0) {
    if (functions.length === 0) {
      throw new UsageError('Nothing to analyze: pass --logs FILE... (REPORT logs) or a function name.');
    }
    // The AWS SDK is loaded only here, so --help and --logs runs start without it.
    const { runLiveAnalysis } = await import('./live-analysis.js');
    const outcome = await runLiveAnalysis(functions, liveOptions(options), analysisOptions, io, onAnalysis);
    report = { analyses: outcome.analyses, failures: outcome.failures };
    runExitCode = outcome.exitCode;
  } else {
    if (functions.length > 0) {
      throw new UsageError(`Pass either function names or --logs, not both (got ${functions.join(', ')} and --logs).`);
    }
    rejectLiveOnlyOptions(options);
    const observations = await readReportLogs(options.logs, { functionName: options.functionName, stdin: io.stdin });
    if (options.runtime !== undefined && observations.configuration.runtime === undefined) {
      observations.configuration.runtime = options.runtime;
    }
    const analysis = analyzeFunction(observations, analysisOptions);
    onAnalysis(analysis);
    report = { analyses: [analysis], failures: [] };
  }

  if (streaming) {
    for (const failure of report.failures) io.stdout.write(renderNdjsonFailure(failure));
  } else if (report.analyses.length > 0 || report.failures.length > 0 || report.fleet === true) {
    // A file is not a terminal, so a table written to one has no colour.
    const color = options.output === undefined && useColor(io, options.color);
    await writeReport(renderReport(options.format, report, { color }), options.output, io);
  }
  return runExitCode !== ExitCode.ok ? runExitCode : exitCodeFor(report, options, io);
}

/** Options that only live analysis reads; with --logs they would be ignored silently. */
const LIVE_ONLY_OPTIONS = [
  ['qualifier', '--qualifier'],
  ['profile', '--profile'],
  ['endpointUrl', '--endpoint-url'],
  ['since', '--since'],
  ['start', '--start'],
  ['end', '--end'],
] as const;

function rejectLiveOnlyOptions(options: AnalyzeCommandOptions): void {
  const given = LIVE_ONLY_OPTIONS.filter(([key]) => options[key] !== undefined).map(([, flag]) => flag);
  if (given.length > 0) {
    throw new UsageError(
      `${given.join(', ')} ${given.length === 1 ? 'applies' : 'apply'} to live analysis only; remove ${given.length === 1 ? 'it' : 'them'}, or analyze a function name instead of --logs.`,
    );
  }
}

/** Writes the report to stdout, or atomically to --output so that a reader never sees half a report. */
export async function writeReport(text: string, output: string | undefined, io: CliIo): Promise<void> {
  if (output === undefined) {
    io.stdout.write(text);
  } else {
    await writeFileAtomically(output, text);
  }
}

/** Exit code 4 when a function failed, else 3 when a finding matched --fail-on, else 0. */
export function exitCodeFor(report: ReportSet, options: Pick<AnalyzeCommandOptions, 'failOn'>, io: CliIo): number {
  if (report.failures.length > 0) return ExitCode.partialFailure;
  const matches = options.failOn === undefined ? [] : matchFailOn(report, options.failOn);
  if (matches.length > 0) {
    io.stderr.write(`lambda-memory-advisor: --fail-on matched ${matches.join('; ')}\n`);
    return ExitCode.findingMatched;
  }
  return ExitCode.ok;
}

/** Returns whether the run is a fleet audit: any run with --all, --prefix, --tag, --exclude or --regions. */
export function isFleetRun(options: AnalyzeCommandOptions): boolean {
  return options.all === true || options.prefix !== undefined || options.tag !== undefined || options.exclude !== undefined || options.regions !== undefined;
}

function checkFleetOptions(functions: string[], options: AnalyzeCommandOptions): void {
  if (options.logs !== undefined && options.logs.length > 0) {
    throw new UsageError('--logs reads one function’s log files; it cannot be combined with --all, --prefix, --tag, --exclude or --regions.');
  }
  if (options.qualifier !== undefined) {
    throw new UsageError('--qualifier applies to one function; a fleet audit reads each function’s $LATEST configuration. Drop --qualifier.');
  }
  if (options.region !== undefined && options.regions !== undefined) {
    throw new UsageError(`pass either --region ${options.region} or --regions ${options.regions.join(',')}, not both.`);
  }
  if (options.all !== true && functions.length === 0 && options.prefix === undefined && options.tag === undefined) {
    throw new UsageError('Nothing to audit: add --all, --prefix PREFIX, --tag KEY=VALUE or function names to choose the functions.');
  }
}

function fleetOptions(functions: string[], options: AnalyzeCommandOptions): FleetOptions {
  return {
    ...liveOptions(options),
    selection: { all: options.all === true, names: functions, prefixes: options.prefix ?? [], tags: options.tag ?? [], excludes: options.exclude ?? [] },
    ...(options.regions !== undefined ? { regions: options.regions } : {}),
    concurrency: options.concurrency,
  };
}

function liveOptions(options: AnalyzeCommandOptions): LiveOptions {
  return {
    source: options.source,
    qualifier: options.qualifier,
    region: options.region,
    profile: options.profile,
    endpointUrl: options.endpointUrl,
    since: options.since,
    start: options.start,
    end: options.end,
    timeoutSeconds: options.timeout,
    queryTimeoutSeconds: options.queryTimeout,
    debug: options.debug,
  };
}
