import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { useColor, type CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { fixture } from '../helpers/run-cli.js';

function io(isTTY: boolean, env: NodeJS.ProcessEnv = {}): CliIo & { output: () => string } {
  let output = '';
  return {
    stdout: { isTTY, write: (text: string) => (output += text) },
    stderr: { isTTY, write: () => true },
    stdin: new PassThrough(),
    env,
    output: () => output,
  };
}

describe('useColor', () => {
  it('colours a TTY', () => {
    expect(useColor(io(true), true)).toBe(true);
  });

  it('never colours a pipe', () => {
    expect(useColor(io(false), true)).toBe(false);
  });

  it('honours NO_COLOR, TERM=dumb and --no-color', () => {
    expect(useColor(io(true, { NO_COLOR: '1' }), true)).toBe(false);
    expect(useColor(io(true, { TERM: 'dumb' }), true)).toBe(false);
    expect(useColor(io(true), false)).toBe(false);
  });
});

describe('table colours', () => {
  const go = fixture('reports/go-matrix-provided-al2023-arm64-1769mb.report.log');

  it('appear on a TTY', async () => {
    const terminal = io(true);
    expect(await main(['analyze', '--logs', go], terminal)).toBe(0);
    expect(terminal.output()).toContain('\u001b[32mRECOMMENDED\u001b[39m');
  });

  it('disappear with --no-color', async () => {
    const terminal = io(true);
    expect(await main(['analyze', '--logs', go, '--no-color'], terminal)).toBe(0);
    expect(terminal.output()).not.toContain('\u001b[');
  });
});

describe('stdin input', () => {
  it('reads REPORT lines from -', async () => {
    const terminal = io(false);
    const stdin = terminal.stdin as PassThrough;
    stdin.end(
      'REPORT RequestId: 0f2f4c5e-0000-4000-8000-000000000001\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 40 MB\n',
    );
    expect(await main(['analyze', '--logs', '-', '--format', 'json', '--min-invocations', '1'], terminal)).toBe(0);
    const analysis = JSON.parse(terminal.output()) as { invocations: number; observed: { duration: { p95: { value: number } } }[] };
    expect(analysis.invocations).toBe(1);
    expect(analysis.observed[0]!.duration.p95.value).toBe(12.5);
  });
});
