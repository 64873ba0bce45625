import { describe, expect, it } from 'vitest';

import { resolvePrices } from '../../src/analysis/pricing.js';
import { projectSize } from '../../src/analysis/projection.js';
import { summarizeSize } from '../../src/analysis/size-statistics.js';
import { sizeObservation } from '../helpers/observations.js';

const prices = resolvePrices({});

describe('projected billed duration', () => {
  // Durations 1.2, 1.2, 1.2 and 4.5 ms at 512 MB; the last one is a cold start with
  // 10.25 ms of INIT, and the second bills 3 ms of restore time beyond ceil(Duration).
  const statistics = summarizeSize(
    sizeObservation({
      memorySizeMb: 512,
      durationsMs: [1.2, 1.2, 4.5, 1.2],
      initMs: [undefined, undefined, 10.25, undefined],
      billedMs: [2, 5, 15, 2],
    }),
  );

  it('keeps observed billing at scale 1', () => {
    // ceil(1.2) = 2 three times, plus 3 ms of restore time, plus ceil(4.5 + 10.25) = 15.
    expect(projectSize(statistics, 512, 1, prices).billedMeanMs).toBe((2 + 5 + 15 + 2) / 4);
  });

  it('rounds each scaled invocation up', () => {
    // CPU-bound at 256 MB doubles every duration: ceil(2.4) = 3 three times, the restore
    // time stays 3 ms, and ceil((4.5 + 10.25) * 2) = ceil(29.5) = 30.
    expect(projectSize(statistics, 256, 1, prices).billedMeanMs).toBe((3 + 6 + 30 + 3) / 4);
  });

  it('rounds duration plus init to 1 µs', () => {
    // 4.80 + 57.20 is 62.000000000000007 in floating point; it bills 62 ms, not 63.
    const cold = summarizeSize(sizeObservation({ memorySizeMb: 1024, durationsMs: [4.8], initMs: [57.2], billedMs: [62] }));
    expect(projectSize(cold, 1024, 0, prices).billedMeanMs).toBe(62);
  });
});
