import { describe, expect, it } from 'vitest';

import type { CliIo } from '../../src/cli/io.js';
import { createProgress } from '../../src/cli/progress.js';

function ioWith(isTTY: boolean): { io: CliIo; written: string[] } {
  const written: string[] = [];
  const stream = { write: (text: string) => written.push(text), isTTY };
  return { io: { stdout: { write: () => undefined }, stderr: stream, stdin: process.stdin, env: {} }, written };
}

describe('progress bar', () => {
  it('writes nothing when stderr is not a TTY', () => {
    const { io, written } = ioWith(false);
    const progress = createProgress(io, 'analyzing');
    progress.setTotal(3);
    progress.advance(3);
    progress.finish();
    expect(written).toEqual([]);
  });

  it('redraws at most every 100 ms, and always at the end', () => {
    const { io, written } = ioWith(true);
    let now = 0;
    const progress = createProgress(io, 'analyzing', () => now);
    progress.setTotal(4);
    progress.advance();
    now = 50;
    progress.advance();
    now = 150;
    progress.advance();
    now = 160;
    progress.advance();
    expect(written).toEqual([
      '\ranalyzing [........................] 0/4 functions, 0.0 s\u001b[K',
      '\ranalyzing [##################......] 3/4 functions, 0.1 s\u001b[K',
      '\ranalyzing [########################] 4/4 functions, 0.2 s\u001b[K',
    ]);
  });

  it('writes log lines above the bar', () => {
    const { io, written } = ioWith(true);
    const progress = createProgress(io, 'analyzing', () => 0);
    progress.setTotal(2);
    progress.log('lambda-memory-advisor: fleet-0003: access denied\n');
    expect(written.slice(1)).toEqual([
      '\r\u001b[Klambda-memory-advisor: fleet-0003: access denied\n',
      '\ranalyzing [........................] 0/2 functions, 0.0 s\u001b[K',
    ]);
  });

  it('writes log lines alone off a TTY', () => {
    const { io, written } = ioWith(false);
    createProgress(io, 'analyzing').log('a line\n');
    expect(written).toEqual(['a line\n']);
  });
});
