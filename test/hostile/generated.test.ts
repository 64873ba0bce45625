/**
 * Hostile inputs too large or too odd to commit (a 10 MB line, binary junk, broken gzip,
 * directories and unreadable paths), written to a temporary directory at test time.
 */

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Analysis } from '../../src/analysis/analysis.js';
import { runCliBounded } from './run-cli-bounded.js';

const FIVE_REPORTS = readFileSync(fileURLToPath(new URL('./cases/fields-reversed.log', import.meta.url)));
const TEN_MB = 10 * 1024 * 1024;

const NO_REPORT_HINT =
  'expected "REPORT RequestId: ... Duration: ... ms" text lines or JSON platform.report records. ' +
  'With LoggingConfig SystemLogLevel=WARN Lambda writes no REPORT lines; set it to INFO to get them.';

/** Deterministic bytes from a 32-bit xorshift generator, so a failure can be replayed. */
function junkBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (const byte of bytes) if (byte === 10) count++;
  return count;
}

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: Buffer | string): string {
  writeFileSync(join(dir, name), content);
  return name;
}

async function expectError(args: string[], stderr: string, input?: string): Promise<void> {
  const result = await runCliBounded(['analyze', ...args, '--format', 'json'], dir, input);
  expect(result.timedOut).toBe(false);
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`lambda-memory-advisor: ${stderr}\n`);
}

async function analyze(name: string): Promise<Analysis> {
  const result = await runCliBounded(['analyze', '--logs', name, '--format', 'json'], dir);
  expect(result.timedOut).toBe(false);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Analysis;
}

function expectFiveReports(analysis: Analysis): void {
  expect(analysis.invocations).toBe(5);
  expect(analysis.observed[0]?.duration.p95?.value).toBeCloseTo(48, 9);
  expect(analysis.observed[0]?.duration.maxMs).toBe(50);
}

describe('generated hostile inputs', () => {
  it('10 MB line without newline', async () => {
    const name = write('ten-mb-line.log', 'x'.repeat(TEN_MB));
    await expectError(['--logs', name], `no REPORT line found in ${name}: ${NO_REPORT_HINT}`);
  });

  it('10 MB line before reports', async () => {
    const analysis = await analyze(write('ten-mb-line-then-reports.log', Buffer.concat([Buffer.from(`${'x'.repeat(TEN_MB)}\n`), FIVE_REPORTS])));
    expectFiveReports(analysis);
    expect(analysis.parse?.linesSkipped).toBe(1);
  });

  it('10 MB request id', async () => {
    const line = `REPORT RequestId: ${'a'.repeat(TEN_MB)}\tDuration: 1.00 ms\n`;
    const analysis = await analyze(write('ten-mb-request-id.log', Buffer.concat([Buffer.from(line), FIVE_REPORTS])));
    expectFiveReports(analysis);
    expect(analysis.parse?.malformedReports).toBe(1);
  });

  it('10 MB line opening a JSON object', async () => {
    const name = write('ten-mb-brace.log', Buffer.concat([Buffer.from(`{${'x'.repeat(TEN_MB)}\n`), FIVE_REPORTS]));
    const analysis = await analyze(name);
    expectFiveReports(analysis);
    expect(analysis.parse?.linesSkipped).toBe(1);
    expect(analysis.warnings.some((warning) => warning.startsWith(`${name} is not valid JSON`))).toBe(true);
  });

  it('binary junk only', async () => {
    const name = write('junk.bin', junkBytes(1024 * 1024, 0x2545f491));
    await expectError(['--logs', name], `no REPORT line found in ${name}: ${NO_REPORT_HINT}`);
  });

  it('binary junk around reports', async () => {
    const before = junkBytes(256 * 1024, 0x9e3779b9);
    const after = junkBytes(256 * 1024, 0x85ebca6b);
    const analysis = await analyze(write('junk-around-reports.bin', Buffer.concat([before, Buffer.from('\n'), FIVE_REPORTS, after])));
    expectFiveReports(analysis);
    expect(analysis.parse?.malformedReports).toBe(0);
    // The junk before the reports ends in the newline added above; the junk after them
    // ends without one and so counts as one more line.
    expect(analysis.parse?.linesSkipped).toBe(countNewlines(before) + 1 + countNewlines(after) + 1);
  });

  it('gzip of reports', async () => {
    expectFiveReports(await analyze(write('reports.log.gz', gzipSync(FIVE_REPORTS))));
  });

  it('truncated gzip', async () => {
    const compressed = gzipSync(FIVE_REPORTS);
    const name = write('truncated.log.gz', compressed.subarray(0, compressed.length - 12));
    await expectError(
      ['--logs', name],
      `cannot read logs: ${name} is not a complete gzip stream (unexpected end of file). Check that the file was fully downloaded or copied.`,
    );
  });

  it('gzip magic then junk', async () => {
    const name = write('fake.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), junkBytes(4096, 7)]));
    const result = await runCliBounded(['analyze', '--logs', name, '--format', 'json'], dir);
    expect(result.timedOut).toBe(false);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^lambda-memory-advisor: cannot read logs: fake\.gz is not a complete gzip stream \([^)]+\)\. Check that the file was fully downloaded or copied\.\n$/);
  });

  it('directory given as file', async () => {
    mkdirSync(join(dir, 'exports'));
    await expectError(['--logs', 'exports'], 'cannot read logs: exports is a directory, not a file. Pass the log files inside it, for example exports/*.log.');
  });

  it('missing file', async () => {
    await expectError(['--logs', 'absent.log'], 'cannot read logs: ENOENT file not found: absent.log. Check the path.');
  });

  it('file used as directory', async () => {
    const name = write('plain.log', FIVE_REPORTS);
    await expectError(['--logs', `${name}/inner.log`], `cannot read logs: ENOTDIR not a directory: ${name}/inner.log. Check the path and the file.`);
  });

  it('symbolic link loop', async () => {
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    await expectError(['--logs', 'loop-a'], 'cannot read logs: ELOOP too many symbolic links encountered: loop-a. Check the path and the file.');
  });

  it('file name too long', async () => {
    const name = 'n'.repeat(300);
    await expectError(['--logs', name], `cannot read logs: ENAMETOOLONG name too long: ${name}. Check the path and the file.`);
  });

  it('read error after open', async () => {
    // Reading /proc/self/mem at offset 0 fails with EIO on Linux, the one read error that
    // a test can cause without special privileges.
    if (process.platform !== 'linux') return;
    await expectError(['--logs', '/proc/self/mem'], 'cannot read logs: EIO i/o error: /proc/self/mem. Check the path and the file.');
  });

  it('file without read permission', async () => {
    const name = write('no-permission.log', FIVE_REPORTS);
    chmodSync(join(dir, name), 0o000);
    // NOTE: root reads the file whatever its mode, so under root this only checks that
    // the run still succeeds. The EACCES message is checked only for other users.
    if (process.getuid?.() === 0) {
      expectFiveReports(await analyze(name));
      return;
    }
    await expectError(['--logs', name], `cannot read logs: EACCES permission denied: ${name}. Check the file's permissions.`);
  });

  it('empty standard input', async () => {
    await expectError(['--logs', '-'], `no REPORT line found in standard input: ${NO_REPORT_HINT}`, '');
  });
});
