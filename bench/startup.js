/**
 * Start-up benchmark: `--help` and an offline analysis of the Go fixture against a bare
 * `node -e ""`, with hyperfine when it is installed and a loop of runs otherwise.
 */

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

import { commandExists, loadAverage, loadRange, measureRounds, timeCommand } from './lib/system.js';

const TRACE_IMPORTS = fileURLToPath(new URL('lib/trace-imports.js', import.meta.url));

function withHyperfine(commands, runs, directory) {
  const exportFile = join(directory, 'hyperfine.json');
  const load = loadAverage();
  const args = ['-N', '--warmup', '3', '--runs', String(runs), '--export-json', exportFile];
  for (const command of commands) args.push(`--command-name=${command.name}`, command.line);
  timeCommand('hyperfine', args);
  const exported = JSON.parse(readFileSync(exportFile, 'utf8'));
  rmSync(exportFile);
  const loads = [load, loadAverage()];
  return exported.results.map((result) => ({ name: result.command, medianMs: result.median * 1000, loads }));
}

function withLoop(commands, runs) {
  const rounds = commands.map((command) => ({ name: command.name, command: command.argv[0], args: command.argv.slice(1), options: { stdio: 'ignore' } }));
  measureRounds(rounds, 3);
  return measureRounds(rounds, runs).map((result) => ({ name: result.name, medianMs: result.medianMs, loads: result.loads }));
}

/**
 * Lists the AWS SDK modules a command loads, seen through an import hook and the CommonJS
 * module cache. The start-up paths must load none.
 */
function awsSdkModules(argv) {
  const result = spawnSync(argv[0], ['--import', TRACE_IMPORTS, ...argv.slice(1)], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const prefix = 'aws-sdk-module ';
  return [...new Set(result.stderr.split('\n').filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length)))];
}

export function runStartupBenchmark({ bin, fixture, runs, directory, useHyperfine }) {
  const node = process.execPath;
  const commands = [
    { name: 'node -e ""', argv: [node, '-e', ''] },
    { name: 'lambda-memory-advisor --help', argv: [node, bin, '--help'] },
    { name: 'lambda-memory-advisor analyze --logs GO_FIXTURE', argv: [node, bin, 'analyze', '--logs', fixture] },
  ];
  for (const command of commands) command.line = command.argv.map((part) => (part === '' ? '""' : part)).join(' ');

  const tool = useHyperfine && commandExists('hyperfine') ? 'hyperfine' : 'loop';
  const results = tool === 'hyperfine' ? withHyperfine(commands, runs, directory) : withLoop(commands, runs);
  const sdk = commands.slice(1).map((command) => ({ name: command.name, modules: awsSdkModules(command.argv) }));
  return { tool, runs, results, sdk, loadRange: loadRange(results.flatMap((result) => result.loads)) };
}
