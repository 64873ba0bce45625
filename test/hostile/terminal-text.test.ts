/**
 * Runs strings with control characters, ANSI and OSC sequences through the built CLI, from
 * the logs and from the command line. The table must print none of them. The JSON report
 * must stay valid JSON, escape them and keep the strings as they were.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Analysis } from '../../src/analysis/analysis.js';
import { runCliBounded } from './run-cli-bounded.js';

const FIVE_REPORTS = readFileSync(fileURLToPath(new URL('./cases/fields-reversed.log', import.meta.url)), 'utf8');

/** One sample of each kind of sequence that can move the cursor, retitle or hide output. */
const HOSTILE_PARTS = {
  csi: '\u001b[31m\u001b[2J\u001b[1;1H',
  oscTitleBel: '\u001b]0;retitled\u0007',
  oscLinkSt: '\u001b]8;;https://example.invalid\u001b\\link\u001b]8;;\u001b\\',
  oscUnterminated: '\u001b]2;open',
  c1Csi: '\u009b2J',
  c0: '\r\b\u0007\u000b\u000c\u0000',
  del: '\u007f',
  escapeAlone: '\u001bc',
};

const HOSTILE = `orders${Object.values(HOSTILE_PARTS).join('x')}end`;

/** The same text as a command-line argument, which cannot contain NUL. */
const HOSTILE_ARGUMENT = HOSTILE.split('\u0000').join('');

/** Any C0 control other than tab and newline, DEL or any C1 control. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'terminal-text-'));
  const initStart = JSON.stringify({
    type: 'platform.initStart',
    record: { functionName: HOSTILE, runtimeVersion: `python:3.12${HOSTILE_PARTS.csi}${HOSTILE_PARTS.oscTitleBel}` },
  });
  writeFileSync(join(dir, 'init-start.log'), `${initStart}\n${FIVE_REPORTS}`);

  const event = JSON.stringify({
    logGroupName: `/aws/lambda/${HOSTILE}`,
    events: [{ timestamp: 1714557600000, message: FIVE_REPORTS.split('\n')[0] }],
  });
  writeFileSync(join(dir, 'log-group.json'), `${event}\n${FIVE_REPORTS}`);

  const badDuration = `REPORT RequestId: x\tDuration: 1${HOSTILE_PARTS.csi} ms\tBilled Duration: 1 ms\tMemory Size: 256 MB\tMax Memory Used: 40 MB\n`;
  writeFileSync(join(dir, 'note.log'), `${FIVE_REPORTS}${badDuration}`);

  writeFileSync(join(dir, `file${HOSTILE_PARTS.csi}${HOSTILE_PARTS.oscTitleBel}.log`), FIVE_REPORTS);
  writeFileSync(join(dir, 'plain.log'), FIVE_REPORTS);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function table(args: string[]): Promise<string> {
  const result = await runCliBounded(['analyze', ...args], dir);
  expect(result.timedOut).toBe(false);
  expect(result.status).toBe(0);
  return result.stdout;
}

async function json(args: string[]): Promise<{ text: string; analysis: Analysis }> {
  const result = await runCliBounded(['analyze', ...args, '--format', 'json'], dir);
  expect(result.timedOut).toBe(false);
  expect(result.status).toBe(0);
  return { text: result.stdout, analysis: JSON.parse(result.stdout) as Analysis };
}

const SOURCES: [string, string[]][] = [
  ['function name from platform.initStart', ['--logs', 'init-start.log']],
  ['function name from a log group', ['--logs', 'log-group.json']],
  ['--function-name', ['--logs', 'plain.log', '--function-name', HOSTILE_ARGUMENT]],
  ['log text in a telemetry note', ['--logs', 'note.log']],
  ['file name', ['--logs', `file${HOSTILE_PARTS.csi}${HOSTILE_PARTS.oscTitleBel}.log`]],
];

describe('terminal text from logs', () => {
  for (const [source, args] of SOURCES) {
    it(`table strips ${source}`, async () => {
      const output = await table(args);
      expect(output).not.toMatch(CONTROL);
      expect(output).not.toContain('retitled\u0007');
    });

    it(`JSON escapes ${source}`, async () => {
      const { text } = await json(args);
      expect(text).not.toMatch(CONTROL);
    });
  }

  it('table shows the visible name', async () => {
    const output = await table(['--logs', 'init-start.log']);
    expect(output.split('\n')[0]).toMatch(/^orders/);
    expect(output).toContain('python3.12');
  });

  it('JSON keeps name and runtime exactly', async () => {
    const { analysis } = await json(['--logs', 'init-start.log']);
    expect(analysis.function.name).toBe(HOSTILE);
    expect(analysis.function.runtime).toBe(`python3.12${HOSTILE_PARTS.csi}${HOSTILE_PARTS.oscTitleBel}`);
  });

  it('JSON keeps --function-name exactly', async () => {
    const { analysis } = await json(['--logs', 'plain.log', '--function-name', HOSTILE_ARGUMENT]);
    expect(analysis.function.name).toBe(HOSTILE_ARGUMENT);
  });
});
