/**
 * JSON shapes of Lambda telemetry: JSON log format platform records, CloudWatch Logs
 * events (`filter-log-events`, `get-log-events`, subscription payloads) and Logs
 * Insights GetQueryResults rows.
 */

import type { InvocationRecord } from '../invocations.js';
import type { ReportLogParser } from './parser.js';
import { statusFromText } from './report-fields.js';
import { parseIsoTimestamp } from './timestamps.js';

/** Context that the surrounding event or line prefix gives the records inside it. */
export interface RecordContext {
  timestampMs?: number;
  logStream?: string;
}

/**
 * Logs Insights returns `@memorySize` and `@maxMemoryUsed` as MB × 1,000,000 (for
 * example "1024000000" for 1024 MB), not as bytes, so they are divided by 1e6.
 */
const LOGS_INSIGHTS_MEMORY_DIVISOR = 1e6;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Reads an event timestamp: epoch ms as a number, or an ISO string. */
function timestampOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const ms = parseIsoTimestamp(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Dispatches one parsed JSON value of any supported shape. */
export function handleJsonValue(parser: ReportLogParser, value: unknown, context: RecordContext): void {
  if (Array.isArray(value)) {
    for (const element of value) handleJsonValue(parser, element, context);
    return;
  }
  if (!isObject(value)) {
    parser.countSkippedRecord();
    return;
  }

  const type = stringField(value, 'type');
  if (type?.startsWith('platform.')) {
    handlePlatformRecord(parser, type, value, context);
    return;
  }
  if (Array.isArray(value.results)) {
    handleLogsInsightsResults(parser, value.results);
    return;
  }
  const message = stringField(value, 'message');
  if (message !== undefined) {
    handleLogEvent(parser, value, message, context);
    return;
  }
  handleContainer(parser, value, context);
}

/** An object that wraps events: `{"events": [...]}`, `{"logGroup", "logStream", "logEvents": [...]}`. */
function handleContainer(parser: ReportLogParser, value: JsonObject, context: RecordContext): void {
  const logGroup = stringField(value, 'logGroupName') ?? stringField(value, 'logGroup');
  if (logGroup !== undefined) parser.noteLogGroup(logGroup);
  const logStream = stringField(value, 'logStreamName') ?? stringField(value, 'logStream');
  const innerContext = logStream !== undefined ? { ...context, logStream } : context;

  let handled = false;
  for (const entry of Object.values(value)) {
    if (Array.isArray(entry) && entry.some(isObject)) {
      handleJsonValue(parser, entry, innerContext);
      handled = true;
    }
  }
  if (!handled) parser.countSkippedRecord();
}

/** A CloudWatch Logs event: `{timestamp, message, logStreamName}`; the message is log text. */
function handleLogEvent(parser: ReportLogParser, event: JsonObject, message: string, context: RecordContext): void {
  const logGroup = stringField(event, 'logGroupName');
  if (logGroup !== undefined) parser.noteLogGroup(logGroup);
  const eventContext: RecordContext = { ...context };
  const timestampMs = timestampOf(event.timestamp);
  if (timestampMs !== undefined) eventContext.timestampMs = timestampMs;
  const logStream = stringField(event, 'logStreamName') ?? stringField(event, 'logStream');
  if (logStream !== undefined) eventContext.logStream = logStream;
  parser.scanMessage(message, eventContext);
}

function handlePlatformRecord(parser: ReportLogParser, type: string, value: JsonObject, context: RecordContext): void {
  const record = isObject(value.record) ? value.record : {};
  switch (type) {
    case 'platform.report':
      handlePlatformReport(parser, value, record, context);
      return;
    case 'platform.initStart': {
      parser.countPlatformRecord();
      const functionName = stringField(record, 'functionName');
      if (functionName !== undefined) parser.functionName ??= functionName;
      const runtimeVersion = stringField(record, 'runtimeVersion');
      if (runtimeVersion !== undefined) parser.noteRuntimeVersion(runtimeVersion);
      return;
    }
    case 'platform.initReport': {
      parser.countPlatformRecord();
      const status = stringField(record, 'status');
      if (status !== undefined && status !== 'success') {
        parser.countInitFailure(stringField(record, 'errorType') ?? status);
      }
      return;
    }
    default:
      parser.countSkippedRecord();
  }
}

/**
 * `{"time", "type": "platform.report", "record": {"requestId", "status", "errorType",
 * "metrics": {"durationMs", "billedDurationMs", "memorySizeMB", "maxMemoryUsedMB",
 * "initDurationMs"?, "restoreDurationMs"?, "billedRestoreDurationMs"?}, "spans"?}}`.
 * Absent optional metrics stay absent; they never become zero.
 */
function handlePlatformReport(parser: ReportLogParser, value: JsonObject, record: JsonObject, context: RecordContext): void {
  const metrics = isObject(record.metrics) ? record.metrics : {};
  const durationMs = finiteNumber(metrics.durationMs);
  const billedDurationMs = finiteNumber(metrics.billedDurationMs);
  const memorySizeMb = finiteNumber(metrics.memorySizeMB);
  const maxMemoryUsedMb = finiteNumber(metrics.maxMemoryUsedMB);
  if (durationMs === undefined || billedDurationMs === undefined || memorySizeMb === undefined || maxMemoryUsedMb === undefined) {
    parser.countMalformedReport('platform.report record lacks one of durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB');
    return;
  }

  const invocation: InvocationRecord = {
    durationMs,
    billedDurationMs,
    memorySizeMb,
    maxMemoryUsedMb,
    status: statusFromText(stringField(record, 'status')),
  };
  const requestId = stringField(record, 'requestId');
  if (requestId !== undefined) invocation.requestId = requestId;
  const timestampMs = timestampOf(value.time) ?? context.timestampMs;
  if (timestampMs !== undefined) invocation.timestampMs = timestampMs;
  if (context.logStream !== undefined) invocation.logStream = context.logStream;
  const initDurationMs = finiteNumber(metrics.initDurationMs);
  if (initDurationMs !== undefined) invocation.initDurationMs = initDurationMs;
  const restoreDurationMs = finiteNumber(metrics.restoreDurationMs);
  if (restoreDurationMs !== undefined) invocation.restoreDurationMs = restoreDurationMs;
  const billedRestoreDurationMs = finiteNumber(metrics.billedRestoreDurationMs);
  if (billedRestoreDurationMs !== undefined) invocation.billedRestoreDurationMs = billedRestoreDurationMs;
  const errorType = stringField(record, 'errorType');
  if (errorType !== undefined) invocation.errorType = errorType;
  const extensionOverheadMs = extensionOverheadOf(record.spans);
  if (extensionOverheadMs !== undefined) invocation.extensionOverheadMs = extensionOverheadMs;
  parser.addReport(invocation);
}

/** Sums the `durationMs` of spans named `extensionOverhead`; undefined when there is none. */
function extensionOverheadOf(spans: unknown): number | undefined {
  if (!Array.isArray(spans)) return undefined;
  let total: number | undefined;
  for (const span of spans) {
    if (!isObject(span) || span.name !== 'extensionOverhead') continue;
    const durationMs = finiteNumber(span.durationMs);
    if (durationMs !== undefined) total = (total ?? 0) + durationMs;
  }
  return total;
}

/**
 * GetQueryResults rows: each row an array of `{field, value}` with every value a string,
 * numbers possibly in scientific notation ("6.7E7"). `@timestamp` is
 * "2025-08-15 13:34:52.212" in UTC.
 */
function handleLogsInsightsResults(parser: ReportLogParser, rows: unknown[]): void {
  for (const row of rows) {
    if (!Array.isArray(row)) {
      parser.countSkippedRecord();
      continue;
    }
    const fields = new Map<string, string>();
    for (const cell of row) {
      if (!isObject(cell)) continue;
      const field = stringField(cell, 'field');
      const value = stringField(cell, 'value');
      if (field !== undefined && value !== undefined) fields.set(field, value);
    }
    handleLogsInsightsRow(parser, fields);
  }
}

function handleLogsInsightsRow(parser: ReportLogParser, fields: Map<string, string>): void {
  const log = fields.get('@log');
  if (log !== undefined) parser.noteLogGroup(log);
  const context: RecordContext = {};
  const timestamp = fields.get('@timestamp');
  const timestampMs = timestamp !== undefined ? parseIsoTimestamp(timestamp) : NaN;
  if (!Number.isNaN(timestampMs)) context.timestampMs = timestampMs;
  const logStream = fields.get('@logStream');
  if (logStream !== undefined) context.logStream = logStream;

  if (!fields.has('@duration')) {
    const message = fields.get('@message');
    if (message !== undefined) parser.scanMessage(message, context);
    else parser.countSkippedRecord();
    return;
  }

  const durationMs = numberOf(fields.get('@duration'));
  const billedDurationMs = numberOf(fields.get('@billedDuration'));
  const memorySizeMb = numberOf(fields.get('@memorySize')) / LOGS_INSIGHTS_MEMORY_DIVISOR;
  const maxMemoryUsedMb = numberOf(fields.get('@maxMemoryUsed')) / LOGS_INSIGHTS_MEMORY_DIVISOR;
  if ([durationMs, billedDurationMs, memorySizeMb, maxMemoryUsedMb].some(Number.isNaN)) {
    parser.countMalformedReport('Logs Insights row lacks a number in @duration, @billedDuration, @memorySize or @maxMemoryUsed');
    return;
  }

  const invocation: InvocationRecord = { durationMs, billedDurationMs, memorySizeMb, maxMemoryUsedMb, status: 'success' };
  const requestId = fields.get('@requestId');
  if (requestId !== undefined) invocation.requestId = requestId;
  if (context.timestampMs !== undefined) invocation.timestampMs = context.timestampMs;
  if (context.logStream !== undefined) invocation.logStream = context.logStream;
  const initDurationMs = numberOf(fields.get('@initDuration'));
  if (!Number.isNaN(initDurationMs)) invocation.initDurationMs = initDurationMs;
  parser.addReport(invocation);
}

/** Parses a Logs Insights string value; NaN when absent or not a number. */
function numberOf(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return NaN;
  return Number(value);
}
