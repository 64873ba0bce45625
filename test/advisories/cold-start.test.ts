import { describe, expect, it } from 'vitest';

import { analyze, findAdvisory, repeat } from './helpers.js';

describe('cold-start advisory', () => {
  it('fires on the one-cold-start fixture', () => {
    // init-duration-128mb-1ms-billing.report.log: Duration 162.81 ms, Billed 163 ms, Init 646.33 ms.
    // Billed today: ceil(162.81 + 646.33) = 810 ms, so INIT is 646.33 / 810 = 79.8% of it.
    const analysis = analyze(
      [{ memorySizeMb: 128, durationsMs: [162.81], billedMs: [163], initMs: [646.33], maxMemoryUsedMb: 79 }],
      { runtime: 'provided.al2023' },
    );
    const advisory = findAdvisory(analysis, 'cold-start');
    expect(advisory?.severity).toBe('warning');
    expect(advisory?.title).toBe('Cold starts take 79.8% of billed time');
    expect(advisory?.evidence).toBe(
      '1 of 1 invocations were cold starts (100.0%); Init Duration P50 646 ms, P95 646 ms (threshold 1,000 ms); INIT is 79.8% of billed time (646 ms of 810 ms; threshold 10.0%)',
    );
    expect(advisory?.fix.startsWith('For a Go binary: Create SDK clients')).toBe(true);
    expect(advisory?.fix).toContain('sync.Once');
  });

  it('stays silent on a warm function', () => {
    // 5 cold starts of 100 ms in 1,000 invocations of 100 ms: INIT is 500 / 100,500 = 0.5% of billed time.
    const durations = repeat(100, 1000);
    const init = [...repeat(100, 5), ...repeat(undefined, 995)];
    const analysis = analyze([{ memorySizeMb: 256, durationsMs: durations, initMs: init }], { runtime: 'go1.x' });
    expect(findAdvisory(analysis, 'cold-start')).toBeUndefined();
  });

  it('fires above the Init P95 limit only', () => {
    // One cold start among 200 invocations of 100 ms keeps INIT under 10% of billed time.
    const spec = (initMs: number) => ({
      memorySizeMb: 256,
      durationsMs: repeat(100, 200),
      initMs: [initMs, ...repeat(undefined, 199)],
    });
    expect(findAdvisory(analyze([spec(1000)]), 'cold-start')).toBeUndefined();
    const above = findAdvisory(analyze([spec(1001)]), 'cold-start');
    expect(above?.title).toBe('Slow cold starts: Init Duration P95 is 1,001 ms');
  });

  it('fires above the billed-share limit only', () => {
    // One cold start (Duration 50 ms, Init X) and 17 warm invocations of 50 ms:
    // X = 100 bills 150 + 850 = 1,000 ms, so INIT is exactly 10%.
    const spec = (initMs: number) => ({
      memorySizeMb: 256,
      durationsMs: repeat(50, 18),
      initMs: [initMs, ...repeat(undefined, 17)],
    });
    expect(findAdvisory(analyze([spec(100)]), 'cold-start')).toBeUndefined();
    const above = findAdvisory(analyze([spec(101)]), 'cold-start');
    // 101 / (151 + 850) = 10.09%.
    expect(above?.title).toBe('Cold starts take 10.1% of billed time');
  });

  it('honours a threshold from the options', () => {
    const spec = { memorySizeMb: 256, durationsMs: repeat(100, 200), initMs: [600, ...repeat(undefined, 199)] };
    expect(findAdvisory(analyze([spec]), 'cold-start')).toBeUndefined();
    const analysis = analyze([spec], {}, {}, { coldStartInitP95Ms: 500 });
    expect(findAdvisory(analysis, 'cold-start')?.title).toBe('Slow cold starts: Init Duration P95 is 600 ms');
  });

  it('keeps Init after a timeout out of the percentiles', () => {
    // Timeout 3 s. Invocation 3 times out; invocation 4, next in time, starts cold with a 5 s INIT.
    // The other cold starts take 40 ms, so the steady-state P95 stays 40 ms.
    const durations = [20, 20, 3000.5, 20, ...repeat(20, 56)];
    const init = [40, undefined, undefined, 5000, 40, ...repeat(undefined, 55)];
    const timestamps = durations.map((_, i) => 1_700_000_000_000 + i * 1000);
    const analysis = analyze(
      [{ memorySizeMb: 128, durationsMs: durations, initMs: init, timestampsMs: timestamps, timeouts: 1 }],
      { timeoutSeconds: 3 },
    );
    const advisory = findAdvisory(analysis, 'cold-start');
    // INIT 40 + 5,000 + 40 = 5,080 ms; billed 60 + 20 + 3,001 + 5,020 + 60 + 55 × 20 = 9,261 ms.
    expect(advisory?.title).toBe('Cold starts take 54.9% of billed time');
    expect(advisory?.evidence).toBe(
      '3 of 60 invocations were cold starts (5.0%); Init Duration P50 40.0 ms, P95 40.0 ms (threshold 1,000 ms); INIT is 54.9% of billed time (5,080 ms of 9,261 ms; threshold 10.0%); 1 Init Duration(s) right after a timeout (up to 5,000 ms) are left out of the percentiles but counted in the INIT share',
    );
    // Init P95 40 ms is already short, so the fix points at the cold-start rate.
    expect(advisory?.fix.startsWith('Init Duration is already short (P95 40.0 ms)')).toBe(true);
  });
});
