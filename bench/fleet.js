/**
 * Fleet API cost: audits a fleet of 1,000 functions against the fake AWS server of the tests
 * (test/fake-aws) with a fixed delay on every call, and reports AWS calls per function by
 * operation and the wall time of `analyze --all`.
 *
 * The fake server is TypeScript, so it is compiled with the project's tsc into the bench's
 * temp directory first. Every call goes to 127.0.0.1 with fake static credentials.
 *
 * Usage: `npm run build && node bench/fleet.js` measures and rewrites the "Fleet API cost"
 * section of docs/benchmarks.md (or of `--output FILE`); `npm run bench` runs it with the others.
 * Environment: BENCH_FLEET_FUNCTIONS (default 1000), BENCH_FLEET_LATENCY_MS (default 50),
 * BENCH_FLEET_RUNS (default 3).
 */

import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

import { loadAverage, loadRange, machineInfo, median } from './lib/system.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** AWS example keys from the AWS documentation: valid in form, valid nowhere. */
const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

export const FLEET_TARGETS = { callsPerFunction: 0.2, wallSeconds: 5 };

/** Compiles the fake server and the fleet data builder into `directory` and imports them. */
async function loadFakeAws(directory) {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'bench', 'tsconfig.fake-aws.json'), '--outDir', directory], {
    stdio: 'inherit',
  });
  // The emitted files are ES modules, and a directory outside the project has no package.json.
  writeFileSync(join(directory, 'package.json'), '{"type":"module"}\n');
  const server = await import(pathToFileURL(join(directory, 'test', 'fake-aws', 'server.js')).href);
  const data = await import(pathToFileURL(join(directory, 'test', 'fake-aws', 'fleet-data.js')).href);
  return { startFakeAws: server.startFakeAws, fleetConfig: data.fleetConfig };
}

/** Runs the CLI asynchronously, because the fake server replies from this process's event loop. */
function runCli(bin, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    execFile(process.execPath, [bin, ...args], { env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (error !== null) reject(new Error(`analyze --all failed with exit code ${error.code}: ${stderr}`));
      else resolve({ ms, stdout });
    });
  });
}

/**
 * Measures `runs` audits of `functions` functions with `latencyMs` per call. Returns the
 * median wall time, every run's time, the load averages seen and the calls of the last run
 * by operation (the counts are the same in every run).
 */
export async function runFleetBenchmark({ directory, bin, functions = 1000, latencyMs = 50, runs = 3 }) {
  const { startFakeAws, fleetConfig } = await loadFakeAws(join(directory, 'fake-aws'));
  const awsDirectory = mkdtempSync(join(directory, 'aws-'));
  writeFileSync(join(awsDirectory, 'config'), '');
  writeFileSync(join(awsDirectory, 'credentials'), '');
  const env = {
    PATH: process.env.PATH,
    NO_COLOR: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_CONFIG_FILE: join(awsDirectory, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(awsDirectory, 'credentials'),
    ...FAKE_CREDENTIALS,
  };

  const times = [];
  const loads = [];
  let calls = {};
  let records = 0;
  for (let run = 0; run < runs; run++) {
    const fake = await startFakeAws({ ...fleetConfig({ count: functions }), latencyMs });
    try {
      const args = ['analyze', '--all', '--endpoint-url', fake.url, '--region', 'us-east-1', '--start', '2026-04-24T00:00:00Z', '--end', '2026-04-25T00:00:00Z', '--format', 'ndjson'];
      loads.push(loadAverage());
      const { ms, stdout } = await runCli(bin, args, env);
      times.push(ms);
      records = stdout.split('\n').filter((line) => line.length > 0).length;
      calls = {};
      for (const call of fake.calls) calls[call.operation] = (calls[call.operation] ?? 0) + 1;
    } finally {
      await fake.close();
    }
  }
  if (records !== functions) throw new Error(`expected ${functions} NDJSON records, got ${records}`);

  // One run without the delay separates the tool's own time from waiting on the service.
  const fake = await startFakeAws(fleetConfig({ count: functions }));
  let baselineMs;
  try {
    const args = ['analyze', '--all', '--endpoint-url', fake.url, '--region', 'us-east-1', '--start', '2026-04-24T00:00:00Z', '--end', '2026-04-25T00:00:00Z', '--format', 'ndjson'];
    baselineMs = (await runCli(bin, args, env)).ms;
  } finally {
    await fake.close();
  }
  return { measured: true, functions, latencyMs, runs, times, medianMs: median(times), baselineMs, loads, calls };
}

const CALL_ORDER = ['ListFunctions', 'GetMetricData', 'DescribeLogGroups', 'StartQuery', 'GetQueryResults'];

/** Explanation of the wall time, read from the code of the fleet path (src/cli/fleet.ts). */
const WALL_TIME_BREAKDOWN = `The wall time is mostly waiting: ListFunctions pages are read one after another (20 calls × the
delay), GetMetricData and DescribeLogGroups then run 4 calls at a time, and each Logs Insights
batch costs StartQuery, a first poll after 250 ms (\`DEFAULT_POLL_DELAYS_MS\` in
src/sources/aws/logs-insights.ts) and GetQueryResults, 4 queries at a time (\`--concurrency\`).
Against real CloudWatch a query over 14 days of 50 log groups runs for seconds to minutes, so
real audits take longer than this; the benchmark measures the tool's own overhead and call count.`;

/** Renders the "Fleet API cost" section of docs/benchmarks.md. */
export function renderFleetSection(fleet, machine) {
  if (!fleet.measured) return '## Fleet API cost\n\nNot measured in this run.\n';
  const total = Object.values(fleet.calls).reduce((sum, count) => sum + count, 0);
  const operations = [...CALL_ORDER.filter((name) => name in fleet.calls), ...Object.keys(fleet.calls).filter((name) => !CALL_ORDER.includes(name))];
  const rows = operations.map((name) => `| ${name} | ${fleet.calls[name]} | ${(fleet.calls[name] / fleet.functions).toFixed(3)} |`);
  const perFunction = total / fleet.functions;
  const seconds = fleet.medianMs / 1000;
  const verdict = (value, target, unit) =>
    value <= target ? 'met' : `missed by ${(value - target).toFixed(unit === 's' ? 2 : 3)}${unit === 's' ? ' s' : ''} (${(value / target).toFixed(2)}× the target)`;
  return `## Fleet API cost

Measured with \`npm run build && node bench/fleet.js\` on ${machine.date}: ${machine.nproc} CPUs (\`nproc\`),
${machine.cpuModel}, Node.js ${machine.node}, load ${loadRange(fleet.loads)} (1 minute).
\`analyze --all --format ndjson\` over ${fleet.functions.toLocaleString('en-US')} functions against the fake AWS server
of the tests (test/fake-aws/server.ts with test/fake-aws/fleet-data.ts) on 127.0.0.1, which waits
${fleet.latencyMs} ms before every reply. The fake runs in the bench's own process, on the same CPUs as the CLI. Default \`--concurrency\` (4). Median of ${fleet.runs} runs.

| operation | calls | calls per function |
| --- | --- | --- |
${rows.join('\n')}
| total | ${total} | ${perFunction.toFixed(3)} |

| target | figure | result |
| --- | --- | --- |
| at most ${FLEET_TARGETS.callsPerFunction} AWS calls per function | ${perFunction.toFixed(3)} | ${verdict(perFunction, FLEET_TARGETS.callsPerFunction, '')} |
| at most ${FLEET_TARGETS.wallSeconds} s wall time | ${seconds.toFixed(2)} s (runs: ${fleet.times.map((ms) => (ms / 1000).toFixed(2)).join(', ')}) | ${verdict(seconds, FLEET_TARGETS.wallSeconds, 's')} |

ListFunctions returns 50 functions per page, GetMetricData carries 38 functions (13 metric
queries each, at most 500 per call), DescribeLogGroups names 50 log groups per call, and each Logs
Insights query aggregates 50 log groups \`by @log, @memorySize\`. Every function of the fake has
invocations and readable logs; a log group that rejects the query costs about 12 more queries
while its batch is halved down to the failing group.

${WALL_TIME_BREAKDOWN}

The same audit without the delay took ${(fleet.baselineMs / 1000).toFixed(2)} s (one run): Node.js start-up, analysing
${fleet.functions.toLocaleString('en-US')} functions, and 250 ms before the first poll in each round of 4 queries.
`;
}

/** Replaces the "## Fleet API cost" section of a benchmarks page, up to the next "## " heading. */
export function replaceFleetSection(page, section) {
  const start = page.indexOf('## Fleet API cost');
  if (start < 0) throw new Error('the page has no "## Fleet API cost" section');
  const next = page.indexOf('\n## ', start + 1);
  return `${page.slice(0, start)}${section}${next < 0 ? '' : page.slice(next)}`;
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const argv = process.argv.slice(2);
  const outputAt = argv.indexOf('--output');
  const output = outputAt >= 0 ? argv[outputAt + 1] : join(ROOT, 'docs', 'benchmarks.md');
  const number = (name, fallback) => (process.env[name] === undefined ? fallback : Number(process.env[name]));
  const directory = mkdtempSync(join(os.tmpdir(), 'lma-bench-fleet-'));
  try {
    const fleet = await runFleetBenchmark({
      directory,
      bin: join(ROOT, 'bin', 'lambda-memory-advisor.js'),
      functions: number('BENCH_FLEET_FUNCTIONS', 1000),
      latencyMs: number('BENCH_FLEET_LATENCY_MS', 50),
      runs: number('BENCH_FLEET_RUNS', 3),
    });
    const section = renderFleetSection(fleet, machineInfo());
    writeFileSync(output, replaceFleetSection(readFileSync(output, 'utf8'), section));
    process.stderr.write(section);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
