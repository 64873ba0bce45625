/**
 * Opens log inputs (files or standard input), gunzips them when they start with the gzip
 * magic bytes, and feeds them to the parser chunk by chunk.
 */

import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

import { UsageError } from '../../errors.js';
import { handleJsonValue } from './json-records.js';
import type { ReportLogParser } from './parser.js';

/** Read size: large chunks keep the per-chunk overhead of the scanner small. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Largest pretty-printed JSON document, and largest single line, read. A document is
 * parsed whole: its bytes, its decoded string and the parsed objects are in memory at
 * once, an estimated 4 to 6 times this size at the peak.
 */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

const NEWLINE = 10;

/** Yields the raw chunks of a file or of standard input. */
async function* rawChunks(path: string, stdin: NodeJS.ReadableStream | undefined): AsyncGenerator<Buffer> {
  if (path === '-') {
    for await (const chunk of stdin ?? process.stdin) yield toBuffer(chunk);
    return;
  }

  const handle = await open(path, 'r').catch((error: unknown) => {
    throw readError(path, error);
  });
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      throw new UsageError(`cannot read logs: ${path} is a directory, not a file. Pass the log files inside it, for example ${path}/*.log.`);
    }
    const chunks = handle.createReadStream({ highWaterMark: CHUNK_BYTES, autoClose: false });
    try {
      for await (const chunk of chunks) yield toBuffer(chunk);
    } catch (error) {
      throw readError(path, error);
    }
  } finally {
    await handle.close();
  }
}

function toBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
}

/** Maps a file system error to one line that names the path and the fix. */
function readError(path: string, error: unknown): Error {
  if (error instanceof UsageError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return new UsageError(`cannot read logs: ENOENT file not found: ${path}. Check the path.`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new UsageError(`cannot read logs: ${code} permission denied: ${path}. Check the file's permissions.`, { cause: error });
    case 'EISDIR':
      return new UsageError(
        `cannot read logs: ${path} is a directory, not a file. Pass the log files inside it, for example ${path}/*.log.`,
        { cause: error },
      );
    default:
      // Any other system error (ENOTDIR, ELOOP, ENAMETOOLONG, EIO, ...) is about the path
      // or the file the user gave, so it is a usage error too.
      if (typeof code === 'string' && error instanceof Error) {
        const reason = error.message.replace(/^[A-Z]+: /, '').replace(/, \w+(?: '.*')?$/, '');
        return new UsageError(`cannot read logs: ${code} ${reason}: ${path}. Check the path and the file.`, { cause: error });
      }
      return error instanceof Error ? error : new Error(String(error));
  }
}

/** Yields decompressed chunks when the input starts with the gzip magic bytes 1f 8b, else the chunks as read. */
async function* decodedChunks(path: string, stdin: NodeJS.ReadableStream | undefined): AsyncGenerator<Buffer> {
  const source = rawChunks(path, stdin);
  let head: Buffer = Buffer.alloc(0);
  let done = false;
  while (head.length < 2 && !done) {
    const next = await source.next();
    if (next.done === true) done = true;
    else head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

  if (!gzip) {
    if (head.length > 0) yield head;
    if (!done) yield* source;
    return;
  }

  async function* compressed(): AsyncGenerator<Buffer> {
    yield head;
    yield* source;
  }
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  const feeding = pipeline(Readable.from(compressed()), gunzip);
  // Errors reach the consumer through the iteration below; this keeps the promise handled.
  feeding.catch(() => undefined);
  try {
    for await (const chunk of gunzip) yield toBuffer(chunk);
    await feeding;
  } catch (error) {
    throw gzipError(path, error);
  }
}

function gzipError(path: string, error: unknown): Error {
  if (error instanceof UsageError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('Z_')) {
    const reason = error instanceof Error ? error.message : code;
    const name = path === '-' ? 'standard input' : path;
    return new UsageError(
      `cannot read logs: ${name} is not a complete gzip stream (${reason}). Check that the file was fully downloaded or copied.`,
      { cause: error },
    );
  }
  return readError(path, error);
}

/** Counts what one input held, for the caller's checks. */
export interface InputSummary {
  bytes: number;
}

/**
 * Reads one input into the parser. Text logs and one-record-per-line JSON are scanned as
 * they stream in; an input whose first line opens a JSON document that does not close on
 * that line (pretty-printed output, a JSON array) is read whole, up to
 * `MAX_DOCUMENT_BYTES`, and parsed as one or more concatenated JSON values.
 */
export async function readInput(
  path: string,
  parser: ReportLogParser,
  stdin: NodeJS.ReadableStream | undefined,
): Promise<InputSummary> {
  const label = path === '-' ? 'standard input' : path;
  parser.beginInput(label);
  let bytes = 0;
  let carry: Buffer | undefined;
  let mode: 'undecided' | 'lines' | 'document' = 'undecided';
  const documentChunks: Buffer[] = [];

  for await (const raw of decodedChunks(path, stdin)) {
    let chunk = bytes === 0 ? stripBom(raw) : raw;
    bytes += raw.length;

    if (mode === 'undecided') {
      chunk = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
      carry = undefined;
      const decided = decideMode(chunk);
      if (decided === undefined) {
        checkLineLength(label, chunk.length);
        carry = chunk;
        continue;
      }
      mode = decided;
    }

    if (mode === 'document') {
      documentChunks.push(chunk);
      checkDocumentLength(label, bytes);
      continue;
    }
    carry = scanChunk(parser, carry, chunk, label);
  }

  if (mode === 'undecided' && carry !== undefined) {
    mode = decideMode(carry, true) ?? 'lines';
    // A document that ends without a newline is still all in the carry.
    if (mode === 'document') {
      documentChunks.push(carry);
      carry = undefined;
    }
  }
  if (mode === 'document') {
    readDocument(parser, Buffer.concat(documentChunks), label);
  } else if (carry !== undefined && carry.length > 0) {
    // The last line has no newline: give it one so that every search stays in bounds.
    const last = Buffer.concat([carry, Buffer.from('\n')]);
    parser.scanLines(last, 0, last.length);
  }
  parser.endInput();
  return { bytes };
}

/** Scans the complete lines of `carry + chunk` and returns the unfinished last line. */
function scanChunk(parser: ReportLogParser, carry: Buffer | undefined, chunk: Buffer, label: string): Buffer | undefined {
  const lastNewline = chunk.lastIndexOf(NEWLINE);
  if (lastNewline < 0) {
    const joined = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
    checkLineLength(label, joined.length);
    return joined;
  }

  let start = 0;
  if (carry !== undefined) {
    // Finish the line begun in the previous chunk without copying the whole chunk.
    const firstNewline = chunk.indexOf(NEWLINE);
    const line = Buffer.concat([carry, chunk.subarray(0, firstNewline + 1)]);
    parser.scanLines(line, 0, line.length);
    start = firstNewline + 1;
  }
  if (start <= lastNewline) parser.scanLines(chunk, start, lastNewline + 1);
  return lastNewline + 1 < chunk.length ? chunk.subarray(lastNewline + 1) : undefined;
}

function stripBom(chunk: Buffer): Buffer {
  return chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? chunk.subarray(3) : chunk;
}

/**
 * Decides from the first non-blank line whether the input is read line by line or as a
 * JSON document. Returns undefined while that line is incomplete, unless `atEnd`.
 */
function decideMode(head: Buffer, atEnd = false): 'lines' | 'document' | undefined {
  let start = 0;
  while (start < head.length && isBlank(head[start])) start++;
  if (start === head.length) return atEnd ? 'lines' : undefined;
  const first = head[start];
  if (first !== 0x7b && first !== 0x5b) return 'lines';

  const newline = head.indexOf(NEWLINE, start);
  if (newline < 0 && !atEnd) return undefined;
  const line = head.toString('utf8', start, newline < 0 ? head.length : newline).trim();
  if (first === 0x5b) return /^\[\s*(?:[[{"\]\d-]|$)/.test(line) ? 'document' : 'lines';
  let value: unknown;
  try {
    value = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
  } catch {
    return 'document';
  }
  // A GetQueryResults response printed on one line (jq -c) is read as a document,
  // because its rows carry none of the strings that the line scanner looks for.
  return isQueryResults(value) ? 'document' : 'lines';
}

function isQueryResults(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as { results?: unknown }).results);
}

function isBlank(byte: number | undefined): boolean {
  return byte === 32 || byte === 9 || byte === 13 || byte === NEWLINE;
}

function checkLineLength(label: string, length: number): void {
  if (length > MAX_DOCUMENT_BYTES) {
    throw new UsageError(
      `cannot read logs: ${label} has a line over ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB. Split it into one log event or record per line (for JSON: jq -c '.events[]').`,
    );
  }
}

function checkDocumentLength(label: string, length: number): void {
  if (length > MAX_DOCUMENT_BYTES) {
    throw new UsageError(
      `cannot read logs: ${label} is a pretty-printed JSON document over ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB. Convert it to one record per line with jq -c (for example jq -c '.events[]').`,
    );
  }
}

/** Parses a whole JSON document; on invalid JSON reads it line by line instead and adds a note. */
function readDocument(parser: ReportLogParser, document: Buffer, label: string): void {
  let values: unknown[];
  try {
    values = parseConcatenatedJson(document.toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    parser.addNote(`${label} is not valid JSON (${reason}); it was read line by line instead.`);
    const text = document[document.length - 1] === NEWLINE ? document : Buffer.concat([document, Buffer.from('\n')]);
    parser.scanLines(text, 0, text.length);
    return;
  }
  for (const value of values) handleJsonValue(parser, value, {});
}

/**
 * Parses a text that contains one JSON value or several concatenated ones
 * (`{...}\n{...}`, as `jq` prints a stream). Throws SyntaxError on invalid JSON.
 */
export function parseConcatenatedJson(text: string): unknown[] {
  try {
    return [JSON.parse(text)];
  } catch (error) {
    if (!/non-whitespace|Unexpected token/.test(String(error))) throw error;
  }

  const values: unknown[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let valueStart = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (char === 0x5c) escaped = true;
      else if (char === 0x22) inString = false;
      continue;
    }
    if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      if (depth === 0) valueStart = i;
      depth++;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
      if (depth === 0) values.push(JSON.parse(text.slice(valueStart, i + 1)));
      if (depth < 0) throw new SyntaxError(`unexpected "${text[i]}" at character ${i}`);
    }
  }
  if (depth !== 0) throw new SyntaxError('unexpected end of JSON input');
  return values;
}
