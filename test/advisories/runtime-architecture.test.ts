import { describe, expect, it } from 'vitest';

import { analyze, findAdvisory, repeat } from './helpers.js';

const steady = [{ memorySizeMb: 128, durationsMs: repeat(100, 100), maxMemoryUsedMb: 40 }];

describe('runtime-deprecated advisory', () => {
  it('flags go1.x as critical', () => {
    const advisory = findAdvisory(analyze(steady, { runtime: 'go1.x' }), 'runtime-deprecated');
    expect(advisory?.severity).toBe('critical');
    expect(advisory?.fix).toContain('provided.al2023 with the handler bootstrap');
  });

  it('flags provided.al2 with its dates', () => {
    const advisory = findAdvisory(analyze(steady, { runtime: 'provided.al2' }), 'runtime-deprecated');
    expect(advisory?.severity).toBe('warning');
    expect(advisory?.evidence).toBe(
      'Runtime provided.al2 (Amazon Linux 2): deprecated on 2026-06-30, creating functions blocked from 2026-07-31, updating them from 2026-08-31',
    );
    expect(advisory?.fix.startsWith('Move to provided.al2023 (supported until 2029-06-30). For a Go binary:')).toBe(true);
  });

  it('stays silent on provided.al2023', () => {
    expect(findAdvisory(analyze(steady, { runtime: 'provided.al2023' }), 'runtime-deprecated')).toBeUndefined();
  });

  it('stays silent on an unknown runtime', () => {
    expect(findAdvisory(analyze(steady), 'runtime-deprecated')).toBeUndefined();
  });
});

describe('arm64-savings advisory', () => {
  it('prices the recommended size on arm64', () => {
    // 100 ms at 128 MB, 1M invocations a month. x86_64: 0.1 s × 0.125 GB × $0.0000166667 + $0.0000002
    // = $0.40833 per 1M; arm64 with $0.0000133334: $0.36667. Saving $0.04167, 10.2% of the cost.
    const analysis = analyze(steady, { runtime: 'provided.al2023' }, {}, { cpuFraction: 0, invocationsPerMonth: 1_000_000 });
    const advisory = findAdvisory(analysis, 'arm64-savings');
    expect(advisory?.severity).toBe('info');
    expect(advisory?.evidence).toBe(
      'At 128 MB (recommended): $0.41 a month on x86_64 against $0.37 on arm64 ($0.0000166667 against $0.0000133334 per GB-second), saving about $0.04 a month at 1,000,000 invocations (10.2% of the cost). Estimate: it assumes the same durations, and arm64 speed differs by workload.',
    );
    expect(advisory?.fix.startsWith('For a Go binary: Rebuild with GOOS=linux GOARCH=arm64')).toBe(true);
  });

  it('prices per 1M invocations without a rate', () => {
    const analysis = analyze(steady, { runtime: 'go1.x' }, {}, { cpuFraction: 0 });
    expect(findAdvisory(analysis, 'arm64-savings')?.evidence).toBe(
      'At 128 MB (recommended): $0.41 per 1M invocations on x86_64 against $0.37 on arm64 ($0.0000166667 against $0.0000133334 per GB-second), saving $0.04 per 1M invocations (monthly rate unknown: pass --invocations-per-month). Estimate: it assumes the same durations, and arm64 speed differs by workload.',
    );
  });

  it('stays silent on arm64', () => {
    const analysis = analyze(steady, { architecture: 'arm64' }, {}, { cpuFraction: 0 });
    expect(findAdvisory(analysis, 'arm64-savings')).toBeUndefined();
  });

  it('stays silent on Managed Instances', () => {
    const analysis = analyze(steady, { managedInstances: true }, {}, { cpuFraction: 0 });
    expect(findAdvisory(analysis, 'arm64-savings')).toBeUndefined();
  });
});
