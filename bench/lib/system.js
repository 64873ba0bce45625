/** Machine facts, medians and child-process timing shared by the benchmark runners. */

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import process from 'node:process';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Returns the 1-minute load average, rounded to two decimals. */
export function loadAverage() {
  return Math.round(os.loadavg()[0] * 100) / 100;
}

export function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** CPU count, CPU model, memory, OS, Node.js version and date, for the page header. */
export function machineInfo() {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  if (commandExists('lscpu')) {
    const line = execFileSync('lscpu', { encoding: 'utf8' }).split('\n').find((entry) => entry.startsWith('Model name:'));
    if (line !== undefined) cpuModel = line.slice('Model name:'.length).trim();
  }
  const nproc = commandExists('nproc') ? execFileSync('nproc', { encoding: 'utf8' }).trim() : String(os.availableParallelism());
  return {
    nproc,
    cpuModel,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}

/** Runs a command to completion and returns its wall time in ms and its output. Throws on a non-zero exit. */
export function timeCommand(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}: ${result.stderr ?? ''}`);
  }
  return { ms, stdout: result.stdout ?? '' };
}

/** Maximum resident set size in MB of a shell command run under GNU time, or undefined without /usr/bin/time. */
export function peakRssMb(shellCommand, reportFile) {
  if (!existsSync('/usr/bin/time')) return undefined;
  timeCommand('sh', ['-c', shellCommand.replace('{time}', `/usr/bin/time -v -o ${reportFile}`)]);
  const report = execFileSync('cat', [reportFile], { encoding: 'utf8' });
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
  if (match === null) throw new Error(`no maximum resident set size in ${reportFile}`);
  return Number(match[1]) / 1024;
}

/**
 * Runs each command `runs` times, round-robin so that load from other users of the
 * machine falls on all of them alike. Returns per command the median ms, every run's ms,
 * the last output, and the load averages seen.
 */
export function measureRounds(commands, runs) {
  const results = commands.map((command) => ({ ...command, times: [], loads: [], stdout: '' }));
  for (let round = 0; round < runs; round++) {
    for (const result of results) {
      result.loads.push(loadAverage());
      const { ms, stdout } = timeCommand(result.command, result.args, result.options);
      result.times.push(ms);
      result.stdout = stdout;
    }
  }
  for (const result of results) result.medianMs = median(result.times);
  return results;
}

export function loadRange(loads) {
  const low = Math.min(...loads);
  const high = Math.max(...loads);
  return low === high ? low.toFixed(2) : `${low.toFixed(2)}–${high.toFixed(2)}`;
}
