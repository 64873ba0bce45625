/**
 * Byte-level parsing of the fields of a text REPORT line:
 * `REPORT RequestId: <id>\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 35 MB`
 * followed on cold starts, under SnapStart, with X-Ray or on failures by `Init Duration`,
 * `Restore Duration`, `Billed Restore Duration`, `XRAY TraceId`/`SegmentId`/`Sampled`,
 * `Status` and `Error Type`, in any order. Fields are separated by tabs, or by runs of
 * spaces on older platforms, and lines may end in a tab or in ` |` (`--output table`).
 */

import type { InvocationStatus } from '../../analysis/observations.js';

const TAB = 9;
const SPACE = 32;
const CR = 13;
const COLON = 58;
const PIPE = 124;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** Fields of a REPORT line, filled as they are read. NaN marks a field not seen. */
export interface ReportFields {
  requestId: string | undefined;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs: number;
  restoreDurationMs: number;
  billedRestoreDurationMs: number;
  status: string | undefined;
  errorType: string | undefined;
  /** Why the line cannot be used, when a field has a bad value or unit. */
  problem: string | undefined;
}

export function emptyReportFields(): ReportFields {
  return {
    requestId: undefined,
    durationMs: NaN,
    billedDurationMs: NaN,
    memorySizeMb: NaN,
    maxMemoryUsedMb: NaN,
    initDurationMs: NaN,
    restoreDurationMs: NaN,
    billedRestoreDurationMs: NaN,
    status: undefined,
    errorType: undefined,
    problem: undefined,
  };
}

/** True when the four fields every REPORT line carries have been read. */
export function hasRequiredFields(fields: ReportFields): boolean {
  return (
    !Number.isNaN(fields.durationMs) &&
    !Number.isNaN(fields.billedDurationMs) &&
    !Number.isNaN(fields.memorySizeMb) &&
    !Number.isNaN(fields.maxMemoryUsedMb)
  );
}

/** Names the first required field that is missing. */
export function missingFieldName(fields: ReportFields): string | undefined {
  if (Number.isNaN(fields.durationMs)) return 'Duration';
  if (Number.isNaN(fields.billedDurationMs)) return 'Billed Duration';
  if (Number.isNaN(fields.memorySizeMb)) return 'Memory Size';
  if (Number.isNaN(fields.maxMemoryUsedMb)) return 'Max Memory Used';
  return undefined;
}

type NumericField =
  | 'durationMs'
  | 'billedDurationMs'
  | 'memorySizeMb'
  | 'maxMemoryUsedMb'
  | 'initDurationMs'
  | 'restoreDurationMs'
  | 'billedRestoreDurationMs';

interface FieldSpec {
  name: string;
  bytes: Buffer;
  /** Target property for numeric fields; text fields have none. */
  key: NumericField | 'status' | 'errorType' | undefined;
  /** Required unit after the number: `ms` for durations, `MB` for memory. */
  unit: 'ms' | 'MB' | undefined;
}

function spec(name: string, key: FieldSpec['key'], unit: FieldSpec['unit']): FieldSpec {
  return { name, bytes: Buffer.from(name, 'latin1'), key, unit };
}

/** The REPORT fields, defined once; lookup is by name length, then by bytes. */
const FIELD_SPECS: FieldSpec[] = [
  spec('Duration', 'durationMs', 'ms'),
  spec('Billed Duration', 'billedDurationMs', 'ms'),
  spec('Memory Size', 'memorySizeMb', 'MB'),
  spec('Max Memory Used', 'maxMemoryUsedMb', 'MB'),
  spec('Init Duration', 'initDurationMs', 'ms'),
  spec('Restore Duration', 'restoreDurationMs', 'ms'),
  spec('Billed Restore Duration', 'billedRestoreDurationMs', 'ms'),
  spec('Status', 'status', undefined),
  spec('Error Type', 'errorType', undefined),
];

const SPECS_BY_LENGTH = new Map<number, FieldSpec[]>();
for (const field of FIELD_SPECS) {
  const list = SPECS_BY_LENGTH.get(field.bytes.length) ?? [];
  list.push(field);
  SPECS_BY_LENGTH.set(field.bytes.length, list);
}

function isBlank(byte: number | undefined): boolean {
  return byte === SPACE || byte === TAB || byte === CR;
}

function findSpec(buf: Buffer, start: number, end: number): FieldSpec | undefined {
  const candidates = SPECS_BY_LENGTH.get(end - start);
  if (candidates === undefined) return undefined;
  for (const candidate of candidates) {
    if (bytesEqual(buf, start, candidate.bytes)) return candidate;
  }
  return undefined;
}

/**
 * True when `buf` holds `expected` at `start`. The caller has checked that the range
 * `[start, start + expected.length)` lies inside the field. A byte loop, because on
 * names of 6 to 23 bytes the call overhead of `Buffer.compare` costs more than the loop.
 */
function bytesEqual(buf: Buffer, start: number, expected: Buffer): boolean {
  for (let k = 0; k < expected.length; k++) {
    if (buf[start + k] !== expected[k]) return false;
  }
  return true;
}

const UNIT_BYTES = { ms: Buffer.from('ms', 'latin1'), MB: Buffer.from('MB', 'latin1') };

/** Index of the first byte at or after `from` that is not a space, tab or CR. */
function skipBlanks(buf: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end && isBlank(buf[i])) i++;
  return i;
}

/** Index of the first space, tab, CR or `|` at or after `from`. */
function tokenEnd(buf: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const byte = buf[i];
    if (byte === SPACE || byte === TAB || byte === CR || byte === PIPE) break;
    i++;
  }
  return i;
}

/**
 * Parses a decimal number such as `12.34` from `buf[start, end)`, or returns NaN.
 * The digits are read as one integer and divided by a power of ten once, which is
 * correctly rounded and so equals `Number('12.34')` for up to 15 significant digits.
 */
export function parseDecimal(buf: Buffer, start: number, end: number): number {
  let mantissa = 0;
  let fractionDigits = 0;
  let digits = 0;
  let seenDot = false;
  for (let i = start; i < end; i++) {
    const byte = buf[i] ?? 0;
    if (byte >= ZERO && byte <= NINE) {
      mantissa = mantissa * 10 + (byte - ZERO);
      digits++;
      if (seenDot) fractionDigits++;
    } else if (byte === DOT && !seenDot) {
      seenDot = true;
    } else {
      return NaN;
    }
  }
  if (digits === 0) return NaN;
  if (digits > 15) return Number(buf.toString('latin1', start, end));
  return fractionDigits === 0 ? mantissa : mantissa / 10 ** fractionDigits;
}

/**
 * Reads `Name: value [unit]` fields from `buf[from, end)` into `fields`. Returns false
 * when the text stops looking like REPORT fields (an unknown word without a colon),
 * which ends a REPORT that was split over several lines.
 */
export function readReportFields(buf: Buffer, from: number, end: number, fields: ReportFields): boolean {
  let i = skipBlanks(buf, from, end);
  let sawField = false;
  while (i < end && buf[i] !== PIPE) {
    let colon = i;
    while (colon < end && buf[colon] !== COLON) colon++;
    if (colon === end) return sawField;
    let nameEnd = colon;
    while (nameEnd > i && isBlank(buf[nameEnd - 1])) nameEnd--;
    const field = findSpec(buf, i, nameEnd);

    const valueStart = skipBlanks(buf, colon + 1, end);
    const valueEnd = tokenEnd(buf, valueStart, end);
    i = skipBlanks(buf, valueEnd, end);
    sawField = true;
    if (field?.key === undefined) continue;

    if (field.key === 'status' || field.key === 'errorType') {
      fields[field.key] = buf.toString('latin1', valueStart, valueEnd);
      continue;
    }

    const value = parseDecimal(buf, valueStart, valueEnd);
    const unitStart = i;
    const unitEnd = tokenEnd(buf, unitStart, end);
    const expectedUnit = field.unit === undefined ? undefined : UNIT_BYTES[field.unit];
    const unitMatches = expectedUnit !== undefined && unitEnd - unitStart === expectedUnit.length && bytesEqual(buf, unitStart, expectedUnit);
    if (Number.isNaN(value)) {
      fields.problem ??= `${field.name} value "${buf.toString('latin1', valueStart, valueEnd)}" is not a decimal number of the form 12.34`;
    } else if (!unitMatches) {
      fields.problem ??= `${field.name} unit is "${buf.toString('latin1', unitStart, unitEnd)}", expected ${field.unit}`;
    } else {
      fields[field.key] = value;
    }
    if (unitMatches) i = skipBlanks(buf, unitEnd, end);
  }
  return true;
}

/**
 * Reads the request id after `REPORT RequestId:` and the fields after it.
 * `idStart` is the index just after the colon.
 */
export function readReportLine(buf: Buffer, idStart: number, end: number): ReportFields {
  const fields = emptyReportFields();
  const start = skipBlanks(buf, idStart, end);
  const stop = tokenEnd(buf, start, end);
  if (stop > start) fields.requestId = buf.toString('latin1', start, stop);
  readReportFields(buf, stop, end, fields);
  return fields;
}

/** Matches a request id: a UUID. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Returns the first UUID in a line, the request id of `Task timed out` and OOM lines. */
export function findRequestId(line: string): string | undefined {
  return UUID.exec(line)?.[0];
}

/** Maps REPORT `Status:` and platform.report `status` values to an invocation status. */
export function statusFromText(status: string | undefined): InvocationStatus {
  if (status === 'timeout') return 'timeout';
  if (status === 'error' || status === 'failure') return 'error';
  return 'success';
}
