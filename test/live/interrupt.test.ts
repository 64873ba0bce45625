/**
 * Ctrl-C during a Logs Insights query: the built CLI must stop the query with StopQuery,
 * exit with 130, print one line on stderr and write no report, to stdout or to --output.
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import type { FakeAws } from '../fake-aws/server.js';
import { liveArgs, spawnLive, startGoFake, stderrLines } from './live-helpers.js';

let fake: FakeAws | undefined;
const directory = mkdtempSync(join(tmpdir(), 'lma-interrupt-'));

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Resolves once the fake has received `operation`, checking every 20 ms. */
async function waitForCall(server: FakeAws, operation: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (server.count(operation) === 0) {
    if (Date.now() > deadline) throw new Error(`the CLI never called ${operation}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Ctrl-C during a Logs Insights query', () => {
  const variants: { name: string; functions: string[]; extra: (output: string) => string[] }[] = [
    { name: 'one function, table', functions: ['orders-api'], extra: () => [] },
    { name: 'two functions, JSON to --output', functions: ['orders-api', 'billing-api'], extra: (output) => ['--format', 'json', '--output', output] },
  ];

  for (const variant of variants) {
    it(`${variant.name}: StopQuery, exit 130, no report`, async () => {
      fake = await startGoFake(['orders-api', 'billing-api'], { runningPolls: Number.POSITIVE_INFINITY });
      const output = join(directory, `${variant.functions.length}-report.json`);
      const run = spawnLive(liveArgs(fake, variant.functions, ...variant.extra(output)));

      await waitForCall(fake, 'StartQuery');
      run.child.kill('SIGINT');
      const result = await run.result;

      const stops = fake.calls.filter((call) => call.operation === 'StopQuery');
      expect(stops.map((call) => call.body.queryId)).toEqual(['query-1']);
      expect(result.code).toBe(130);
      expect(result.stdout).toBe('');
      expect(stderrLines(result)).toEqual(['lambda-memory-advisor: interrupted: stopped the Logs Insights query on /aws/lambda/orders-api.']);
      expect(existsSync(output)).toBe(false);
      expect(fake.count('StartQuery')).toBe(1);
    });
  }
});
