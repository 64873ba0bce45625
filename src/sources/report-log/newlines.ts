/** Newline counting for the scanner's skipped ranges. */

const NEWLINE = 10;
const NEWLINES = 0x0a0a0a0a;
const LOW_SEVEN_BITS = 0x7f7f7f7f;
const ONE_PER_BYTE = 0x01010101;

/**
 * Counts the `\n` bytes in `buf[from, to)`.
 *
 * Whole aligned 32-bit words are tested four bytes at a time: after XOR with `\n\n\n\n`
 * a newline byte is zero, and `~(((w & 0x7f7f7f7f) + 0x7f7f7f7f) | w | 0x7f7f7f7f)` sets
 * the top bit of exactly the zero bytes, with no carry between bytes. On a 500 MB log
 * this is several times faster than one `Buffer.indexOf` call per line, whose call
 * overhead dominates on lines of about 80 bytes.
 */
export function countNewlines(buf: Uint8Array, from: number, to: number): number {
  let count = 0;
  let i = from;
  // Bytes before the first 4-byte boundary of the underlying ArrayBuffer.
  while (i < to && ((buf.byteOffset + i) & 3) !== 0) {
    if (buf[i] === NEWLINE) count++;
    i++;
  }

  const wordCount = (to - i) >>> 2;
  if (wordCount > 0) {
    const words = new Uint32Array(buf.buffer, buf.byteOffset + i, wordCount);
    for (let k = 0; k < wordCount; k++) {
      const word = (words[k] as number) ^ NEWLINES;
      const zeroBytes = ~(((word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | word | LOW_SEVEN_BITS);
      // The top bits sit at 7, 15, 23 and 31; shifted down and multiplied, their sum lands in the top byte.
      count += Math.imul((zeroBytes >>> 7) & ONE_PER_BYTE, ONE_PER_BYTE) >>> 24;
    }
    i += wordCount * 4;
  }

  while (i < to) {
    if (buf[i] === NEWLINE) count++;
    i++;
  }
  return count;
}
