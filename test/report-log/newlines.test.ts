import { describe, expect, it } from 'vitest';

import { countNewlines } from '../../src/sources/report-log/newlines.js';

/** Counts newlines one byte at a time, the reference for the word-at-a-time count. */
function countSlowly(buf: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (buf[i] === 10) count++;
  return count;
}

describe('countNewlines', () => {
  it('matches a byte loop at every offset and length', () => {
    // Bytes next to 0x0a (0x09, 0x0b, 0x8a) catch carries and sign errors in the word test.
    const pattern = [10, 10, 11, 9, 0x8a, 10, 0, 0xff, 10, 1, 10, 10, 10, 10, 97, 0x0b];
    const backing = Buffer.alloc(64 + 3);
    for (let i = 0; i < backing.length; i++) backing[i] = pattern[i % pattern.length] ?? 0;

    for (let shift = 0; shift < 4; shift++) {
      const buf = backing.subarray(shift);
      for (let from = 0; from < 12; from++) {
        for (let to = from; to <= buf.length; to++) {
          expect(countNewlines(buf, from, to), `shift ${shift}, [${from}, ${to})`).toBe(countSlowly(buf, from, to));
        }
      }
    }
  });

  it('counts zero in an empty range', () => {
    expect(countNewlines(Buffer.from('\n\n'), 1, 1)).toBe(0);
  });

  it('counts a word of four newlines', () => {
    expect(countNewlines(Buffer.from('\n\n\n\n\n\n\n\n'), 0, 8)).toBe(8);
  });
});
