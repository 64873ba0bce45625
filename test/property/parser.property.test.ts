/**
 * The log reader on arbitrary input: it returns observations or rejects with a one-line
 * UsageError, and whatever it returns the engine can analyse.
 */

import { Readable } from 'node:stream';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { analyzeFunction } from '../../src/analysis/analyze.js';
import { DEFAULT_ANALYSIS_OPTIONS, LAMBDA_MAX_MEMORY_MB, LAMBDA_MIN_MEMORY_MB } from '../../src/analysis/options.js';
import { UsageError } from '../../src/errors.js';
import { readReportLogs } from '../../src/sources/report-log/index.js';

/** Runs per property, PROPERTY_RUNS to override: 200 finds shallow faults and keeps the suite fast. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

/** The UsageErrors that input content (not a path) may cause. */
const CONTENT_ERRORS = /^(no REPORT line found in standard input|no usable REPORT line in standard input|cannot read logs: standard input is not a complete gzip stream)/;

/** Fragments of REPORT lines and JSON records, so that random input reaches the field parser. */
const fragments = fc.constantFrom(
  'REPORT RequestId: ',
  'aaaaaaaa-0000-4000-8000-000000000001',
  'Duration: ',
  'Billed Duration: ',
  'Memory Size: ',
  'Max Memory Used: ',
  'Init Duration: ',
  'Status: timeout',
  'Error Type: Runtime.OutOfMemory',
  'Task timed out',
  'signal: killed',
  'INIT_REPORT ',
  'Runtime Version: go:1.v39',
  '12.34',
  '256',
  '-1',
  '1e308',
  'NaN',
  ' ms',
  ' MB',
  '\t',
  ' ',
  '\n',
  '\r\n',
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '"type":"platform.report"',
  '"record":{"metrics":{"durationMs":5,"billedDurationMs":6,"memorySizeMB":256,"maxMemoryUsedMB":40}}',
  '"results":[[{"field":"@duration","value":"5"}]]',
  '\u0000',
  '\u001b[31m',
  '\ufeff',
);

const reportLike = fc.array(fc.oneof(fragments, fc.string({ maxLength: 8 })), { maxLength: 60 }).map((parts) => parts.join(''));

/** Reads `bytes` as standard input, split into chunks at `cuts`, and analyses the result. */
async function readAndAnalyze(bytes: Buffer, cuts: number[] = []): Promise<void> {
  const positions = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const position of [...positions, bytes.length]) {
    if (position > start) chunks.push(bytes.subarray(start, position));
    start = position;
  }

  let observations;
  try {
    observations = await readReportLogs(['-'], { stdin: Readable.from(chunks) });
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as UsageError).message;
    expect(message).toMatch(CONTENT_ERRORS);
    expect(message).not.toContain('\n');
    return;
  }

  for (const size of observations.sizes) {
    expect(Number.isInteger(size.memorySizeMb)).toBe(true);
    expect(size.memorySizeMb).toBeGreaterThanOrEqual(LAMBDA_MIN_MEMORY_MB);
    expect(size.memorySizeMb).toBeLessThanOrEqual(LAMBDA_MAX_MEMORY_MB);
  }
  if (observations.sizes.some((size) => size.invocations > 0)) {
    expect(() => analyzeFunction(observations, DEFAULT_ANALYSIS_OPTIONS)).not.toThrow();
  }
}

describe('log reader properties', () => {
  it('arbitrary strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), async (text) => {
        await readAndAnalyze(Buffer.from(text, 'utf8'));
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        await readAndAnalyze(Buffer.from(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it('report-like text in random chunks', async () => {
    await fc.assert(
      fc.asyncProperty(reportLike, fc.array(fc.nat(), { maxLength: 5 }), async (text, cuts) => {
        await readAndAnalyze(Buffer.from(text, 'utf8'), cuts);
      }),
      { numRuns: RUNS },
    );
  });
});
