import type { Analysis, Strategy } from '../analysis/analysis.js';
import { analyzeFunction } from '../analysis/analyze.js';
import type { Architecture } from '../analysis/observations.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../analysis/options.js';
import { ExitCode, UsageError } from '../errors.js';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { renderTable } from '../report/table.js';
import { readReportLogs } from '../sources/report-log/index.js';
import { useColor, type CliIo } from './io.js';
import { writeFileAtomically } from './output-file.js';

/** The options of `analyze` as commander parses them. */
export interface AnalyzeCommandOptions {
  logs?: string[];
  functionName?: string;
  format: 'table' | 'json' | 'html';
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
  architecture?: Architecture;
  region?: string;
  pricePerGbSecond?: number;
  pricePerRequest?: number;
  color: boolean;
  debug?: boolean;
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
  if (options.logs === undefined || options.logs.length === 0) {
    if (functions.length === 0) {
      throw new UsageError('Nothing to analyze: pass --logs FILE... (REPORT logs) or a function name.');
    }
    throw new UsageError(
      `Live analysis of ${functions.join(', ')} is not available in this build; export the function's REPORT lines and pass --logs FILE.`,
    );
  }
  if (functions.length > 0) {
    throw new UsageError(`Pass either function names or --logs, not both (got ${functions.join(', ')} and --logs).`);
  }

  const observations = await readReportLogs(options.logs, { functionName: options.functionName, stdin: io.stdin });
  const analysis = analyzeFunction(observations, analysisOptions);

  const report = renderReport(analysis, options, io);
  if (options.output === undefined) {
    io.stdout.write(report);
  } else {
    await writeFileAtomically(options.output, report);
  }
  return ExitCode.ok;
}

function renderReport(analysis: Analysis, options: AnalyzeCommandOptions, io: CliIo): string {
  switch (options.format) {
    case 'json':
      return renderJson(analysis);
    case 'html':
      return renderHtml([analysis]);
    case 'table':
      // A file is not a terminal, so the table goes there without colour.
      return renderTable(analysis, { color: options.output === undefined && useColor(io, options.color) });
  }
}
