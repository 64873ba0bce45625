/**
 * The log parser: reads log text line by line and feeds REPORT lines, platform.report
 * records, timeout and OOM lines into an `InvocationCollector`.
 *
 * The scanner jumps between marker strings with `Buffer.indexOf` and decodes only the
 * lines that contain one. Every other line is counted as skipped without being decoded.
 */

import type { ParseStatistics } from '../../analysis/observations.js';
import { InvocationCollector, type InvocationRecord } from '../invocations.js';
import { handleJsonValue, type RecordContext } from './json-records.js';
import { countNewlines } from './newlines.js';
import {
  emptyReportFields,
  findRequestId,
  hasRequiredFields,
  missingFieldName,
  readReportFields,
  readReportLine,
  statusFromText,
  type ReportFields,
} from './report-fields.js';
import { reportProblem } from './report-checks.js';
import { functionNameFromLogGroup, parseLinePrefix, runtimeFromVersion } from './timestamps.js';

const NEWLINE = 10;
const COLON = 58;

const REPORT_MARKER = Buffer.from('REPORT RequestId:');
const PLATFORM_REPORT_MARKER = Buffer.from('platform.report');
const TIMEOUT_MARKER = Buffer.from('Task timed out');
const SIGNAL_KILLED_MARKER = Buffer.from('signal: killed');
const OUT_OF_MEMORY_MARKER = Buffer.from('Runtime.OutOfMemory');
const INIT_REPORT_MARKER = Buffer.from('INIT_REPORT');
const RUNTIME_VERSION_MARKER = Buffer.from('Runtime Version:');
const PLATFORM_INIT_MARKER = Buffer.from('"platform.init');

/**
 * A string searched for in the whole input, and the markers it stands for. A line is
 * decoded when it contains one of the markers; an empty list means the needle is itself
 * the marker.
 */
interface MarkerSearch {
  needle: Buffer;
  markers: Buffer[];
}

/**
 * Every string that makes a line worth decoding, found with one pass per needle.
 *
 * A pass costs little per byte when the needle is at most 6 bytes long and starts with a
 * byte that is rare in logs, because Buffer.indexOf then runs memchr on the first byte.
 * Needles of 7 bytes or more switch to Boyer-Moore, about 300 ms per pass over 500 MB
 * (Node 20, bench/ scan benchmark). So each rare marker is found through a short, rare
 * part of it, and the line is then checked for the whole marker.
 */
const MARKER_SEARCHES: MarkerSearch[] = [
  { needle: REPORT_MARKER, markers: [] },
  { needle: Buffer.from('_REPORT'), markers: [INIT_REPORT_MARKER] },
  { needle: Buffer.from('platf'), markers: [PLATFORM_REPORT_MARKER, PLATFORM_INIT_MARKER] },
  { needle: Buffer.from('k tim'), markers: [TIMEOUT_MARKER] },
  { needle: Buffer.from('killed'), markers: [SIGNAL_KILLED_MARKER] },
  { needle: Buffer.from('Runtime'), markers: [RUNTIME_VERSION_MARKER, OUT_OF_MEMORY_MARKER] },
];

/** Field names that may start a continuation line of a REPORT split one field per line. */
const CONTINUATION_FIELDS = new Set([
  'Duration',
  'Billed Duration',
  'Memory Size',
  'Max Memory Used',
  'Init Duration',
  'Restore Duration',
  'Billed Restore Duration',
  'Status',
  'Error Type',
  'XRAY TraceId',
]);

/** State that belongs to one input file. */
interface InputState {
  label: string;
  lineNumber: number;
  /** Index of the last REPORT's invocation in the collector, -1 for none or a duplicate. */
  lastReportIndex: number;
  lastReportSizeMb: number | undefined;
  /** Line number of the last OOM line, so that consecutive OOM lines count one kill. */
  lastOomLine: number;
  /** A REPORT whose fields continue on the following lines. */
  splitReport: { fields: ReportFields; context: RecordContext; line: number } | undefined;
}

/** Reads log text and JSON records from any number of inputs into one collector. */
export class ReportLogParser {
  /** The timeout setting stated by `Task timed out after N seconds` lines, in seconds. */
  observedTimeoutSeconds: number | undefined = undefined;

  readonly collector = new InvocationCollector();
  readonly stats: ParseStatistics = {
    linesRead: 0,
    reportLines: 0,
    linesSkipped: 0,
    malformedReports: 0,
    duplicateReports: 0,
  };
  functionName: string | undefined;
  runtime: string | undefined;

  private firstProblem: string | undefined;
  private prettyPrintedRecords = 0;
  private readonly initFailures = new Map<string, number>();
  private oomKillsWithoutRequestId = 0;
  private readonly extraNotes: string[] = [];
  private input: InputState = newInputState('input');

  beginInput(label: string): void {
    this.input = newInputState(label);
  }

  endInput(): void {
    this.finishSplitReport();
  }

  /** Adds a telemetry note that is not a count (for example a file read a second way). */
  addNote(note: string): void {
    this.extraNotes.push(note);
  }

  /**
   * Scans the lines in `buf[start, end)`. The range must end with a newline, which also
   * bounds every search: a truncated last line gets one from the caller.
   *
   * NOTE: `npm run bench` measures this scanner end to end (docs/benchmarks.md). What is
   * left in its profile is the marker passes of Buffer.indexOf and REPORT field parsing.
   */
  scanLines(buf: Buffer, start: number, end: number, context: RecordContext = {}): void {
    const next = MARKER_SEARCHES.map((search) => findFrom(buf, search.needle, start, end));
    let position = start;
    while (position < end) {
      let needleAt = Infinity;
      for (const at of next) if (at < needleAt) needleAt = at;

      if (this.input.splitReport !== undefined) {
        // A split REPORT continues on lines that carry no marker, so read line by line.
        const lineEnd = buf.indexOf(NEWLINE, position);
        this.handleLine(buf, position, lineEnd, context);
        position = lineEnd + 1;
      } else if (needleAt === Infinity) {
        this.skipLines(buf, position, end);
        break;
      } else {
        // lastIndexOf with a negative offset counts from the end, so never pass one.
        const lineStart = needleAt > position ? Math.max(position, buf.lastIndexOf(NEWLINE, needleAt - 1) + 1) : position;
        if (lineStart > position) this.skipLines(buf, position, lineStart);
        const lineEnd = buf.indexOf(NEWLINE, needleAt);
        if (hasMarker(buf, lineStart, lineEnd, next)) this.handleLine(buf, lineStart, lineEnd, context);
        else this.skipLines(buf, lineStart, lineEnd + 1);
        position = lineEnd + 1;
      }

      for (let k = 0; k < next.length; k++) {
        const search = MARKER_SEARCHES[k];
        if (search !== undefined && (next[k] ?? Infinity) < position) next[k] = findFrom(buf, search.needle, position, end);
      }
    }
  }

  /** Processes one log event message (CloudWatch event, Logs Insights `@message`). */
  scanMessage(message: string, context: RecordContext): void {
    const buf = Buffer.from(message.endsWith('\n') ? message : `${message}\n`, 'utf8');
    // The message's lines are numbered from the line that carried it, and the count
    // returns to that line afterwards.
    const carrierLine = this.input.lineNumber;
    this.input.lineNumber = carrierLine - 1;
    this.scanLines(buf, 0, buf.length, context);
    this.input.lineNumber = carrierLine;
  }

  /** Counts a JSON record that is not a report or platform record. */
  countSkippedRecord(): void {
    this.stats.linesRead++;
    this.stats.linesSkipped++;
  }

  countPlatformRecord(): void {
    this.stats.linesRead++;
  }

  countInitFailure(errorType: string | undefined): void {
    const key = errorType ?? 'no error type';
    this.initFailures.set(key, (this.initFailures.get(key) ?? 0) + 1);
  }

  noteLogGroup(logGroup: string): void {
    this.functionName ??= functionNameFromLogGroup(logGroup);
  }

  noteRuntimeVersion(runtimeVersion: string): void {
    this.runtime ??= runtimeFromVersion(runtimeVersion);
  }

  /** Counts a report that cannot be used and keeps the first reason for the notes. */
  countMalformedReport(problem: string): void {
    this.stats.linesRead++;
    this.stats.reportLines++;
    this.stats.malformedReports++;
    const location = this.input.lineNumber > 0 ? `line ${this.input.lineNumber}` : 'a JSON record';
    this.firstProblem ??= `${this.input.label} ${location}: ${problem}`;
  }

  /**
   * Adds a parsed report. Returns the collector's index, or -1 for a duplicate request id
   * or a report with a value out of range, which is counted as malformed.
   */
  addReport(invocation: InvocationRecord): number {
    const problem = reportProblem(invocation);
    if (problem !== undefined) {
      this.countMalformedReport(problem);
      return -1;
    }
    this.stats.linesRead++;
    this.stats.reportLines++;
    const index = this.collector.add(invocation, invocation.logStream === undefined ? this.input.label : undefined);
    if (index < 0) this.stats.duplicateReports++;
    this.input.lastReportIndex = index;
    this.input.lastReportSizeMb = invocation.memorySizeMb;
    return index;
  }

  /** Records an OOM kill line (`signal: killed`, `Runtime.OutOfMemory`) outside a REPORT. */
  recordOomLine(requestId: string | undefined): void {
    this.stats.linesRead++;
    const line = this.input.lineNumber;
    const continuesKill = line === this.input.lastOomLine + 1;
    this.input.lastOomLine = line;
    if (requestId !== undefined) {
      this.collector.markOom(requestId);
      return;
    }
    // `Error: Runtime exited with error: signal: killed` followed by `Runtime.ExitError`
    // or `Runtime.OutOfMemory` on the next line describes one kill.
    if (continuesKill) return;

    // Without a request id, the kill belongs to the invocation of the REPORT before it
    // when that REPORT ended in an error. Otherwise it belongs to an invocation whose
    // REPORT is missing, counted at the memory size of the REPORT before it.
    const index = this.input.lastReportIndex;
    if (index >= 0 && this.collector.isOom(index)) return;
    if (index >= 0 && this.collector.isErrorWithoutOom(index)) {
      this.collector.markOomAt(index);
      return;
    }
    if (this.input.lastReportSizeMb !== undefined) {
      this.oomKillsWithoutRequestId++;
      this.collector.markOom(undefined, this.input.lastReportSizeMb);
      return;
    }
    this.collector.markOom();
  }

  recordTimeoutLine(text: string): void {
    this.stats.linesRead++;
    this.collector.markTimeout(findRequestId(text));

    // `Task timed out after 120.00 seconds` states the function's timeout setting.
    const seconds = /timed out after ([\d.]+) seconds/.exec(text)?.[1];
    if (seconds !== undefined && Number.isFinite(Number(seconds))) {
      this.observedTimeoutSeconds = Math.max(this.observedTimeoutSeconds ?? 0, Number(seconds));
    }
  }

  /** Plain sentences about what the parser skipped or could not attribute. */
  telemetryNotes(): string[] {
    const notes: string[] = [];
    const { malformedReports, duplicateReports } = this.stats;
    if (malformedReports > 0) {
      notes.push(
        `${malformedReports} ${plural(malformedReports, 'line looked like a REPORT line', 'lines looked like REPORT lines')} but could not be parsed (first: ${this.firstProblem ?? 'unknown'}).`,
      );
    }
    if (duplicateReports > 0) {
      notes.push(
        `${duplicateReports} ${plural(duplicateReports, 'report repeated a request id', 'reports repeated request ids')} already read and ${plural(duplicateReports, 'was', 'were')} counted once (overlapping exports).`,
      );
    }
    if (this.prettyPrintedRecords > 0) {
      notes.push(
        `${this.prettyPrintedRecords} pretty-printed platform.report ${plural(this.prettyPrintedRecords, 'record', 'records')} inside a text log ${plural(this.prettyPrintedRecords, 'was', 'were')} skipped: pass one record per line (jq -c).`,
      );
    }
    for (const [errorType, count] of this.initFailures) {
      notes.push(
        `${count} INIT_REPORT ${plural(count, 'record reports', 'records report')} a failed init (${errorType}); failed inits are not invocations and carry no REPORT figures.`,
      );
    }
    if (this.oomKillsWithoutRequestId > 0) {
      notes.push(
        `${this.oomKillsWithoutRequestId} OOM ${plural(this.oomKillsWithoutRequestId, 'kill line has', 'kill lines have')} no request id and no matching REPORT; ${plural(this.oomKillsWithoutRequestId, 'it was', 'each was')} counted at the memory size of the REPORT line before it.`,
      );
    }
    const { unattributedTimeouts, unattributedOomKills } = this.collector;
    if (unattributedTimeouts > 0) {
      notes.push(
        `${unattributedTimeouts} "Task timed out" ${plural(unattributedTimeouts, 'line', 'lines')} could not be tied to a REPORT line.`,
      );
    }
    if (unattributedOomKills > 0) {
      notes.push(`${unattributedOomKills} OOM ${plural(unattributedOomKills, 'kill', 'kills')} could not be tied to a REPORT line.`);
    }
    return [...notes, ...this.extraNotes];
  }

  private skipLines(buf: Buffer, from: number, to: number): void {
    const count = countNewlines(buf, from, to);
    this.input.lineNumber += count;
    this.stats.linesRead += count;
    this.stats.linesSkipped += count;
  }

  /** Classifies one line `buf[start, end)` (without its newline) and handles it. */
  private handleLine(buf: Buffer, start: number, end: number, context: RecordContext): void {
    this.input.lineNumber++;
    const line = buf.subarray(start, end);

    if (this.input.splitReport !== undefined) {
      if (this.continueSplitReport(line)) return;
      this.finishSplitReport();
    }

    if (this.tryJsonLine(line, context)) return;

    const reportAt = line.indexOf(REPORT_MARKER);
    if (reportAt >= 0) {
      this.handleReportLine(line, reportAt, context);
      return;
    }
    if (line.indexOf(PLATFORM_REPORT_MARKER) >= 0 && line.indexOf('"type"') >= 0) {
      // A fragment of a pretty-printed JSON record inside a text log.
      this.prettyPrintedRecords++;
      this.countSkippedRecord();
      return;
    }
    if (line.indexOf(TIMEOUT_MARKER) >= 0) {
      this.recordTimeoutLine(line.toString('latin1'));
      return;
    }
    if (line.indexOf(SIGNAL_KILLED_MARKER) >= 0 || line.indexOf(OUT_OF_MEMORY_MARKER) >= 0) {
      this.recordOomLine(findRequestId(line.toString('latin1')));
      return;
    }
    const initReportAt = line.indexOf(INIT_REPORT_MARKER);
    if (initReportAt >= 0) {
      this.handleInitReportLine(line, initReportAt + INIT_REPORT_MARKER.length);
      return;
    }
    const runtimeAt = line.indexOf(RUNTIME_VERSION_MARKER);
    if (runtimeAt >= 0) {
      const versionStart = runtimeAt + RUNTIME_VERSION_MARKER.length;
      const version = line.toString('latin1', versionStart).trim().split(/\s/)[0] ?? '';
      this.noteRuntimeVersion(version);
      this.countPlatformRecord();
      return;
    }
    this.countSkippedRecord();
  }

  /**
   * Handles a line that contains one JSON object (JSON log format, or one CloudWatch event
   * per line, possibly with a trailing comma or a timestamp prefix). Returns false when
   * the line is not a complete JSON object.
   */
  private tryJsonLine(line: Buffer, context: RecordContext): boolean {
    // Check the cheap condition first: a JSON object line ends in `}` or `},`.
    let close = line.length - 1;
    while (close > 0 && (line[close] === 32 || line[close] === 9 || line[close] === 13 || line[close] === 44)) close--;
    if (line[close] !== 125) return false;
    const open = line.indexOf('{');
    if (open < 0 || open > close) return false;

    let value: unknown;
    try {
      value = JSON.parse(line.toString('utf8', open, close + 1));
    } catch {
      return false;
    }
    const prefix = open > 0 ? parseLinePrefix(line.toString('latin1', 0, open)) : {};
    handleJsonValue(this, value, { ...context, ...definedOnly(prefix) });
    return true;
  }

  private handleReportLine(line: Buffer, reportAt: number, context: RecordContext): void {
    const lineContext = { ...context };
    if (reportAt > 0) {
      const prefix = parseLinePrefix(line.toString('latin1', 0, reportAt));
      if (prefix.timestampMs !== undefined) lineContext.timestampMs = prefix.timestampMs;
      if (prefix.logStream !== undefined) lineContext.logStream = prefix.logStream;
      if (prefix.logGroup !== undefined) this.noteLogGroup(prefix.logGroup);
    }
    const fields = readReportLine(line, reportAt + REPORT_MARKER.length, line.length);
    if (fields.problem === undefined && !hasRequiredFields(fields)) {
      this.input.splitReport = { fields, context: lineContext, line: this.input.lineNumber };
      return;
    }
    this.addReportFields(fields, lineContext);
  }

  /** Reads a `Duration: ...` style line into the pending split REPORT; false when it is no such line. */
  private continueSplitReport(line: Buffer): boolean {
    const split = this.input.splitReport;
    if (split === undefined) return false;
    let start = 0;
    while (start < line.length && (line[start] === 32 || line[start] === 9)) start++;
    const colon = line.indexOf(COLON, start);
    if (colon < 0) return false;
    if (!CONTINUATION_FIELDS.has(line.toString('latin1', start, colon).trimEnd())) return false;
    readReportFields(line, start, line.length, split.fields);
    this.stats.linesRead++;
    // Optional fields (Init Duration, Status) may follow the required ones, so the
    // report ends at the first line that is not a field line.
    if (split.fields.problem !== undefined) this.finishSplitReport();
    return true;
  }

  private finishSplitReport(): void {
    const split = this.input.splitReport;
    if (split === undefined) return;
    this.input.splitReport = undefined;
    const currentLine = this.input.lineNumber;
    this.input.lineNumber = split.line;
    this.addReportFields(split.fields, split.context);
    this.input.lineNumber = currentLine;
  }

  private addReportFields(fields: ReportFields, context: RecordContext): void {
    if (fields.problem !== undefined || !hasRequiredFields(fields)) {
      this.countMalformedReport(fields.problem ?? `${missingFieldName(fields) ?? 'a field'} is missing`);
      return;
    }
    const invocation: InvocationRecord = {
      durationMs: fields.durationMs,
      billedDurationMs: fields.billedDurationMs,
      memorySizeMb: fields.memorySizeMb,
      maxMemoryUsedMb: fields.maxMemoryUsedMb,
      status: statusFromText(fields.status),
    };
    if (fields.requestId !== undefined) invocation.requestId = fields.requestId;
    if (context.timestampMs !== undefined) invocation.timestampMs = context.timestampMs;
    if (context.logStream !== undefined) invocation.logStream = context.logStream;
    if (!Number.isNaN(fields.initDurationMs)) invocation.initDurationMs = fields.initDurationMs;
    if (!Number.isNaN(fields.restoreDurationMs)) invocation.restoreDurationMs = fields.restoreDurationMs;
    if (!Number.isNaN(fields.billedRestoreDurationMs)) invocation.billedRestoreDurationMs = fields.billedRestoreDurationMs;
    if (fields.errorType !== undefined) invocation.errorType = fields.errorType;
    this.addReport(invocation);
  }

  /** `INIT_REPORT Init Duration: 1.49 ms\tPhase: init\tStatus: error\tError Type: Runtime.InvalidEntrypoint` */
  private handleInitReportLine(line: Buffer, fieldsStart: number): void {
    const fields = emptyReportFields();
    readReportFields(line, fieldsStart, line.length, fields);
    this.countPlatformRecord();
    if (fields.status !== undefined && fields.status !== 'success') this.countInitFailure(fields.errorType ?? fields.status);
  }
}

function newInputState(label: string): InputState {
  return { label, lineNumber: 0, lastReportIndex: -1, lastReportSizeMb: undefined, lastOomLine: -2, splitReport: undefined };
}

/**
 * True when the line `buf[lineStart, lineEnd)` contains a whole marker. `next` holds each
 * search's next needle position; only needles found before `lineEnd` can be in the line.
 */
function hasMarker(buf: Buffer, lineStart: number, lineEnd: number, next: number[]): boolean {
  let line: Buffer | undefined;
  for (let k = 0; k < MARKER_SEARCHES.length; k++) {
    const search = MARKER_SEARCHES[k];
    if (search === undefined || (next[k] ?? Infinity) >= lineEnd) continue;
    if (search.markers.length === 0) return true;
    line ??= buf.subarray(lineStart, lineEnd);
    for (const marker of search.markers) if (line.indexOf(marker) >= 0) return true;
  }
  return false;
}

/** Position of `marker` in `buf[from, end)`, or Infinity. */
function findFrom(buf: Buffer, marker: Buffer, from: number, end: number): number {
  const at = buf.indexOf(marker, from);
  return at < 0 || at >= end ? Infinity : at;
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
