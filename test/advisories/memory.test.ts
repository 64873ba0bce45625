import { describe, expect, it } from 'vitest';

import { functionObservations } from '../helpers/observations.js';
import { analyze, analyzeObservations, findAdvisory, repeat } from './helpers.js';

describe('oom-kills advisory', () => {
  it('fires on the signal: killed fixture', () => {
    // python-signal-killed-2688mb.report.log: Duration 19266.38 ms, 2581 of 2688 MB, then signal: killed.
    const analysis = analyze(
      [{ memorySizeMb: 2688, durationsMs: [19266.38], billedMs: [19267], maxMemoryUsedMb: 2581, oomKills: 1 }],
      { runtime: 'python3.12' },
    );
    const advisory = findAdvisory(analysis, 'oom-kills');
    expect(advisory?.severity).toBe('critical');
    expect(advisory?.evidence).toBe(
      '1 OOM kill(s) (signal: killed, Runtime.OutOfMemory or Max Memory Used equal to Memory Size) in 1 invocations: 1 at 2688 MB (peak Max Memory Used 2581 MB)',
    );
    expect(advisory?.fix.startsWith('Raise the memory size above the peak plus headroom')).toBe(true);
  });

  it('advises GOMEMLIMIT at 90% for Go', () => {
    // Too few invocations for a recommendation, so the advice uses the current 256 MB: 0.9 × 256 = 230.4.
    const analysis = analyze([{ memorySizeMb: 256, durationsMs: repeat(80, 10), maxMemoryUsedMb: 256, oomKills: 2 }], { runtime: 'go1.x' });
    const advisory = findAdvisory(analysis, 'oom-kills');
    expect(advisory?.fix.startsWith('Set GOMEMLIMIT=230MiB (90.0% of 256 MB)')).toBe(true);
    expect(advisory?.fix).toContain('do not lower it');
  });

  it('counts unattributed kills', () => {
    const analysis = analyze([{ memorySizeMb: 256, durationsMs: repeat(80, 10) }], {}, { unattributedOomKills: 1 });
    expect(findAdvisory(analysis, 'oom-kills')?.title).toBe('1 invocation(s) ran out of memory');
  });

  it('stays silent without kills', () => {
    const analysis = analyze([{ memorySizeMb: 256, durationsMs: repeat(80, 10) }]);
    expect(findAdvisory(analysis, 'oom-kills')).toBeUndefined();
  });
});

describe('timeout-at-memory-limit advisory', () => {
  function timedOutAt(maxMemoryUsedMb: number) {
    // 60 invocations at 200 MB: the last one timed out at the 3 s setting.
    const observations = functionObservations(
      [{ memorySizeMb: 200, durationsMs: [...repeat(50, 59), 3000.4], maxMemoryUsedMb: 120, timeouts: 1 }],
      {},
    );
    observations.configuration.timeoutSeconds = 3;
    observations.configuration.runtime = 'provided.al2023';
    observations.sizes[0]!.samples!.maxMemoryUsedMb[59] = maxMemoryUsedMb;
    return analyzeObservations(observations);
  }

  it('fires at 98% of Memory Size', () => {
    // 0.98 × 200 MB = 196 MB.
    const advisory = findAdvisory(timedOutAt(196), 'timeout-at-memory-limit');
    expect(advisory?.severity).toBe('critical');
    expect(advisory?.evidence).toBe(
      '1 of 1 timed-out invocations had Max Memory Used at 98.0% or more of Memory Size: 1 at 200 MB, up to 196 MB used',
    );
    expect(advisory?.fix).toContain('For a Go binary: These are memory exhaustion');
  });

  it('stays silent just below 98%', () => {
    expect(findAdvisory(timedOutAt(195.9), 'timeout-at-memory-limit')).toBeUndefined();
  });
});

describe('memory-growth advisory', () => {
  it('fires on growth within one environment', () => {
    // As in a .NET log where Max Memory Used climbed from 94 to 333 MB at 1,024 MB in one stream.
    const observations = functionObservations([{ memorySizeMb: 1024, durationsMs: repeat(200, 20), maxMemoryUsedMb: 333 }]);
    observations.sizes[0]!.memoryGrowthStreams = 1;
    const advisory = findAdvisory(analyzeObservations(observations), 'memory-growth');
    expect(advisory?.severity).toBe('info');
    expect(advisory?.evidence).toBe(
      'Max Memory Used rose within 1 log stream(s), one execution environment each; peak 333 of 1024 MB (32.5%)',
    );
    expect(advisory?.fix.startsWith('Max Memory Used is an execution environment’s high-water mark')).toBe(true);
  });

  it('warns when the peak nears Memory Size', () => {
    const observations = functionObservations([{ memorySizeMb: 200, durationsMs: repeat(200, 20), maxMemoryUsedMb: 180 }]);
    observations.sizes[0]!.memoryGrowthStreams = 2;
    expect(findAdvisory(analyzeObservations(observations), 'memory-growth')?.severity).toBe('warning');
  });

  it('stays silent without growth', () => {
    const analysis = analyze([{ memorySizeMb: 1024, durationsMs: repeat(200, 20), maxMemoryUsedMb: 333 }]);
    expect(findAdvisory(analysis, 'memory-growth')).toBeUndefined();
  });
});
