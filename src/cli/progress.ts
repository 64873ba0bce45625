import type { CliIo } from './io.js';

/** Shortest time between two redraws, so a fast run writes at most about 10 updates a second. */
const REDRAW_INTERVAL_MS = 100;

const BAR_WIDTH = 24;

export interface Progress {
  /** Sets the number of functions to analyse, once discovery knows it. */
  setTotal(total: number): void;
  /** Counts finished functions (analysed, failed or idle). */
  advance(count?: number): void;
  /** Writes a line to stderr above the bar, so the bar never runs into it. */
  log(line: string): void;
  /** Clears the line. */
  finish(): void;
}

function silentProgress(io: CliIo): Progress {
  return { setTotal: () => undefined, advance: () => undefined, log: (line) => io.stderr.write(line), finish: () => undefined };
}

/**
 * Returns a progress bar on stderr (functions done / total, elapsed seconds) redrawn with
 * `\r`, or a silent one when stderr is not a terminal, so CI logs and captured output
 * never contain it.
 */
export function createProgress(io: CliIo, label: string, nowMs: () => number = Date.now): Progress {
  if (io.stderr.isTTY !== true) return silentProgress(io);
  const started = nowMs();
  let total = 0;
  let done = 0;
  let lastDrawMs = Number.NEGATIVE_INFINITY;

  const draw = (force: boolean): void => {
    const now = nowMs();
    if (!force && now - lastDrawMs < REDRAW_INTERVAL_MS) return;
    lastDrawMs = now;
    const share = total === 0 ? 0 : done / total;
    const filled = Math.round(share * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
    const elapsed = ((now - started) / 1000).toFixed(1);
    io.stderr.write(`\r${label} [${bar}] ${done}/${total} functions, ${elapsed} s\u001b[K`);
  };

  return {
    setTotal(value) {
      total = value;
      draw(true);
    },
    advance(count = 1) {
      done += count;
      draw(done >= total);
    },
    log(line) {
      io.stderr.write(`\r\u001b[K${line}`);
      draw(true);
    },
    finish() {
      io.stderr.write('\r\u001b[K');
    },
  };
}
