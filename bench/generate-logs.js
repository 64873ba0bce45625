/**
 * Deterministic generator of realistic Lambda logs for the scan benchmarks.
 *
 * Each invocation writes what a Node.js function writes to CloudWatch: an INIT_START line
 * on cold starts, START, application lines (some containing the word REPORT, so an
 * unanchored grep overcounts), a `Task timed out` line on timeouts, END and REPORT.
 * `format: 'json'` writes the same invocations in the JSON log format (platform.start,
 * application records, platform.report). The same seed always produces the same bytes.
 *
 * Usage: node bench/generate-logs.js --mb 50 [--format text|json] [--reports-only]
 *        [--invocations N] [--seed S] > out.log
 */

import { Buffer } from 'node:buffer';
import process from 'node:process';

/** Mulberry32: a small, fast 32-bit PRNG; good enough for synthetic logs. */
function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef';

function hex(random, length) {
  let text = '';
  for (let i = 0; i < length; i++) text += HEX[(random() * 16) | 0];
  return text;
}

function uuid(random) {
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;
}

/** A standard normal deviate by Box-Muller. */
function normal(random) {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Memory sizes and their share of invocations: most traffic at 512 MB, a canary at 1024 MB. */
const SIZES = [
  { memorySizeMb: 512, share: 0.8, medianMs: 180, usedMb: 96 },
  { memorySizeMb: 1024, share: 0.2, medianMs: 110, usedMb: 101 },
];

const TIMEOUT_MS = 3000;
const COLD_START_RATE = 0.02;
const TIMEOUT_RATE = 0.001;

const APPLICATION_MESSAGES = [
  'Fetching order {"orderId":"ORD-%","region":"eu-west-1"}',
  'REPORT generated for customer %: 12 line items, total 184.20 EUR',
  'Cache miss for key user:%; loading from DynamoDB',
  'Sending REPORT email to finance-% via SES',
  'Processed batch of % records in 3 pages',
  'Validation passed for payload % (schema v7)',
];

/** Draws one invocation: its size, request id, durations and whether it is cold or timed out. */
function drawInvocation(random, clockMs) {
  const pick = random();
  const size = pick < SIZES[0].share ? SIZES[0] : SIZES[1];
  const cold = random() < COLD_START_RATE;
  const timedOut = random() < TIMEOUT_RATE;
  // Log-normal with sigma 0.45: P95 is about 2.1 times the median.
  let durationMs = size.medianMs * Math.exp(0.45 * normal(random)) + (cold ? 40 : 0);
  if (timedOut) durationMs = TIMEOUT_MS + random() * 5;
  durationMs = Math.round(durationMs * 100) / 100;
  const initMs = cold ? Math.round((180 + 60 * random()) * 100) / 100 : 0;
  const usedMb = size.usedMb + ((random() * 12) | 0);
  const messages = 1 + ((random() * 4) | 0);
  const details = [];
  for (let i = 0; i < messages; i++) {
    const template = APPLICATION_MESSAGES[(random() * APPLICATION_MESSAGES.length) | 0];
    details.push(template.replace('%', String((random() * 1e6) | 0)));
  }
  return { size, requestId: uuid(random), cold, timedOut, durationMs, initMs, usedMb, details, startMs: clockMs };
}

function isoTime(ms) {
  return new Date(ms).toISOString();
}

function textLines(invocation, reportsOnly) {
  const { size, requestId, cold, timedOut, durationMs, initMs, usedMb, startMs } = invocation;
  const billedMs = Math.ceil(durationMs);
  let report = `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billedMs} ms\tMemory Size: ${size.memorySizeMb} MB\tMax Memory Used: ${usedMb} MB\t`;
  if (cold) report += `Init Duration: ${initMs.toFixed(2)} ms\t`;
  if (timedOut) report += 'Status: timeout\t';
  if (reportsOnly) return `${report}\n`;

  let text = '';
  if (cold) {
    text += 'INIT_START Runtime Version: nodejs:20.v22\tRuntime Version ARN: arn:aws:lambda:eu-west-1::runtime:0f6b1b5b2c7e\n';
  }
  text += `START RequestId: ${requestId} Version: $LATEST\n`;
  for (const detail of invocation.details) text += `${isoTime(startMs + 3)}\t${requestId}\tINFO\t${detail}\n`;
  if (timedOut) text += `${isoTime(startMs + TIMEOUT_MS)} ${requestId} Task timed out after 3.00 seconds\n`;
  text += `END RequestId: ${requestId}\n`;
  return `${text}${report}\n`;
}

function jsonLines(invocation) {
  const { size, requestId, cold, timedOut, durationMs, initMs, usedMb, startMs } = invocation;
  let text = '';
  if (cold) {
    text += `{"time":"${isoTime(startMs - 250)}","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init","runtimeVersion":"nodejs:20.v22","runtimeVersionArn":"arn:aws:lambda:eu-west-1::runtime:0f6b1b5b2c7e"}}\n`;
  }
  text += `{"time":"${isoTime(startMs)}","type":"platform.start","record":{"requestId":"${requestId}","version":"$LATEST"}}\n`;
  for (const detail of invocation.details) {
    text += `{"timestamp":"${isoTime(startMs + 3)}","level":"INFO","requestId":"${requestId}","message":${JSON.stringify(detail)}}\n`;
  }
  const metrics = [
    `"durationMs":${durationMs}`,
    `"billedDurationMs":${Math.ceil(durationMs)}`,
    `"memorySizeMB":${size.memorySizeMb}`,
    `"maxMemoryUsedMB":${usedMb}`,
  ];
  if (cold) metrics.push(`"initDurationMs":${initMs}`);
  const status = timedOut ? 'timeout' : 'success';
  text += `{"time":"${isoTime(startMs + durationMs)}","type":"platform.report","record":{"requestId":"${requestId}","metrics":{${metrics.join(',')}},"status":"${status}"}}\n`;
  return text;
}

/**
 * Writes logs to `output` until `bytes` are written or `invocations` are drawn, whichever
 * comes first. Resolves to the counts that the benchmark checks the tools against.
 */
export async function generateLogs(output, { bytes = Infinity, invocations = Infinity, format = 'text', reportsOnly = false, seed = 1 }) {
  const random = createRandom(seed);
  const counts = { bytes: 0, invocations: 0, timeouts: 0, coldStarts: 0 };
  let clockMs = Date.UTC(2026, 2, 1);
  const pieces = [];
  let pending = 0;

  while (counts.bytes < bytes && counts.invocations < invocations) {
    const invocation = drawInvocation(random, clockMs);
    clockMs += 20;
    const text = format === 'json' ? jsonLines(invocation) : textLines(invocation, reportsOnly);
    counts.invocations++;
    if (invocation.timedOut) counts.timeouts++;
    if (invocation.cold) counts.coldStarts++;
    counts.bytes += text.length;
    pieces.push(text);
    pending += text.length;
    if (pending >= 1 << 20) {
      await write(output, pieces.join(''));
      pieces.length = 0;
      pending = 0;
    }
  }
  if (pieces.length > 0) await write(output, pieces.join(''));
  return counts;
}

function write(output, text) {
  return new Promise((resolve, reject) => {
    const flushed = output.write(Buffer.from(text, 'latin1'), (error) => (error ? reject(error) : undefined));
    if (flushed) resolve();
    else output.once('drain', resolve);
  });
}

function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if (name === '--reports-only') options.reportsOnly = true;
    else if (name === '--mb') options.bytes = Number(argv[++i]) * 1024 * 1024;
    else if (name === '--invocations') options.invocations = Number(argv[++i]);
    else if (name === '--format') options.format = argv[++i];
    else if (name === '--seed') options.seed = Number(argv[++i]);
    else throw new Error(`unknown option ${name}; expected --mb, --invocations, --format, --seed or --reports-only`);
  }
  if (options.bytes === undefined && options.invocations === undefined) throw new Error('missing --mb or --invocations');
  return options;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = await generateLogs(process.stdout, parseArguments(process.argv.slice(2)));
  process.stderr.write(`${JSON.stringify(counts)}\n`);
}
