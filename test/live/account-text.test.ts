/**
 * Strings from the account, served by the fake AWS server with control characters, ANSI and
 * OSC sequences and HTML: a function name, a runtime, a log group, a GOGC value and an AWS
 * error message. The table, Markdown and HTML must print none of the sequences and must
 * escape the HTML; the JSON report must stay valid and keep the strings exactly.
 */

import { afterEach, describe, expect, it } from 'vitest';

import type { Analysis } from '../../src/analysis/analysis.js';
import type { FakeAws } from '../fake-aws/server.js';
import { goFunction, liveArgs, runLive, startGoFake, type LiveResult } from './live-helpers.js';

/** One sample of each kind of sequence that can move the cursor, retitle or hide output. */
const SEQUENCES = [
  '\u001b[31m\u001b[2J\u001b[1;1H',
  '\u001b]0;retitled\u0007',
  '\u001b]8;;https://example.invalid\u001b\\link\u001b]8;;\u001b\\',
  '\u009b2J',
  '\r\b\u0007\u000b\u000c',
  '\u007f',
  '\u001bc',
].join('x');

const MARKUP = '<img src=x onerror=alert(1)>|*_';
const NAME = `orders${SEQUENCES}${MARKUP}end`;
const RUNTIME = `provided.al2023${SEQUENCES}`;
const LOG_GROUP = `/aws/lambda/orders${SEQUENCES}${MARKUP}`;
const GOGC = `off${SEQUENCES}`;
const ERROR_MESSAGE = `1 validation error${SEQUENCES}${MARKUP}`;

/** Any C0 control other than tab and newline, DEL or any C1 control. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const FORMATS = ['table', 'markdown', 'html', 'json', 'ndjson', 'csv'] as const;

let fake: FakeAws | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/**
 * Starts a fake whose `orders-api` returns the hostile strings, whose log group exists only
 * when `logGroupExists`, and whose `billing-api` fails with a hostile error message.
 */
async function startHostileFake(logGroupExists: boolean): Promise<FakeAws> {
  fake = await startGoFake(['orders-api'], {
    functions: {
      'orders-api': goFunction('orders-api', {
        FunctionName: NAME,
        Runtime: RUNTIME,
        LoggingConfig: { LogFormat: 'Text', LogGroup: LOG_GROUP },
        Environment: { Variables: { GOGC } },
      }),
      'billing-api': goFunction('billing-api'),
    },
    logGroups: logGroupExists ? [{ logGroupName: LOG_GROUP }] : [],
    faults: [
      { operation: 'GetMetricData', matching: 'billing-api', fault: { kind: 'error', code: 'ValidationException', status: 400, message: ERROR_MESSAGE } },
      // A failed query puts the log group name into a warning.
      { operation: 'GetQueryResults', fault: { kind: 'reply', body: { status: 'Failed', results: [] } } },
    ],
  });
  return fake;
}

async function run(format: (typeof FORMATS)[number], logGroupExists: boolean): Promise<LiveResult> {
  const server = await startHostileFake(logGroupExists);
  const result = await runLive(liveArgs(server, ['orders-api', 'billing-api'], '--format', format));
  expect(result.code).toBe(4);
  return result;
}

describe('account strings in every format', () => {
  for (const format of FORMATS) {
    for (const logGroupExists of [true, false]) {
      it(`${format}, log group ${logGroupExists ? 'present' : 'missing'}: no control characters`, async () => {
        const result = await run(format, logGroupExists);

        // CSV ends its lines with CRLF, as RFC 4180 requires.
        const stdout = format === 'csv' ? result.stdout.replace(/\r\n/g, '\n') : result.stdout;
        expect(stdout).not.toMatch(CONTROL);
        expect(result.stderr).not.toMatch(CONTROL);
        expect(result.stdout).toContain('orders');
        expect(result.stderr).toContain('GetMetricData failed for billing-api');
      });
    }
  }

  for (const format of ['markdown', 'html'] as const) {
    it(`${format} escapes HTML from the account`, async () => {
      const result = await run(format, true);

      expect(result.stdout).not.toContain('<img');
      expect(result.stdout).toContain('&lt;img src=x onerror=alert(1)&gt;');
    });
  }

  it('table shows the visible part of the name', async () => {
    const result = await run('table', true);

    expect(result.stdout.split('\n')[0]).toMatch(/^orders/);
    expect(result.stdout).toContain('provided.al2023');
  });

  it('JSON keeps the strings exactly', async () => {
    const result = await run('json', true);

    const document = JSON.parse(result.stdout) as { analyses: Analysis[]; failures: { error: { message: string } }[] };
    const analysis = document.analyses[0]!;
    expect(analysis.function.name).toBe(NAME);
    expect(analysis.function.runtime).toBe(RUNTIME);
    expect(analysis.warnings.some((warning) => warning.includes(LOG_GROUP))).toBe(true);
    expect(document.failures[0]!.error.message).toContain('ValidationException');
  });
});
