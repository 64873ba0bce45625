/**
 * Collects per-invocation figures from any source (REPORT log lines, JSON platform.report
 * records, Logs Insights rows) into a `FunctionObservations` value.
 *
 * Memory grows with the number of invocations only. While scanning, each invocation keeps
 * its Duration as hundredths of a ms in a uint32 (4 bytes), Billed Duration and Max Memory
 * Used as uint16 (2 bytes each), and 1 byte of size index and status flags. A column widens
 * (to uint32, then float64) at the first value it cannot hold exactly. The request-id table
 * costs 13.3 to 18.7 bytes per id. Init Duration and timestamps are stored only where
 * present. Columns live in resizable ArrayBuffers that grow in place. `build` returns the
 * request-id table's memory to the system, then turns each column into an exact-length
 * array in its own buffer, with Duration converted to float64 in place.
 */

import type {
  FunctionObservations,
  InvocationSamples,
  InvocationStatus,
  MemorySizeObservation,
  ObservationSource,
  ParseStatistics,
} from '../analysis/observations.js';
import { allocateBuffer, releaseBuffer, type ResizableArrayBuffer } from '../analysis/buffers.js';

/** One invocation as a source reports it. Durations in ms, memory in MB. */
export interface InvocationRecord {
  requestId?: string;
  /** Epoch milliseconds. */
  timestampMs?: number;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  restoreDurationMs?: number;
  billedRestoreDurationMs?: number;
  status: InvocationStatus;
  /** `Error Type` of the REPORT line or `record.errorType` of a platform.report record. */
  errorType?: string;
  /** Sum of the report's `extensionOverhead` spans. */
  extensionOverheadMs?: number;
  /** Log stream name: one stream is one execution environment. */
  logStream?: string;
}

/** Facts about the function that the collector cannot infer from invocations. */
export interface CollectorMetadata {
  functionName: string;
  runtime?: string;
  source: ObservationSource;
  parse?: ParseStatistics;
  telemetryNotes?: string[];
}

const FLAG_TIMEOUT = 1;
const FLAG_ERROR = 2;
const FLAG_OOM = 4;
/** Number of distinct combinations of the status flags above. */
const STATUS_FLAG_VALUES = 8;

/** Error types that mean the runtime ran out of memory. */
const OOM_ERROR_TYPES = new Set(['Runtime.OutOfMemory']);

/**
 * Storage type of a `Column`. `hundredths` stores a value v as the whole number v × 100
 * in a uint32 when that number divided by 100 gives v back exactly, which holds for every
 * REPORT line figure (they carry two decimals). The other integer kinds store whole
 * numbers. A column widens to the next kind that can store a value, and float64 can store any.
 */
type ColumnKind = 'float64' | 'hundredths' | 'uint32' | 'uint16' | 'uint8';

type ColumnArray = Float64Array | Uint32Array | Uint16Array | Uint8Array;

const BYTES_PER_ENTRY: Record<ColumnKind, number> = { float64: 8, hundredths: 4, uint32: 4, uint16: 2, uint8: 1 };

/** Largest whole number that each integer kind stores. */
const MAX_VALUE: Record<'uint32' | 'uint16' | 'uint8', number> = { uint32: 0xffffffff, uint16: 0xffff, uint8: 0xff };

function view(kind: ColumnKind, buffer: ArrayBuffer, length?: number): ColumnArray {
  if (kind === 'uint8') return new Uint8Array(buffer, 0, length);
  if (kind === 'uint16') return new Uint16Array(buffer, 0, length);
  if (kind === 'uint32' || kind === 'hundredths') return new Uint32Array(buffer, 0, length);
  return new Float64Array(buffer, 0, length);
}

/** True when `value` reads back unchanged from a column of `kind`. Negative zero does not. */
function fits(kind: ColumnKind, value: number): boolean {
  if (kind === 'float64') return true;
  if (value === 0 && 1 / value < 0) return false;
  if (kind === 'hundredths') {
    const scaled = Math.round(value * 100);
    return scaled >= 0 && scaled <= 0xffffffff && scaled / 100 === value;
  }
  return Number.isInteger(value) && value >= 0 && value <= MAX_VALUE[kind];
}

/** Returns the kind that a column of `kind` turns into when `value` does not fit. */
function widerKind(kind: ColumnKind, value: number): ColumnKind {
  if (kind === 'uint8' && fits('uint16', value)) return 'uint16';
  if ((kind === 'uint8' || kind === 'uint16') && fits('uint32', value)) return 'uint32';
  return 'float64';
}

const PAGE_BYTES = 4096;

/** Smallest growth step, so that small inputs resize rarely. */
const MIN_GROWTH_BYTES = 64 * 1024;

/**
 * A column of per-invocation figures that grows in place, without copying and without
 * spare capacity beyond one growth step. It lives in a resizable ArrayBuffer, which V8 maps
 * outside the malloc heap and commits page by page, so the memory it releases goes back to
 * the system. `take` returns the entries as an exact-length array over the same buffer.
 */
class Column {
  private buffer: ArrayBuffer;
  private entries: ColumnArray;
  length = 0;

  constructor(private kind: ColumnKind) {
    this.buffer = allocateBuffer(MIN_GROWTH_BYTES);
    this.entries = view(kind, this.buffer);
  }

  push(value: number): void {
    if (!fits(this.kind, value)) this.widen(widerKind(this.kind, value));
    if (this.length === this.entries.length) this.reserve(this.length + 1);
    this.entries[this.length++] = this.kind === 'hundredths' ? Math.round(value * 100) : value;
  }

  /** Returns the stored entry at `index` of an integer column. */
  get(index: number): number {
    return this.entries[index] as number;
  }

  /** Replaces the entry at `index` of an integer column; `value` must fit its kind. */
  set(index: number, value: number): void {
    this.entries[index] = value;
  }

  /**
   * Returns the figures as an exact-length array and leaves the column empty. Hundredths
   * come back as float64 figures, converted in place; other kinds in their own array type.
   */
  take(): ColumnArray {
    if (this.kind === 'hundredths') this.widen('float64');
    this.resizeTo(this.length * BYTES_PER_ENTRY[this.kind]);
    const result = view(this.kind, this.buffer, this.length);
    this.buffer = new ArrayBuffer(0);
    this.entries = view(this.kind, this.buffer);
    this.length = 0;
    return result;
  }

  /** Returns the column's memory to the system now and leaves the column empty. */
  release(): void {
    releaseBuffer(this.buffer);
    this.buffer = new ArrayBuffer(0);
    this.entries = view(this.kind, this.buffer);
    this.length = 0;
  }

  /** Makes room for at least `length` entries. */
  private reserve(length: number): void {
    const needed = length * BYTES_PER_ENTRY[this.kind];
    const current = this.buffer.byteLength;
    if (needed <= current) return;
    const step = Math.max(MIN_GROWTH_BYTES, current / 8);
    // Whole pages, which also keeps the length a multiple of every entry size.
    this.resizeTo(Math.ceil(Math.max(needed, current + step) / PAGE_BYTES) * PAGE_BYTES);
  }

  private resizeTo(byteLength: number): void {
    const buffer = this.buffer as ResizableArrayBuffer;
    if (buffer.resizable === true && byteLength <= buffer.maxByteLength) {
      buffer.resize(byteLength);
    } else {
      const grown = allocateBuffer(byteLength);
      new Uint8Array(grown).set(new Uint8Array(buffer, 0, Math.min(byteLength, buffer.byteLength)));
      this.buffer = grown;
    }
    this.entries = view(this.kind, this.buffer);
  }

  /**
   * Converts the entries to the wider `kind` in place. The buffer grows first, then the
   * entries are rewritten from the last to the first, so that no entry is overwritten
   * before it is read.
   */
  private widen(kind: ColumnKind): void {
    const fromKind = this.kind;
    const length = this.length;
    this.resizeTo(Math.ceil(Math.max(this.buffer.byteLength, length * BYTES_PER_ENTRY[kind]) / PAGE_BYTES) * PAGE_BYTES);
    const source = view(fromKind, this.buffer, length);
    const target = view(kind, this.buffer);
    for (let i = length - 1; i >= 0; i--) {
      const stored = source[i] as number;
      target[i] = fromKind === 'hundredths' ? stored / 100 : stored;
    }
    this.kind = kind;
    this.entries = target;
  }
}

/**
 * Hashes a request id to 64 bits: a 32-bit FNV-1a hash, and a second FNV-style hash with
 * another offset basis and an extra shift so that the two halves differ. Request ids are ASCII, so hashing UTF-16 code units equals hashing bytes.
 */
export function hashRequestId(requestId: string): [number, number] {
  let low = 0x811c9dc5;
  let high = 0x050c5d1f;
  for (let i = 0; i < requestId.length; i++) {
    const code = requestId.charCodeAt(i);
    low = Math.imul(low ^ code, 0x01000193);
    high = Math.imul(high ^ code, 0x01000193) ^ (high >>> 15);
  }
  return [low >>> 0, high >>> 0];
}

/**
 * Maps request id hashes to invocation indexes with open addressing and linear probing.
 *
 * A slot stores only the invocation index + 1 (0 marks an empty slot) in 4 bytes. The
 * 64-bit hashes sit in two per-invocation columns, 8 bytes per id, which the probe reads
 * through the index. The slot array doubles when it would be more than three quarters
 * full, so the table costs 13.3 to 18.7 bytes per id.
 *
 * Two different ids with the same 64-bit hash would be taken for one (a false duplicate).
 * By the birthday bound the chance of any such pair among n ids is about n² / 2^65:
 * 3e-6 for ten million invocations.
 */
class RequestIdTable {
  private slots = new Uint32Array(allocateBuffer(4 * 1024));
  private size = 0;
  private readonly hashLow = new Column('uint32');
  private readonly hashHigh = new Column('uint32');

  /** Returns the invocation index stored for the hash, or -1. */
  get(low: number, high: number): number {
    return (this.slots[this.findSlot(low, high)] as number) - 1;
  }

  /**
   * Stores `index` for the hash unless the hash is present. Returns the stored index, or
   * -1 when the hash was new. `index` must be the next invocation index: the hash columns
   * are indexed by invocation and get one entry per call that stores.
   */
  getOrSet(low: number, high: number, index: number): number {
    if ((this.size + 1) * 4 > this.slots.length * 3) this.grow();
    const slot = this.findSlot(low, high);
    const value = this.slots[slot] as number;
    if (value !== 0) return value - 1;
    while (this.hashLow.length < index) {
      // Invocations without a request id get a placeholder entry that no slot points to.
      this.hashLow.push(0);
      this.hashHigh.push(0);
    }
    this.hashLow.push(low);
    this.hashHigh.push(high);
    this.size++;
    this.slots[slot] = index + 1;
    return -1;
  }

  private homeSlot(low: number, high: number, mask: number): number {
    return (low ^ Math.imul(high, 0x9e3779b1)) & mask;
  }

  private findSlot(low: number, high: number): number {
    const mask = this.slots.length - 1;
    let slot = this.homeSlot(low, high, mask);
    for (;;) {
      const value = this.slots[slot] as number;
      if (value === 0) return slot;
      if (this.hashLow.get(value - 1) === low && this.hashHigh.get(value - 1) === high) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(allocateBuffer(old.byteLength * 2));
    const mask = this.slots.length - 1;
    for (let k = 0; k < old.length; k++) {
      const value = old[k] as number;
      if (value === 0) continue;
      let slot = this.homeSlot(this.hashLow.get(value - 1), this.hashHigh.get(value - 1), mask);
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = value;
    }
    releaseBuffer(old.buffer);
  }

  /** Returns the table's memory to the system now rather than at the next garbage collection. The table is unusable afterwards. */
  release(): void {
    releaseBuffer(this.slots.buffer);
    this.hashLow.release();
    this.hashHigh.release();
  }
}

/** Invocations at one memory size. */
class SizeAccumulator {
  readonly durationMs = new Column('hundredths');
  /** Billed Duration is a whole number of ms on every current platform. */
  readonly billedDurationMs = new Column('uint16');
  readonly maxMemoryUsedMb = new Column('uint16');
  /** Init Duration of cold starts only, with the invocation's index within this size. */
  readonly initIndexes: number[] = [];
  readonly initDurationMs: number[] = [];
  /** Created at the first invocation with a timestamp; earlier entries are NaN. */
  timestampMs: Column | undefined;
  count = 0;
  coldStarts = 0;
  /** OOM kills known only by memory size, with no invocation to mark. */
  extraOomKills = 0;
  extensionOverheadMsTotal = 0;
  extensionOverheadCount = 0;
  firstTimestampMs = Infinity;
  lastTimestampMs = -Infinity;

  constructor(
    readonly memorySizeMb: number,
    /** Index in the collector's `sizeList`. */
    readonly sizeIndex: number,
  ) {}

  push(invocation: InvocationRecord, timestampMs: number): void {
    this.durationMs.push(invocation.durationMs);
    this.billedDurationMs.push(invocation.billedDurationMs);
    this.maxMemoryUsedMb.push(invocation.maxMemoryUsedMb);
    if (invocation.initDurationMs !== undefined && !Number.isNaN(invocation.initDurationMs)) {
      this.initIndexes.push(this.count);
      this.initDurationMs.push(invocation.initDurationMs);
    }
    if (this.timestampMs === undefined && !Number.isNaN(timestampMs)) {
      this.timestampMs = new Column('float64');
      for (let i = 0; i < this.count; i++) this.timestampMs.push(NaN);
    }
    this.timestampMs?.push(timestampMs);
    this.count++;
  }

  /** Moves the columns into exact-size arrays, one column at a time. */
  takeSamples(): InvocationSamples {
    const initDurationMs = { indexes: Uint32Array.from(this.initIndexes), valuesMs: Float64Array.from(this.initDurationMs) };
    this.initIndexes.length = 0;
    this.initDurationMs.length = 0;
    const timestampMs = this.timestampMs === undefined ? new Float64Array(0) : (this.timestampMs.take() as Float64Array);
    this.timestampMs = undefined;
    return {
      durationMs: this.durationMs.take() as Float64Array,
      billedDurationMs: this.billedDurationMs.take() as Float64Array | Uint32Array | Uint16Array,
      initDurationMs,
      maxMemoryUsedMb: this.maxMemoryUsedMb.take() as Float64Array | Uint16Array,
      timestampMs,
    };
  }
}

/** Smallest and largest Max Memory Used seen in one log stream at one size. */
interface StreamMemoryRange {
  memorySizeMb: number;
  minMb: number;
  maxMb: number;
  coldStarts: number;
  /** True when the stream name is a stand-in for an input that named no stream. */
  implicit: boolean;
}

/** Marks that arrived before the REPORT of their request id. */
interface PendingMarks {
  flags: number;
}

/**
 * Accumulates invocations and builds `FunctionObservations`.
 *
 * Status marks (`markTimeout`, `markOom`) may arrive before or after the invocation
 * they belong to, because a `Task timed out` line can precede or follow its REPORT line.
 */
export class InvocationCollector {
  private readonly sizes = new Map<number, SizeAccumulator>();
  private ids = new RequestIdTable();
  /**
   * Per invocation: the index of its size in `sizeList` times 8, plus its status flags
   * (FLAG_*, the low 3 bits). One byte per invocation for up to 32 sizes.
   */
  private statuses = new Column('uint8');
  private readonly pending = new Map<string, PendingMarks>();
  private readonly streams = new Map<string, StreamMemoryRange>();
  private readonly sizeList: number[] = [];
  private lastStream: { name: string; range: StreamMemoryRange } | undefined;

  private latestTimestampMs = -Infinity;
  private latestSizeMb: number | undefined;
  private lastSizeInInputOrderMb: number | undefined;

  /** Reports whose request id had been added already. */
  duplicates = 0;
  unattributedTimeouts = 0;
  unattributedOomKills = 0;

  /** Number of invocations added, duplicates excluded. */
  get count(): number {
    return this.statuses.length;
  }

  /**
   * Adds an invocation. Returns its index, or -1 when its request id was seen before
   * (the first report of an id wins; later ones only count as duplicates).
   * `implicitStream` names the input when the invocation has no log stream of its own.
   */
  add(invocation: InvocationRecord, implicitStream?: string): number {
    const index = this.statuses.length;
    if (invocation.requestId !== undefined) {
      const [low, high] = hashRequestId(invocation.requestId);
      if (this.ids.getOrSet(low, high, index) >= 0) {
        this.duplicates++;
        return -1;
      }
    }

    const size = this.accumulatorFor(invocation.memorySizeMb);
    const timestampMs = invocation.timestampMs ?? NaN;
    size.push(invocation, timestampMs);

    const coldStart = invocation.initDurationMs !== undefined || invocation.restoreDurationMs !== undefined;
    if (coldStart) size.coldStarts++;
    if (invocation.extensionOverheadMs !== undefined) {
      size.extensionOverheadMsTotal += invocation.extensionOverheadMs;
      size.extensionOverheadCount++;
    }
    this.trackTime(size, timestampMs, invocation.memorySizeMb);
    this.trackStream(invocation, coldStart, implicitStream);

    this.statuses.push(size.sizeIndex * STATUS_FLAG_VALUES + this.initialFlags(invocation));
    return index;
  }

  /** True when the invocation at `index` ended in an error that is not yet counted as an OOM kill. */
  isErrorWithoutOom(index: number): boolean {
    const flags = this.flagsAt(index);
    return (flags & FLAG_ERROR) !== 0 && (flags & FLAG_OOM) === 0;
  }

  isOom(index: number): boolean {
    return (this.flagsAt(index) & FLAG_OOM) !== 0;
  }

  /** Marks an invocation as timed out; without a request id the timeout stays unattributed. */
  markTimeout(requestId?: string): void {
    if (requestId === undefined) {
      this.unattributedTimeouts++;
      return;
    }
    this.mark(requestId, FLAG_TIMEOUT);
  }

  /**
   * Records an OOM kill: on the invocation with `requestId` when given, else as a kill at
   * `memorySizeMb` with no invocation, else as unattributed.
   * Marking one invocation twice counts one kill.
   */
  markOom(requestId?: string, memorySizeMb?: number): void {
    if (requestId !== undefined) {
      this.mark(requestId, FLAG_OOM | FLAG_ERROR);
    } else if (memorySizeMb !== undefined) {
      this.accumulatorFor(memorySizeMb).extraOomKills++;
    } else {
      this.unattributedOomKills++;
    }
  }

  /** Marks the invocation at `index` (as returned by `add`) as an OOM kill. */
  markOomAt(index: number): void {
    if (index >= 0 && index < this.statuses.length) this.addFlags(index, FLAG_OOM | FLAG_ERROR);
  }

  /**
   * Builds the observations. Call it once, after the last invocation: it moves the columns
   * into the result and frees the request-id table, so the collector is empty afterwards.
   */
  build(metadata: CollectorMetadata): FunctionObservations {
    this.ids.release();
    this.ids = new RequestIdTable();
    const statusCounts = this.countStatuses();
    this.statuses.release();
    const growth = this.countGrowthStreams();
    const sizes: MemorySizeObservation[] = [...this.sizes.values()]
      .sort((a, b) => a.memorySizeMb - b.memorySizeMb)
      .map((size) => this.buildSize(size, statusCounts, growth));

    // Marks whose request id never got a REPORT cannot be tied to a memory size.
    for (const marks of this.pending.values()) {
      if (marks.flags & FLAG_OOM) this.unattributedOomKills++;
      else if (marks.flags & FLAG_TIMEOUT) this.unattributedTimeouts++;
    }
    this.pending.clear();

    const observations: FunctionObservations = {
      configuration: {
        functionName: metadata.functionName,
        ...(this.latestSizeMb !== undefined || this.lastSizeInInputOrderMb !== undefined
          ? { memorySizeMb: this.latestSizeMb ?? this.lastSizeInInputOrderMb }
          : {}),
        ...(metadata.runtime !== undefined ? { runtime: metadata.runtime } : {}),
      },
      source: metadata.source,
      sizes,
      unattributedTimeouts: this.unattributedTimeouts,
      unattributedOomKills: this.unattributedOomKills,
      telemetryNotes: metadata.telemetryNotes ?? [],
    };
    const first = Math.min(...sizes.map((size) => size.firstTimestampMs ?? Infinity));
    const last = Math.max(...sizes.map((size) => size.lastTimestampMs ?? -Infinity));
    if (Number.isFinite(first)) observations.windowStartMs = first;
    if (Number.isFinite(last)) observations.windowEndMs = last;
    if (metadata.parse !== undefined) observations.parse = metadata.parse;
    return observations;
  }

  private accumulatorFor(memorySizeMb: number): SizeAccumulator {
    let size = this.sizes.get(memorySizeMb);
    if (size === undefined) {
      size = new SizeAccumulator(memorySizeMb, this.sizeList.length);
      this.sizes.set(memorySizeMb, size);
      this.sizeList.push(memorySizeMb);
    }
    return size;
  }

  private flagsAt(index: number): number {
    return index >= 0 && index < this.statuses.length ? this.statuses.get(index) % STATUS_FLAG_VALUES : 0;
  }

  private addFlags(index: number, flags: number): void {
    const old = this.flagsAt(index);
    this.statuses.set(index, this.statuses.get(index) - old + (old | flags));
  }

  private initialFlags(invocation: InvocationRecord): number {
    let flags = 0;
    if (invocation.status === 'timeout') flags |= FLAG_TIMEOUT;
    if (invocation.status === 'error') flags |= FLAG_ERROR;
    const oomType = invocation.errorType !== undefined && OOM_ERROR_TYPES.has(invocation.errorType);
    if (oomType || invocation.maxMemoryUsedMb >= invocation.memorySizeMb) flags |= FLAG_OOM | FLAG_ERROR;

    if (invocation.requestId !== undefined && this.pending.size > 0) {
      const marks = this.pending.get(invocation.requestId);
      if (marks !== undefined) {
        flags |= marks.flags;
        this.pending.delete(invocation.requestId);
      }
    }
    return flags;
  }

  private mark(requestId: string, flag: number): void {
    const [low, high] = hashRequestId(requestId);
    const index = this.ids.get(low, high);
    if (index >= 0) {
      this.addFlags(index, flag);
      return;
    }
    const marks = this.pending.get(requestId);
    if (marks === undefined) this.pending.set(requestId, { flags: flag });
    else marks.flags |= flag;
  }

  private trackTime(size: SizeAccumulator, timestampMs: number, memorySizeMb: number): void {
    this.lastSizeInInputOrderMb = memorySizeMb;
    if (Number.isNaN(timestampMs)) return;
    if (timestampMs < size.firstTimestampMs) size.firstTimestampMs = timestampMs;
    if (timestampMs > size.lastTimestampMs) size.lastTimestampMs = timestampMs;
    if (timestampMs >= this.latestTimestampMs) {
      this.latestTimestampMs = timestampMs;
      this.latestSizeMb = memorySizeMb;
    }
  }

  private trackStream(invocation: InvocationRecord, coldStart: boolean, implicitStream?: string): void {
    const streamName = invocation.logStream ?? implicitStream;
    if (streamName === undefined) return;
    // Consecutive invocations usually share a stream and size, so reuse the last entry.
    const last = this.lastStream;
    let range = last?.name === streamName && last.range.memorySizeMb === invocation.memorySizeMb ? last.range : undefined;
    if (range === undefined) {
      const key = `${invocation.memorySizeMb}\u0000${streamName}`;
      range = this.streams.get(key);
      if (range === undefined) {
        range = {
          memorySizeMb: invocation.memorySizeMb,
          minMb: invocation.maxMemoryUsedMb,
          maxMb: invocation.maxMemoryUsedMb,
          coldStarts: 0,
          implicit: invocation.logStream === undefined,
        };
        this.streams.set(key, range);
      }
      this.lastStream = { name: streamName, range };
    }
    range.minMb = Math.min(range.minMb, invocation.maxMemoryUsedMb);
    range.maxMb = Math.max(range.maxMb, invocation.maxMemoryUsedMb);
    if (coldStart) range.coldStarts++;
  }

  /**
   * Counts, per size, the streams whose Max Memory Used rose. Max Memory Used is the
   * environment's running maximum, so within one environment it rose exactly when its
   * smallest and largest values differ, in whatever order the lines were read.
   */
  private countGrowthStreams(): Map<number, number> {
    const growth = new Map<number, number>();
    for (const range of this.streams.values()) {
      // NOTE: an input that names no stream is taken as one execution environment only
      // when it shows at most one cold start at that size. Several warm environments
      // interleaved without stream names would be miscounted as one.
      if (range.implicit && range.coldStarts > 1) continue;
      const rose = range.maxMb > range.minMb ? 1 : 0;
      growth.set(range.memorySizeMb, (growth.get(range.memorySizeMb) ?? 0) + rose);
    }
    return growth;
  }

  /** Counts timeouts, errors and OOM kills per size index; OOM outranks timeout, timeout outranks error. */
  private countStatuses(): Map<number, { timeouts: number; errors: number; oomKills: number }> {
    const counts = new Map<number, { timeouts: number; errors: number; oomKills: number }>();
    for (let index = 0; index < this.statuses.length; index++) {
      const status = this.statuses.get(index);
      const flags = status % STATUS_FLAG_VALUES;
      if (flags === 0) continue;
      const sizeIndex = Math.floor(status / STATUS_FLAG_VALUES);
      let entry = counts.get(sizeIndex);
      if (entry === undefined) {
        entry = { timeouts: 0, errors: 0, oomKills: 0 };
        counts.set(sizeIndex, entry);
      }
      if (flags & FLAG_OOM) entry.oomKills++;
      else if (flags & FLAG_TIMEOUT) entry.timeouts++;
      else if (flags & FLAG_ERROR) entry.errors++;
    }
    return counts;
  }

  private buildSize(
    size: SizeAccumulator,
    statusCounts: Map<number, { timeouts: number; errors: number; oomKills: number }>,
    growth: Map<number, number>,
  ): MemorySizeObservation {
    const counts = statusCounts.get(size.sizeIndex);
    const observation: MemorySizeObservation = {
      memorySizeMb: size.memorySizeMb,
      invocations: size.count,
      samples: size.takeSamples(),
      coldStarts: size.coldStarts,
      timeouts: counts?.timeouts ?? 0,
      errors: counts?.errors ?? 0,
      oomKills: (counts?.oomKills ?? 0) + size.extraOomKills,
      extensionOverheadMsTotal: size.extensionOverheadMsTotal,
      extensionOverheadCount: size.extensionOverheadCount,
    };
    const growthStreams = growth.get(size.memorySizeMb);
    if (growthStreams !== undefined) observation.memoryGrowthStreams = growthStreams;
    if (Number.isFinite(size.firstTimestampMs)) observation.firstTimestampMs = size.firstTimestampMs;
    if (Number.isFinite(size.lastTimestampMs)) observation.lastTimestampMs = size.lastTimestampMs;
    return observation;
  }
}
