/**
 * The input of the analysis: what a function produced, grouped by memory size.
 *
 * Every source (REPORT log files, CloudWatch metrics, Logs Insights, Lambda Insights)
 * builds one `FunctionObservations`, and the engine reads nothing else. All durations
 * are in milliseconds and all memory figures in MB (Lambda's MB, 1,048,576 bytes).
 */

export type Architecture = 'x86_64' | 'arm64';

export type InvocationStatus = 'success' | 'timeout' | 'error';

/**
 * A figure that few invocations report (Init Duration on cold starts): the ascending
 * indexes of the invocations that reported it, and the value of each.
 */
export interface SparseSamples {
  indexes: Uint32Array;
  valuesMs: Float64Array;
}

/**
 * Per-invocation figures at one memory size, one array entry per invocation.
 * `NaN` marks a figure the invocation did not report (for example a timestamp in a log
 * shape that carries none).
 *
 * Every entry is the figure itself in the unit named, whatever the array type. To keep
 * millions of invocations in memory, a source may store whole numbers in an integer array.
 */
export interface InvocationSamples {
  durationMs: Float64Array;
  /** Billed Duration as reported, which includes INIT on cold starts where INIT is billed. */
  billedDurationMs: Float64Array | Uint32Array | Uint16Array;
  /** Init Duration of the cold starts only; warm starts have no entry. */
  initDurationMs: SparseSamples;
  /** Max Memory Used: the execution environment's running maximum, not this request's own peak. */
  maxMemoryUsedMb: Float64Array | Uint16Array;
  /** Epoch milliseconds, NaN when the input carried no timestamp. Empty when no invocation carried one. */
  timestampMs: Float64Array;
}

/** Returns the value of `samples` at invocation `index`, or NaN when that invocation has none. */
export function sparseValueAt(samples: SparseSamples, index: number): number {
  let low = 0;
  let high = samples.indexes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((samples.indexes[middle] as number) < index) low = middle + 1;
    else high = middle;
  }
  return samples.indexes[low] === index ? (samples.valuesMs[low] as number) : Number.NaN;
}

/** Builds sparse samples from one value per invocation, NaN where there is none. */
export function sparseFromDense(values: ArrayLike<number>): SparseSamples {
  const indexes: number[] = [];
  const valuesMs: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isNaN(value)) continue;
    indexes.push(i);
    valuesMs.push(value);
  }
  return { indexes: Uint32Array.from(indexes), valuesMs: Float64Array.from(valuesMs) };
}

/** Expands sparse samples to one value per invocation, NaN where there is none. */
export function denseFromSparse(samples: SparseSamples, length: number): Float64Array {
  const values = new Float64Array(length).fill(Number.NaN);
  samples.indexes.forEach((index, k) => {
    values[index] = samples.valuesMs[k] as number;
  });
  return values;
}

/** Duration statistics that a source computed itself (CloudWatch percentiles) when it has no samples. */
export interface DurationSummary {
  count: number;
  meanMs: number;
  p50Ms?: number;
  p90Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  maxMs?: number;
  /** Mean Billed Duration, when the source reports it (Logs Insights does, CloudWatch metrics do not). */
  billedMeanMs?: number;
}

export interface MemoryUsedSummary {
  p50Mb?: number;
  p95Mb?: number;
  maxMb: number;
}

/** Everything observed while the function ran at one memory size. */
export interface MemorySizeObservation {
  memorySizeMb: number;
  /** Number of invocations seen at this size (REPORT lines, or the Invocations metric). */
  invocations: number;
  /** Per-invocation figures, when the source has them. The engine prefers them to `durationSummary`. */
  samples?: InvocationSamples;
  /** Source-computed statistics, used when `samples` is absent. */
  durationSummary?: DurationSummary;
  /** Source-computed Max Memory Used statistics, used when `samples` is absent. */
  memoryUsedSummary?: MemoryUsedSummary;
  /** Cold starts: invocations that reported an Init Duration (or Restore Duration under SnapStart). */
  coldStarts: number;
  /** Init Duration percentiles when the source computed them and `samples` is absent. */
  initDurationSummary?: { p50Ms: number; p95Ms: number };
  timeouts: number;
  /** Invocations that ended with Status: error (timeouts and OOM kills excluded). */
  errors: number;
  /** OOM kills: signal: killed, Runtime.OutOfMemory, or Max Memory Used equal to Memory Size. */
  oomKills: number;
  /** Sum of `extensionOverhead` spans from JSON-format reports, in ms, and how many reports had one. */
  extensionOverheadMsTotal: number;
  extensionOverheadCount: number;
  /** Max Memory Used rose within one execution environment (one log stream), when streams are known. */
  memoryGrowthStreams?: number;
  firstTimestampMs?: number;
  lastTimestampMs?: number;
}

/** Facts from the function's configuration, as far as the source reports them. */
export interface FunctionConfigurationFacts {
  functionName: string;
  /** The configured memory size now. For log files: the size of the latest invocation. */
  memorySizeMb?: number;
  timeoutSeconds?: number;
  architecture?: Architecture;
  runtime?: string;
  region?: string;
  packageType?: string;
  lastModified?: string;
  /** Only GOGC, GOMEMLIMIT and GOMAXPROCS are ever read; other variables may hold secrets. */
  goEnvironment?: { GOGC?: string; GOMEMLIMIT?: string; GOMAXPROCS?: string };
  /** Lambda Managed Instances are billed per instance, not per GB-second. */
  managedInstances?: boolean;
  snapStart?: boolean;
  logFormat?: string;
  logGroup?: string;
  systemLogLevel?: string;
}

/** Origin of the figures, shown in the report's assumptions. */
export interface ObservationSource {
  kind: 'logs' | 'aws';
  /** Log file paths, or the AWS operations and namespaces read. */
  detail: string[];
}

/** Counts of what a log parser read, kept so that a report can state what it skipped. */
export interface ParseStatistics {
  linesRead: number;
  reportLines: number;
  /** Lines that were neither REPORT lines nor timeout, OOM or platform records. */
  linesSkipped: number;
  /** REPORT lines or records that looked like a report but could not be parsed. */
  malformedReports: number;
  /** Reports whose request id had been seen already (overlapping exports). */
  duplicateReports: number;
}

export interface FunctionObservations {
  configuration: FunctionConfigurationFacts;
  source: ObservationSource;
  /** One entry per memory size seen in the window, ascending by size. */
  sizes: MemorySizeObservation[];
  /** Timeouts that no REPORT line could be tied to (a `Task timed out` line without a request id). */
  unattributedTimeouts: number;
  /** OOM kills that no REPORT line could be tied to (`signal: killed` with no request id). */
  unattributedOomKills: number;
  /**
   * The timeout setting read from a `Task timed out after 120.00 seconds` line, for sources
   * that do not know the configuration. Used only when neither the configuration nor
   * --function-timeout gives the setting.
   */
  observedTimeoutSeconds?: number;
  /** Epoch milliseconds of the window covered, when known. */
  windowStartMs?: number;
  windowEndMs?: number;
  parse?: ParseStatistics;
  /** Lambda Insights CPU time over Duration, the model's second most trusted source of the CPU-bound fraction. */
  cpuFractionFromInsights?: number;
  /** Plain statements about missing or partial telemetry, shown as warnings in every report. */
  telemetryNotes: string[];
}
