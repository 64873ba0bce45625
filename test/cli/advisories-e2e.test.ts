import { describe, expect, it } from 'vitest';

import type { Analysis } from '../../src/analysis/analysis.js';
import { fixture, runCli } from '../helpers/run-cli.js';
import { schemaErrors } from '../helpers/schema.js';

function analyze(path: string, ...extra: string[]): Analysis {
  const result = runCli(['analyze', '--logs', fixture(path), '--format', 'json', '--min-invocations', '1', ...extra]);
  expect(result.stderr).toBe('');
  const analysis = JSON.parse(result.stdout) as Analysis;
  expect(schemaErrors(analysis)).toEqual([]);
  return analysis;
}

function codes(analysis: Analysis): string[] {
  return analysis.advisories.map((advisory) => advisory.code);
}

describe('advisories on real logs', () => {
  it('reports the Go cold starts with their figures', () => {
    const analysis = analyze('reports/go-matrix-provided-al2023-arm64-1769mb.report.log', '--runtime', 'provided.al2023');
    const coldStart = analysis.advisories.find((advisory) => advisory.code === 'cold-start')!;
    expect(coldStart.severity).toBe('warning');
    expect(coldStart.evidence).toContain('15 of 150 invocations were cold starts (10.0%)');
    expect(coldStart.evidence).toContain('Init Duration P50 56.4 ms, P95 66.3 ms');
    // Init is quick (P95 66 ms), so the fix points at the cold-start rate, not at INIT work.
    expect(coldStart.fix).toContain('Init Duration is already short (P95 66.3 ms)');
    expect(coldStart.fix).toContain('cold-start rate of 10.0%');
  });

  it('advises sync.Once for a slow Go INIT', () => {
    const analysis = analyze('reports/init-duration-128mb-1ms-billing.report.log', '--runtime', 'provided.al2023', '--cold-start-init-p95', '500');
    const coldStart = analysis.advisories.find((advisory) => advisory.code === 'cold-start')!;
    expect(coldStart.title).toBe('Slow cold starts: Init Duration P95 is 646 ms');
    expect(coldStart.fix).toContain('sync.Once');
  });

  it('keeps the cold-start advisory quiet above raised thresholds', () => {
    const analysis = analyze(
      'reports/go-matrix-provided-al2023-arm64-1769mb.report.log',
      '--cold-start-init-p95',
      '5000',
      '--cold-start-init-share',
      '0.9',
    );
    expect(codes(analysis)).not.toContain('cold-start');
  });

  it('reads the timeout setting from a Task timed out line', () => {
    const analysis = analyze('reports/nodejs-timeout-120s-128mb-legacy.report.log');
    expect(analysis.function.timeoutSeconds).toBe(120);
    const timeouts = analysis.advisories.find((advisory) => advisory.code === 'timeouts')!;
    expect(timeouts.severity).toBe('critical');
    expect(timeouts.evidence).toContain('1 of 1 invocations timed out (100.0%)');
    expect(timeouts.evidence).toContain('of the 120 s setting');
  });

  it('rejects sizes whose P99 reaches the timeout', () => {
    const analysis = analyze('reports/nodejs-timeout-120s-128mb-legacy.report.log');
    const current = analysis.candidates.find((candidate) => candidate.isCurrent)!;
    expect(current.rejections).toContain('P99 120,001 ms near the 120 s timeout');
  });

  it('reports the OOM kill of the Python function', () => {
    const analysis = analyze('reports/python-signal-killed-2688mb.report.log');
    const oom = analysis.advisories.find((advisory) => advisory.code === 'oom-kills')!;
    expect(oom.severity).toBe('critical');
    expect(oom.evidence).toContain('1 at 2688 MB (peak Max Memory Used 2581 MB)');
    expect(analysis.recommendation.memorySizeMb).toBe(3136);
  });

  it('stays quiet on healthy Rust invocations', () => {
    const analysis = analyze('reports/rust-s3-put-provided-al2-x86_64-16-sizes.report.log');
    expect(codes(analysis)).not.toContain('timeouts');
    expect(codes(analysis)).not.toContain('oom-kills');
  });
});
