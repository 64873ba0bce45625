import { describe, expect, it } from 'vitest';

import type { Analysis } from '../../src/analysis/analysis.js';
import { renderJson } from '../../src/report/json.js';
import { renderTable } from '../../src/report/table.js';
import { advisoryCodes, analyze, repeat } from './helpers.js';

describe('advisories in the reports', () => {
  // go1.x (critical), one timeout at the 3 s setting out of 100 (critical at 1%), x86_64 (info).
  const analysis = analyze(
    [{ memorySizeMb: 128, durationsMs: [...repeat(100, 99), 3000.2], maxMemoryUsedMb: 40, timeouts: 1 }],
    { runtime: 'go1.x', timeoutSeconds: 3 },
    {},
    { cpuFraction: 0 },
  );

  it('sorts them most severe first', () => {
    expect(advisoryCodes(analysis)).toEqual(['runtime-deprecated', 'timeouts', 'arm64-savings']);
  });

  it('shows each in the table', () => {
    const table = renderTable(analysis, { color: false });
    expect(table).toContain('[critical] timeouts: 1 invocation(s) timed out');
    expect(table).toContain('      evidence: 1 of 100 invocations timed out (1.0%)');
  });

  it('keeps each in the JSON', () => {
    const parsed = JSON.parse(renderJson(analysis)) as Analysis;
    expect(parsed.advisories.map((advisory) => advisory.code)).toEqual(['runtime-deprecated', 'timeouts', 'arm64-savings']);
  });

  it('leaves a healthy arm64 function with no Go advisory', () => {
    const healthy = analyze(
      [{ memorySizeMb: 128, durationsMs: repeat(100, 100), initMs: [40, ...repeat(undefined, 99)], maxMemoryUsedMb: 40 }],
      { runtime: 'provided.al2023', architecture: 'arm64', timeoutSeconds: 3, goEnvironment: { GOMEMLIMIT: '115MiB' } },
      {},
      { cpuFraction: 0 },
    );
    expect(advisoryCodes(healthy)).toEqual([]);
  });
});
