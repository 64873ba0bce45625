/**
 * Log scan benchmark: `analyze --logs` against an anchored grep (the near-physical limit
 * of a scan) and an awk + sort pipeline that computes P95 per memory size (what people do
 * by hand), on the same generated file in the same run, plus peak RSS.
 */

import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { finished } from 'node:stream/promises';

import { generateLogs } from './generate-logs.js';
import { commandExists, loadAverage, measureRounds, peakRssMb } from './lib/system.js';

/** Extracts `memory duration` pairs, sorts them, and prints the nearest-rank P95 per memory size. */
function awkPipeline(file) {
  const extract = `LC_ALL=C awk -F'\\t' '/^REPORT RequestId: /{split($2,d," "); split($4,m," "); print m[3], d[2]}' ${file}`;
  const sort = 'LC_ALL=C sort -k1,1n -k2,2n';
  const p95 = `awk '{n[$1]++; v[$1,n[$1]]=$2} END{for(s in n){i=int(n[s]*0.95+0.5); if(i<1)i=1; print s, v[s,i]}}'`;
  return `${extract} | ${sort} | ${p95}`;
}

async function writeLogFile(path, options) {
  const output = createWriteStream(path);
  const counts = await generateLogs(output, options);
  output.end();
  await finished(output);
  return counts;
}

function observedFromJson(stdout) {
  const report = JSON.parse(stdout);
  return {
    invocations: report.observed.reduce((total, size) => total + size.invocations, 0),
    p95BySize: Object.fromEntries(report.observed.map((size) => [size.memorySizeMb, size.duration.p95.value])),
  };
}

function p95FromAwk(stdout) {
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split(' ').map(Number)),
  );
}

/** Checks that the tools agree before their times are compared. */
function checkAgreement(expected, grepCount, ours, awkP95) {
  if (grepCount !== expected || ours.invocations !== expected) {
    throw new Error(`scan counts differ: generator ${expected}, grep ${grepCount}, analyze ${ours.invocations}`);
  }
  for (const [size, p95] of Object.entries(ours.p95BySize)) {
    // Nearest rank (awk) and linear interpolation (analyze) pick neighbouring samples, so allow 1%.
    const relative = Math.abs(p95 - awkP95[size]) / p95;
    if (!(relative < 0.01)) throw new Error(`P95 at ${size} MB differs: analyze ${p95}, awk ${awkP95[size]}`);
  }
}

export async function runScanBenchmark({ directory, bin, megabytes, rssInvocations, runs }) {
  const textFile = join(directory, 'scan-text.log');
  const jsonFile = join(directory, 'scan-json.log');
  const textCounts = await writeLogFile(textFile, { bytes: megabytes * 2 ** 20, format: 'text', seed: 1 });
  const jsonCounts = await writeLogFile(jsonFile, { bytes: (megabytes / 5) * 2 ** 20, format: 'json', seed: 2 });
  const textMb = statSync(textFile).size / 2 ** 20;
  const jsonMb = statSync(jsonFile).size / 2 ** 20;

  // Read both files once so that every tool finds them in the page cache.
  measureRounds([{ command: 'cat', args: [textFile, jsonFile], options: { stdio: ['ignore', 'ignore', 'pipe'] } }], 1);

  const analyzeArgs = (file) => [bin, 'analyze', '--logs', file, '--format', 'json'];
  const commands = [
    { name: 'grep', command: 'grep', args: ['-c', '^REPORT RequestId: ', textFile], options: { env: { ...process.env, LC_ALL: 'C' } } },
    { name: 'awk', command: 'sh', args: ['-c', awkPipeline(textFile)] },
    { name: 'analyze', command: process.execPath, args: analyzeArgs(textFile) },
    { name: 'analyze-json', command: process.execPath, args: analyzeArgs(jsonFile) },
  ];
  const results = Object.fromEntries(measureRounds(commands, runs).map((result) => [result.name, result]));

  checkAgreement(textCounts.invocations, Number(results.grep.stdout.trim()), observedFromJson(results.analyze.stdout), p95FromAwk(results.awk.stdout));
  if (observedFromJson(results['analyze-json'].stdout).invocations !== jsonCounts.invocations) {
    throw new Error('analyze read a different number of JSON platform.report records than were written');
  }

  const rssLoad = loadAverage();
  const fileRssMb = peakRssMb(`{time} ${process.execPath} ${analyzeArgs(textFile).join(' ')} > /dev/null`, join(directory, 'rss-file.txt'));
  const generator = `${process.execPath} ${fileURLToPath(new URL('generate-logs.js', import.meta.url))} --reports-only --invocations ${rssInvocations} 2>/dev/null`;
  const streamRssMb = peakRssMb(
    `${generator} | {time} ${process.execPath} ${bin} analyze --logs - --format json > /dev/null`,
    join(directory, 'rss-stream.txt'),
  );

  return {
    textMb,
    jsonMb,
    textCounts,
    jsonCounts,
    awk: commandExists('awk') ? awkPipeline('FILE') : undefined,
    results,
    rss: { load: rssLoad, fileRssMb, streamRssMb, rssInvocations },
  };
}
