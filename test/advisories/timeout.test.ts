import { describe, expect, it } from 'vitest';

import { analyze, findAdvisory, repeat } from './helpers.js';

describe('timeouts advisory', () => {
  it('fires on the 120 s timeout fixture', () => {
    // nodejs-timeout-120s-128mb-legacy.report.log: Duration 120000.64 ms, Billed 120000 ms, 23 MB used,
    // and a `Task timed out after 120.00 seconds` line that gives the setting.
    const analysis = analyze(
      [{ memorySizeMb: 128, durationsMs: [120000.64], billedMs: [120000], maxMemoryUsedMb: 23, timeouts: 1 }],
      { runtime: 'nodejs4.3' },
      { observedTimeoutSeconds: 120 },
    );
    const advisory = findAdvisory(analysis, 'timeouts');
    expect(advisory?.severity).toBe('critical');
    expect(advisory?.title).toBe('1 invocation(s) timed out');
    expect(advisory?.evidence).toBe(
      '1 of 1 invocations timed out (100.0%); 1 reported by Status: timeout or a Task timed out line; 1 duration(s) at 99.0% or more of the 120 s setting',
    );
    expect(advisory?.fix.startsWith('Give every downstream call a timeout')).toBe(true);
  });

  it('says when the setting is unknown', () => {
    const analysis = analyze([{ memorySizeMb: 128, durationsMs: [...repeat(50, 199), 3000.2], timeouts: 1 }], { runtime: 'go1.x' });
    const advisory = findAdvisory(analysis, 'timeouts');
    expect(advisory?.severity).toBe('warning');
    expect(advisory?.evidence).toBe(
      '1 of 200 invocations timed out (0.50%); 1 reported by Status: timeout or a Task timed out line; timeout setting unknown, so durations were not compared with it (pass --function-timeout)',
    );
    expect(advisory?.fix).toContain('select on ctx.Done() instead of time.Sleep');
  });

  it('counts unattributed timeouts', () => {
    const analysis = analyze([{ memorySizeMb: 128, durationsMs: repeat(50, 100) }], {}, { unattributedTimeouts: 2 });
    expect(findAdvisory(analysis, 'timeouts')?.evidence).toBe(
      '2 of 100 invocations timed out (2.0%); 2 reported by Status: timeout or a Task timed out line, 2 of them without a request id; timeout setting unknown, so durations were not compared with it (pass --function-timeout)',
    );
  });

  it('counts durations piled at the setting', () => {
    // No status reached the observations, but two durations sit at the 3 s setting.
    const analysis = analyze([{ memorySizeMb: 128, durationsMs: [...repeat(50, 98), 2970, 3000.1] }], { timeoutSeconds: 3 });
    expect(findAdvisory(analysis, 'timeouts')?.title).toBe('2 invocation(s) timed out');
  });

  it('stays silent without timeouts', () => {
    const analysis = analyze([{ memorySizeMb: 128, durationsMs: [...repeat(50, 99), 2969] }], { timeoutSeconds: 3 });
    expect(findAdvisory(analysis, 'timeouts')).toBeUndefined();
  });
});

describe('timeout setting advisories', () => {
  it('flags P99.9 at the near limit', () => {
    const analysis = analyze([{ memorySizeMb: 128, durationsMs: repeat(800, 100) }], { timeoutSeconds: 1, runtime: 'provided.al2023' });
    const advisory = findAdvisory(analysis, 'timeout-near-p999');
    expect(advisory?.severity).toBe('warning');
    expect(advisory?.evidence).toBe(
      'P99.9 of 100 invocations that did not time out at 128 MB is 800 ms, 80.0% of the 1 s setting (limit 80.0%)',
    );
    expect(advisory?.fix.startsWith('Raise the timeout to about 3 s')).toBe(true);
  });

  it('stays silent just below the near limit', () => {
    const analysis = analyze([{ memorySizeMb: 128, durationsMs: repeat(799, 100) }], { timeoutSeconds: 1 });
    expect(findAdvisory(analysis, 'timeout-near-p999')).toBeUndefined();
  });

  it('leaves timed-out invocations out of P99.9', () => {
    const analysis = analyze([{ memorySizeMb: 128, durationsMs: [...repeat(100, 99), 1000.3], timeouts: 1 }], { timeoutSeconds: 1 });
    expect(findAdvisory(analysis, 'timeout-near-p999')).toBeUndefined();
  });

  it('flags a setting ten times P99.9', () => {
    const analysis = analyze([{ memorySizeMb: 128, durationsMs: repeat(2000, 100) }], { timeoutSeconds: 20 });
    const advisory = findAdvisory(analysis, 'timeout-far-above-p999');
    expect(advisory?.severity).toBe('info');
    expect(advisory?.evidence).toBe(
      'P99.9 of 100 invocations that did not time out at 128 MB is 2,000 ms; the setting is 10.0× that (limit 10×), so a hung call runs and bills up to 20 s',
    );
    expect(advisory?.fix.startsWith('Lower the timeout to about 6 s')).toBe(true);
  });

  it('stays silent just under ten times P99.9', () => {
    const analysis = analyze([{ memorySizeMb: 128, durationsMs: repeat(2001, 100) }], { timeoutSeconds: 20 });
    expect(findAdvisory(analysis, 'timeout-far-above-p999')).toBeUndefined();
  });

  it('ignores a small gap however large the ratio', () => {
    // The 3 s default against a 100 ms function: 30× but only 2.9 s of slack.
    const analysis = analyze([{ memorySizeMb: 128, durationsMs: repeat(100, 100) }], { timeoutSeconds: 3 });
    expect(findAdvisory(analysis, 'timeout-far-above-p999')).toBeUndefined();
  });

  it('skips the check when the setting is unknown', () => {
    const analysis = analyze([{ memorySizeMb: 128, durationsMs: repeat(100, 100) }]);
    expect(analysis.advisories.map((advisory) => advisory.code).filter((code) => code.startsWith('timeout'))).toEqual([]);
  });
});
