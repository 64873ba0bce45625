/**
 * Array buffers whose memory can be returned to the system at once. V8 maps a resizable
 * ArrayBuffer outside the malloc heap and commits its pages as it grows, so shrinking one
 * to zero bytes frees its memory without waiting for garbage collection, and growing one
 * never copies. Large per-invocation arrays use them to keep the peak RSS low.
 */

/** ES2024 resizable ArrayBuffer, which the ES2023 library types lack. Node.js 20 has it. */
export interface ResizableArrayBuffer extends ArrayBuffer {
  readonly resizable: boolean;
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}

type ResizableArrayBufferConstructor = new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

/**
 * Largest byte length that a buffer can grow to in place: 2^29 float64 entries. V8
 * reserves this much address space per buffer but commits pages only as the buffer grows.
 */
export const MAX_RESIZABLE_BYTES = 2 ** 32;

/**
 * Allocates a zero-filled resizable buffer of `byteLength` bytes that can grow to
 * `maxByteLength`. Falls back to a fixed-size buffer when the address space for the
 * reservation is not available (for example under ulimit -v).
 */
export function allocateBuffer(byteLength: number, maxByteLength: number = MAX_RESIZABLE_BYTES): ArrayBuffer {
  try {
    return new (ArrayBuffer as unknown as ResizableArrayBufferConstructor)(byteLength, { maxByteLength: Math.max(byteLength, maxByteLength) });
  } catch (error) {
    if (error instanceof RangeError) return new ArrayBuffer(byteLength);
    throw error;
  }
}

/**
 * Shrinks a resizable buffer to zero bytes, which returns its pages to the system at once.
 * Views over it read as empty afterwards. A fixed-size buffer waits for garbage collection.
 */
export function releaseBuffer(buffer: ArrayBufferLike): void {
  const resizable = buffer as ResizableArrayBuffer;
  if (resizable.resizable === true) resizable.resize(0);
}
