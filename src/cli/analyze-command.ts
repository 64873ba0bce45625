import type { Analysis, Strategy } from '../analysis/analysis.js';
import { analyzeFunction } from '../analysis/analyze.js';
import type { Architecture } from '../analysis/observations.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../analysis/options.js';
import { ExitCode, UsageError } from '../errors.js';
import { renderJson } from '../report/json.js';
import { renderTable } from '../report/table.js';
import { readReportLogs } from '../sources/report-log/index.js';
import { useColor, type CliIo } from './io.js';
import type { LiveOptions } from './live-analysis.js';

/** The options of `analyze` as commander parses them. */
export interface AnalyzeCommandOptions {
  logs?: string[];
  functionName?: string;
  format: 'table' | 'json';
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
  architecture?: Architecture;
  region?: string;
  pricePerGbSecond?: number;
  pricePerRequest?: number;
  color: boolean;
  debug?: boolean;
  qualifier?: string;
  profile?: string;
  endpointUrl?: string;
  since?: string;
  start?: string;
  end?: string;
  source: LiveOptions['source'];
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
  const render = (analysis: Analysis): string =>
    options.format === 'json' ? renderJson(analysis) : renderTable(analysis, { color: useColor(io, options.color) });

  if (options.logs === undefined || options.logs.length === 0) {
    if (functions.length === 0) {
      throw new UsageError('Nothing to analyze: pass --logs FILE... (REPORT logs) or a function name.');
    }
    // The AWS SDK is loaded only here, so --help and --logs runs start without it.
    const { runLiveAnalysis } = await import('./live-analysis.js');
    return runLiveAnalysis(functions, liveOptions(options), analysisOptions, io, render);
  }
  if (functions.length > 0) {
    throw new UsageError(`Pass either function names or --logs, not both (got ${functions.join(', ')} and --logs).`);
  }

  const observations = await readReportLogs(options.logs, { functionName: options.functionName, stdin: io.stdin });
  io.stdout.write(render(analyzeFunction(observations, analysisOptions)));
  return ExitCode.ok;
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
    debug: options.debug,
  };
}
