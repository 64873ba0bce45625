import { describe, expect, it } from 'vitest';

import { cpuFractionAt, cpuStretch, durationScale, fitCpuFraction } from '../../src/analysis/duration-model.js';

describe('cpuStretch', () => {
  it('stretches CPU work by the share below one vCPU', () => {
    expect(cpuStretch(1769, 128)).toBeCloseTo(13.8203125, 10);
    expect(cpuStretch(1024, 256)).toBe(4);
  });

  it('stays flat above one vCPU', () => {
    expect(cpuStretch(3008, 10240)).toBe(1);
    expect(cpuStretch(1769, 3008)).toBe(1);
  });
});

describe('durationScale', () => {
  it('mixes waiting and CPU work', () => {
    // Half waiting, half CPU: 0.5 + 0.5 × 4 = 2.5.
    expect(durationScale(0.5, 1024, 256)).toBe(2.5);
    expect(durationScale(0, 1024, 128)).toBe(1);
  });
});

describe('fitCpuFraction', () => {
  // d(M) = 10 + 17690 / min(M, 1769): 10 ms waiting, 10 ms of CPU work at one vCPU.
  const model = (memoryMb: number): number => 10 + 17690 / Math.min(memoryMb, 1769);

  it('recovers an exact model', () => {
    const fit = fitCpuFraction(
      [128, 256, 1024].map((memorySizeMb) => ({ memorySizeMb, durationMs: model(memorySizeMb), invocations: 20 })),
      1024,
    )!;
    expect(fit.waitMs).toBeCloseTo(10, 9);
    expect(fit.cpuWorkMsAtOneVcpu).toBeCloseTo(10, 9);
    // At 1024 MB: 17.275 ms of CPU in 27.275 ms.
    expect(fit.cpuFraction).toBeCloseTo(17.275390625 / 27.275390625, 9);
    expect(fit.rSquared).toBeCloseTo(1, 9);
  });

  it('clamps a duration that rises with memory to I/O-bound', () => {
    const fit = fitCpuFraction(
      [
        { memorySizeMb: 128, durationMs: 100, invocations: 20 },
        { memorySizeMb: 512, durationMs: 110, invocations: 20 },
      ],
      512,
    )!;
    expect(fit.cpuFraction).toBe(0);
  });

  it('needs two sizes below one vCPU with enough invocations', () => {
    expect(
      fitCpuFraction(
        [
          { memorySizeMb: 1769, durationMs: 5, invocations: 100 },
          { memorySizeMb: 3008, durationMs: 5, invocations: 100 },
        ],
        1769,
      ),
    ).toBeUndefined();
    expect(
      fitCpuFraction(
        [
          { memorySizeMb: 128, durationMs: 50, invocations: 9 },
          { memorySizeMb: 512, durationMs: 20, invocations: 100 },
        ],
        512,
      ),
    ).toBeUndefined();
  });
});

describe('cpuFractionAt', () => {
  it('converts a fraction between sizes', () => {
    // 10 ms wait + 10 ms CPU at 1769 MB becomes 10 + 20 ms at 884.5 MB: f = 2/3.
    expect(cpuFractionAt(0.5, 1769, 884.5)).toBeCloseTo(2 / 3, 10);
    expect(cpuFractionAt(0, 1769, 128)).toBe(0);
    expect(cpuFractionAt(1, 1769, 128)).toBe(1);
  });
});
