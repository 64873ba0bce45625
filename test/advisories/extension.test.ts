import { describe, expect, it } from 'vitest';

import type { FunctionObservations } from '../../src/analysis/observations.js';
import { functionObservations } from '../helpers/observations.js';
import { analyzeObservations, findAdvisory, readFixture, repeat } from './helpers.js';

interface PlatformReport {
  type: string;
  record: {
    metrics: { durationMs: number; billedDurationMs: number; memorySizeMB: number; maxMemoryUsedMB: number; initDurationMs?: number };
    spans?: { name: string; durationMs: number }[];
  };
}

/** Builds observations from JSON-format platform.report records, summing their extensionOverhead spans. */
function observationsFromPlatformReports(jsonl: string): FunctionObservations {
  const reports = jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as PlatformReport)
    .filter((event) => event.type === 'platform.report');
  const observations = functionObservations([
    {
      memorySizeMb: reports[0]!.record.metrics.memorySizeMB,
      durationsMs: reports.map((report) => report.record.metrics.durationMs),
      billedMs: reports.map((report) => report.record.metrics.billedDurationMs),
      initMs: reports.map((report) => report.record.metrics.initDurationMs),
      maxMemoryUsedMb: Math.max(...reports.map((report) => report.record.metrics.maxMemoryUsedMB)),
    },
  ]);
  const spans = reports.flatMap((report) => report.record.spans ?? []).filter((span) => span.name === 'extensionOverhead');
  observations.sizes[0]!.extensionOverheadMsTotal = spans.reduce((sum, span) => sum + span.durationMs, 0);
  observations.sizes[0]!.extensionOverheadCount = spans.length;
  return observations;
}

function withOverhead(overheadMs: number): FunctionObservations {
  // 10 invocations of 100 ms at 512 MB: 1,000 ms of Duration.
  const observations = functionObservations([{ memorySizeMb: 512, durationsMs: repeat(100, 10) }]);
  observations.sizes[0]!.extensionOverheadMsTotal = overheadMs;
  observations.sizes[0]!.extensionOverheadCount = 10;
  return observations;
}

describe('extension-overhead advisory', () => {
  it('fires on the platform.report fixture', () => {
    // Spans 60 + 30 + 30 = 120 ms in 3 of 4 reports; Duration 180 + 120 + 100 + 130 = 530 ms.
    // Cost: 0.12 s × 0.5 GB × $0.0000166667 = $0.0000010 over the window.
    const analysis = analyzeObservations(observationsFromPlatformReports(readFixture('extension-overhead-512mb.platform-report.jsonl')));
    const advisory = findAdvisory(analysis, 'extension-overhead');
    expect(advisory?.severity).toBe('warning');
    expect(advisory?.title).toBe('Extensions add 22.6% to Duration');
    expect(advisory?.evidence).toBe(
      'extensionOverhead in 3 of 4 reports at 512 MB: 120 ms in total, 40.0 ms on average, 22.6% of 530 ms of Duration (limit 10.0%); it costs $0.0000010 over the 4 invocations observed (monthly rate unknown)',
    );
  });

  it('prices the overhead per month', () => {
    // 200 ms over 10 invocations at 512 MB: 0.02 s × 0.5 GB × $0.0000166667 per invocation,
    // × 1M invocations = $0.17 a month.
    const analysis = analyzeObservations(withOverhead(200), { invocationsPerMonth: 1_000_000 });
    expect(findAdvisory(analysis, 'extension-overhead')?.evidence).toBe(
      'extensionOverhead in 10 of 10 reports at 512 MB: 200 ms in total, 20.0 ms on average, 20.0% of 1,000 ms of Duration (limit 10.0%); it costs about $0.17 a month at 1,000,000 invocations',
    );
  });

  it('stays silent at the share limit', () => {
    expect(findAdvisory(analyzeObservations(withOverhead(100)), 'extension-overhead')).toBeUndefined();
  });

  it('fires just above the share limit', () => {
    expect(findAdvisory(analyzeObservations(withOverhead(101)), 'extension-overhead')?.title).toBe('Extensions add 10.1% to Duration');
  });

  it('stays silent without spans', () => {
    expect(findAdvisory(analyzeObservations(withOverhead(0)), 'extension-overhead')).toBeUndefined();
  });
});
