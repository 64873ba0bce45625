/**
 * Runs every benchmark and writes docs/benchmarks.md.
 *
 * Usage: npm run bench [-- --quick] [-- --output FILE]
 * Environment: BENCH_SCAN_MB (default 500), BENCH_RSS_INVOCATIONS (default 5000000),
 * BENCH_RUNS (default 5 scan runs, 4 times as many start-up runs), BENCH_NO_HYPERFINE=1.
 * `--quick` uses 50 MB, 500,000 invocations and 3 runs and writes to the temp directory
 * unless --output is given. Generated logs go to a temp directory that is removed at the end.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

import { runAccuracyBenchmark } from './accuracy.js';
import { runFleetBenchmark } from './fleet.js';
import { renderPage } from './render.js';
import { runScanBenchmark } from './scan.js';
import { runStartupBenchmark } from './startup.js';
import { machineInfo } from './lib/system.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function parseOptions(argv) {
  const quick = argv.includes('--quick');
  const outputAt = argv.indexOf('--output');
  const number = (name, fallback) => (process.env[name] === undefined ? fallback : Number(process.env[name]));
  return {
    quick,
    output: outputAt >= 0 ? argv[outputAt + 1] : quick ? join(os.tmpdir(), 'benchmarks-quick.md') : join(ROOT, 'docs', 'benchmarks.md'),
    megabytes: number('BENCH_SCAN_MB', quick ? 50 : 500),
    rssInvocations: number('BENCH_RSS_INVOCATIONS', quick ? 500_000 : 5_000_000),
    runs: number('BENCH_RUNS', quick ? 3 : 5),
    useHyperfine: process.env.BENCH_NO_HYPERFINE !== '1',
  };
}

const options = parseOptions(process.argv.slice(2));
const bin = join(ROOT, 'bin', 'lambda-memory-advisor.js');
const directory = mkdtempSync(join(os.tmpdir(), 'lma-bench-'));
const log = (message) => process.stderr.write(`bench: ${message}\n`);

try {
  const machine = machineInfo();
  log(`scan: ${options.megabytes} MB, ${options.runs} runs each`);
  const scan = await runScanBenchmark({ directory, bin, megabytes: options.megabytes, rssInvocations: options.rssInvocations, runs: options.runs });
  log('start-up');
  const startup = runStartupBenchmark({
    bin,
    fixture: join(ROOT, 'fixtures', 'reports', 'go-matrix-provided-al2023-arm64-1769mb.report.log'),
    runs: options.runs * 4,
    directory,
    useHyperfine: options.useHyperfine,
  });
  log('model accuracy');
  const model = await import(join(ROOT, 'dist', 'analysis', 'duration-model.js'));
  const accuracy = runAccuracyBenchmark(model);
  log('fleet API cost');
  const fleet = await runFleetBenchmark({ directory, bin, runs: options.quick ? 1 : 3 });

  const command = `npm run bench${options.quick ? ' -- --quick' : ''}`;
  mkdirSync(dirname(options.output), { recursive: true });
  writeFileSync(options.output, renderPage({ command, options, machine, scan, startup, accuracy, fleet }));
  log(`wrote ${options.output}`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
