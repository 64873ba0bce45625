import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { Analysis } from '../../src/analysis/analysis.js';
import { fixture, PROJECT_ROOT, runCli } from '../helpers/run-cli.js';
import { schemaErrors } from '../helpers/schema.js';

const GO_FIXTURE = fixture('reports/go-matrix-provided-al2023-arm64-1769mb.report.log');
const RUST_FIXTURE = fixture('reports/rust-s3-put-provided-al2-x86_64-16-sizes.report.log');

/** Independent figures from the fixture text: a plain regex over every REPORT line. */
function reportFigures(path: string): { durations: number[]; billed: number[] } {
  const text = readFileSync(path, 'utf8');
  const durations: number[] = [];
  const billed: number[] = [];
  for (const match of text.matchAll(/\tDuration: ([\d.]+) ms\tBilled Duration: (\d+) ms/g)) {
    durations.push(Number(match[1]));
    billed.push(Number(match[2]));
  }
  return { durations, billed };
}

function p95ByHand(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * 0.95;
  const lower = Math.floor(position);
  return sorted[lower]! + (position - lower) * (sorted[lower + 1]! - sorted[lower]!);
}

describe('analyze --logs on the Go fixture', () => {
  const json = runCli(['analyze', '--logs', GO_FIXTURE, '--format', 'json', '--architecture', 'arm64', '--invocations-per-month', '1000000']);
  const analysis = JSON.parse(json.stdout) as Analysis;
  const figures = reportFigures(GO_FIXTURE);

  it('exits 0 with only JSON on stdout', () => {
    expect(json.status).toBe(0);
    expect(json.stdout.trimStart().startsWith('{')).toBe(true);
    expect(json.stderr).toBe('');
  });

  it('validates against the schema', () => {
    expect(schemaErrors(analysis)).toEqual([]);
  });

  it('counts every REPORT line', () => {
    expect(figures.durations).toHaveLength(150);
    expect(analysis.invocations).toBe(150);
    expect(analysis.schemaVersion).toBe(1);
  });

  it('matches a hand-computed P95', () => {
    const observed = analysis.candidates.find((candidate) => candidate.kind === 'observed')!;
    expect(observed.memorySizeMb).toBe(1769);
    expect(observed.p95Ms.low).toBeCloseTo(p95ByHand(figures.durations), 9);
  });

  it('reproduces the billed durations of the logs', () => {
    // Today's rule, ceil(Duration + Init Duration), gives back every Billed Duration in the file.
    const meanBilled = figures.billed.reduce((sum, value) => sum + value, 0) / figures.billed.length;
    const observed = analysis.candidates.find((candidate) => candidate.kind === 'observed')!;
    expect(observed.billedMeanMs.low).toBeCloseTo(meanBilled, 9);
    expect(analysis.warnings.filter((warning) => warning.includes('billed'))).toEqual([]);
  });

  it('costs the current size to the cent', () => {
    const meanBilled = figures.billed.reduce((sum, value) => sum + value, 0) / figures.billed.length;
    // arm64: $0.0000133334 per GB-second, $0.20 per 1M requests, 1M invocations a month.
    const expected = (meanBilled / 1000) * (1769 / 1024) * 0.0000133334 * 1e6 + 0.2;
    const current = analysis.candidates.find((candidate) => candidate.isCurrent)!;
    expect(current.monthlyCostUsd!.low.toFixed(2)).toBe(expected.toFixed(2));
  });

  it('recommends a size with a reason and the band', () => {
    expect(analysis.recommendation.memorySizeMb).toBe(128);
    expect(analysis.recommendation.finding).toBe('over-provisioned');
    expect(analysis.assumptions.cpuFraction.source).toBe('unknown');
  });
});

describe('analyze --logs table output', () => {
  const result = runCli(['analyze', '--logs', GO_FIXTURE, '--architecture', 'arm64']);

  it('prints the justification table and the recommendation', () => {
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('P95 justification');
    expect(result.stdout).toContain('Recommendation: 128 MB (over-provisioned)');
    expect(result.stdout).toMatch(/1769 MB │ observed n=150/);
  });

  it('prints no colour codes when NO_COLOR is set', () => {
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('warns that a 2.5 s window gives an unreliable monthly rate', () => {
    expect(result.stdout).toContain('The invocations span only 2.5 s');
  });
});

describe('analyze --logs on sixteen sizes', () => {
  const analysis = JSON.parse(runCli(['analyze', '--logs', RUST_FIXTURE, '--format', 'json']).stdout) as Analysis;

  it('validates against the schema', () => {
    expect(schemaErrors(analysis)).toEqual([]);
  });

  it('fits an I/O-bound CPU fraction', () => {
    expect(analysis.assumptions.cpuFraction.source).toBe('fit');
    expect(analysis.assumptions.cpuFraction.value).toBeLessThan(0.05);
  });

  it('reports every observed size as observed', () => {
    expect(analysis.observed).toHaveLength(16);
    expect(analysis.candidates.filter((candidate) => candidate.kind === 'observed')).toHaveLength(16);
  });

  it('recommends the smallest size for an I/O-bound function', () => {
    expect(analysis.recommendation.memorySizeMb).toBe(128);
  });
});

describe('analyze errors', () => {
  it.each([
    [['analyze', '--logs', 'fixtures/missing.log'], 'lambda-memory-advisor: cannot read logs: ENOENT file not found: fixtures/missing.log. Check the path.'],
    [['analyze', '--bogus'], "lambda-memory-advisor: unknown option '--bogus' (Did you mean --logs?) (see --help)"],
    [
      ['analyze', '--logs', GO_FIXTURE, '--headroom', 'lots'],
      "lambda-memory-advisor: option '--headroom <percent>' argument 'lots' is invalid. Headroom must be a number. (see --help)",
    ],
    [
      ['analyze', '--logs', GO_FIXTURE, '--min-memory', '64'],
      "lambda-memory-advisor: option '--min-memory <MB>' argument '64' is invalid. Memory must be a whole number of MB from 128 to 10,240. (see --help)",
    ],
    [
      ['analyze', '--logs', GO_FIXTURE, '--max-memory', '1GB'],
      "lambda-memory-advisor: option '--max-memory <MB>' argument '1GB' is invalid. Give memory in MB as a whole number, for example 512 (not 1GB). (see --help)",
    ],
    [
      ['analyze', '--logs', GO_FIXTURE, '--strategy', 'fast'],
      "lambda-memory-advisor: option '--strategy <strategy>' argument 'fast' is invalid. Choose one of cost, speed, balanced. (see --help)",
    ],
    [
      ['analyze', '--logs', GO_FIXTURE, '--min-memory', '1024', '--max-memory', '512'],
      'lambda-memory-advisor: --min-memory 1024 is above --max-memory 512; give a smaller --min-memory or a larger --max-memory.',
    ],
    [['analyze'], 'lambda-memory-advisor: Nothing to analyze: pass --logs FILE... (REPORT logs) or a function name.'],
  ])('%j prints one line and exits 2', (args, line) => {
    const result = runCli(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${line}\n`);
    expect(result.stdout).toBe('');
  });

  it('prints the package version', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const result = runCli(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${manifest.version}\n`);
  });

  it('prints the exit codes in --help', () => {
    const result = runCli(['analyze', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2    usage error');
  });
});

describe('command-line edge cases', () => {
  it('prints help and exits 2 without a command', () => {
    const result = runCli([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: lambda-memory-advisor [options] [command]');
    expect(result.stderr).not.toContain('outputHelp');
  });

  it('exits quietly when the reader closes the pipe', () => {
    const result = spawnSync('bash', ['--norc', '--noprofile', '-o', 'pipefail', '-c', `node bin/lambda-memory-advisor.js analyze --logs ${GO_FIXTURE} --step 1 | head -1`], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NO_COLOR: '1' },
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toHaveLength(2);
  });

  it.each([
    [['--since', '7d'], 'lambda-memory-advisor: --since applies to live analysis only; remove it, or analyze a function name instead of --logs.\n'],
    [
      ['--profile', 'dev', '--qualifier', 'live'],
      'lambda-memory-advisor: --qualifier, --profile apply to live analysis only; remove them, or analyze a function name instead of --logs.\n',
    ],
    [
      ['--runtime', 'golang'],
      "lambda-memory-advisor: option '--runtime <runtime>' argument 'golang' is invalid. Give a Lambda runtime identifier such as provided.al2023, go1.x, nodejs22.x or python3.13. (see --help)\n",
    ],
  ])('rejects %j with --logs', (extra, line) => {
    const result = runCli(['analyze', '--logs', GO_FIXTURE, ...extra]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(line);
  });

  it('names the fix when --output is a directory', () => {
    const result = runCli(['analyze', '--logs', GO_FIXTURE, '--output', 'fixtures']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'lambda-memory-advisor: cannot write the report to fixtures: EISDIR the path is a directory. Give a file path, for example report.json inside that directory.\n',
    );
  });

  it('words a negative saving as a cost increase', () => {
    const result = runCli([
      'analyze',
      '--logs',
      fixture('reports/python-signal-killed-2688mb.report.log'),
      '--min-invocations',
      '1',
      '--invocations-per-month',
      '1000000',
      '--cpu-fraction',
      '0',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Monthly cost increase: \$[\d,.]+ at 1,000,000 invocations a month \(as given\)$/m);
    expect(result.stdout).not.toContain('Monthly savings: -');
  });

  it('drops the band from the heading when the CPU share is known', () => {
    const result = runCli(['analyze', '--logs', GO_FIXTURE, '--cpu-fraction', '0.5']);
    expect(result.stdout).toMatch(/^P95 justification$/m);
  });
});
