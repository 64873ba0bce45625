/**
 * Reads Lambda REPORT telemetry from log files in every shape people have them: text
 * REPORT lines with any prefix, JSON log format platform.report records, CloudWatch Logs
 * event JSON, Logs Insights GetQueryResults JSON, gzip-compressed or not.
 */

import { basename } from 'node:path';

import type { FunctionObservations } from '../../analysis/observations.js';
import { UsageError } from '../../errors.js';
import { readInput } from './input.js';
import { ReportLogParser } from './parser.js';

export interface ReadLogsOptions {
  /** Function name to report; by default taken from the logs or the first file name. */
  functionName?: string;
  /** Stream read for the path `-`; process.stdin by default. */
  stdin?: NodeJS.ReadableStream;
}

/**
 * Reads REPORT lines and records from `paths` (`-` is standard input) into one
 * `FunctionObservations`, one entry per memory size.
 * Throws `UsageError` for an unreadable input, a broken gzip stream, or inputs without
 * any REPORT line.
 */
export async function readReportLogs(paths: string[], options: ReadLogsOptions = {}): Promise<FunctionObservations> {
  if (paths.length === 0) throw new UsageError('cannot read logs: no log file given. Pass one or more paths, or - for standard input.');

  const parser = new ReportLogParser();
  for (const path of paths) await readInput(path, parser, options.stdin);

  if (parser.collector.count === 0 && parser.stats.duplicateReports === 0) throw noReportError(paths, parser);

  const runtime = parser.runtime;
  const observations = parser.collector.build({
    functionName: options.functionName ?? parser.functionName ?? nameFromPath(paths[0] ?? '-'),
    ...(runtime !== undefined ? { runtime } : {}),
    source: { kind: 'logs', detail: [...paths] },
    parse: { ...parser.stats },
    telemetryNotes: parser.telemetryNotes(),
  });
  if (parser.observedTimeoutSeconds !== undefined) observations.observedTimeoutSeconds = parser.observedTimeoutSeconds;
  return observations;
}

function noReportError(paths: string[], parser: ReportLogParser): UsageError {
  const names = paths.map((path) => (path === '-' ? 'standard input' : path)).join(', ');
  const { malformedReports } = parser.stats;
  if (malformedReports > 0) {
    // Every note goes on the one line: the cause may be in a later one (JSON that was
    // cut short and read line by line, failed inits).
    const notes = parser.telemetryNotes().join(' ');
    return new UsageError(`no usable REPORT line in ${names}: ${notes === '' ? `${malformedReports} could not be parsed.` : notes}`);
  }
  return new UsageError(
    `no REPORT line found in ${names}: expected "REPORT RequestId: ... Duration: ... ms" text lines or JSON platform.report records. ` +
      'With LoggingConfig SystemLogLevel=WARN Lambda writes no REPORT lines; set it to INFO to get them.' +
      parser
        .telemetryNotes()
        .map((note) => ` ${note}`)
        .join(''),
  );
}

/** The file's base name without any extension: `orders-api.report.log.gz` -> `orders-api`. */
function nameFromPath(path: string): string {
  if (path === '-') return 'stdin';
  const name = basename(path);
  const dot = name.indexOf('.', 1);
  return dot < 0 ? name : name.slice(0, dot);
}
