import { describe, expect, it } from 'vitest';

import { readReportLogs } from '../../src/sources/report-log/index.js';
import { column, fixtureText, reportFixture, sizeOf, sum } from './helpers.js';

describe('readReportLogs text REPORT lines', () => {
  it('reads a cold start with Init Duration', async () => {
    const observations = await readReportLogs([reportFixture('init-duration-128mb-1ms-billing.report.log')]);
    const size = sizeOf(observations, 128);

    expect(observations.configuration.functionName).toBe('init-duration-128mb-1ms-billing');
    expect(observations.configuration.memorySizeMb).toBe(128);
    expect(observations.source).toEqual({ kind: 'logs', detail: [reportFixture('init-duration-128mb-1ms-billing.report.log')] });
    expect(size.invocations).toBe(1);
    expect(column(size, 'durationMs')).toEqual([162.81]);
    expect(column(size, 'billedDurationMs')).toEqual([163]);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([79]);
    expect(column(size, 'initDurationMs')).toEqual([646.33]);
    expect(column(size, 'timestampMs')).toEqual([NaN]);
    expect(size.coldStarts).toBe(1);
  });

  it('reads Status error and Error Type', async () => {
    const observations = await readReportLogs([reportFixture('status-error-invalid-entrypoint-128mb.report.log')]);
    const size = sizeOf(observations, 128);

    expect(column(size, 'durationMs')).toEqual([11.48]);
    expect(column(size, 'billedDurationMs')).toEqual([12]);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([10]);
    expect(size.errors).toBe(1);
    expect(size.oomKills).toBe(0);
    expect(size.coldStarts).toBe(0);
  });

  it('reads space-separated legacy lines and a later timeout line', async () => {
    const observations = await readReportLogs([reportFixture('nodejs-timeout-120s-128mb-legacy.report.log')]);
    const size = sizeOf(observations, 128);

    expect(column(size, 'durationMs')).toEqual([120000.64]);
    expect(column(size, 'billedDurationMs')).toEqual([120000]);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([23]);
    expect(size.timeouts).toBe(1);
    expect(observations.unattributedTimeouts).toBe(0);
    expect(observations.parse?.linesRead).toBe(4);
    expect(observations.parse?.linesSkipped).toBe(2);
  });

  it('reads a space before Memory Size and counts memory growth', async () => {
    const observations = await readReportLogs([reportFixture('dotnet-memory-growth-1024mb-legacy-100ms-billing.report.log')]);
    const size = sizeOf(observations, 1024);

    expect(column(size, 'durationMs')).toEqual([202.36, 5356.47, 11254.99, 394.21, 334.18]);
    expect(column(size, 'billedDurationMs')).toEqual([300, 5400, 11300, 400, 400]);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([94, 104, 332, 333, 333]);
    expect(size.memoryGrowthStreams).toBe(1);
    expect(size.coldStarts).toBe(0);
  });

  it('reads the aws logs table prefix and X-Ray fields', async () => {
    const observations = await readReportLogs([reportFixture('nodejs-128mb-xray-traceid-cli-table.report.txt')]);
    const size = sizeOf(observations, 128);

    expect(column(size, 'durationMs')).toEqual([363.49]);
    expect(column(size, 'billedDurationMs')).toEqual([364]);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([124]);
    expect(column(size, 'initDurationMs')).toEqual([1488.71]);
    expect(column(size, 'timestampMs')).toEqual([1753725990606]);
    expect(size.oomKills).toBe(0);
    expect(observations.windowStartMs).toBe(1753725990606);
  });

  it('reads sam logs prefixes, streams and SnapStart restore', async () => {
    const observations = await readReportLogs([reportFixture('java11-snapstart-restore-3009mb-sam-logs-tail.log')]);
    const size = sizeOf(observations, 3009);

    expect(column(size, 'durationMs')).toEqual([306.34, 138.27, 50.76, 10.09, 8.31]);
    expect(column(size, 'billedDurationMs')).toEqual([610, 139, 51, 11, 9]);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([155, 159, 159, 160, 160]);
    expect(column(size, 'timestampMs')[0]).toBe(Date.UTC(2023, 6, 5, 10, 16, 34, 686));
    expect(size.coldStarts).toBe(1);
    expect(size.memoryGrowthStreams).toBe(1);
    expect(observations.configuration.runtime).toBe('java11');
    expect(observations.parse?.reportLines).toBe(5);
  });

  it('skips INIT_REPORT failures with a note', async () => {
    const observations = await readReportLogs([reportFixture('container-init-report-phase-invoke-invalid-entrypoint.log')]);
    const size = sizeOf(observations, 128);

    expect(size.invocations).toBe(1);
    expect(column(size, 'durationMs')).toEqual([21.31]);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([3]);
    expect(observations.telemetryNotes).toContain(
      '2 INIT_REPORT records report a failed init (Runtime.InvalidEntrypoint); failed inits are not invocations and carry no REPORT figures.',
    );
  });

  it('counts signal killed without request id once', async () => {
    const observations = await readReportLogs([reportFixture('python-signal-killed-2688mb.report.log')]);
    const size = sizeOf(observations, 2688);

    expect(column(size, 'durationMs')).toEqual([19266.38]);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([2581]);
    expect(column(size, 'timestampMs')).toEqual([Date.parse('2024-09-10T13:32:59.424Z')]);
    expect(size.oomKills).toBe(1);
    expect(size.errors).toBe(0);
    expect(observations.unattributedOomKills).toBe(0);
  });

  it('matches independent sums for the Go matrix', async () => {
    const path = reportFixture('go-matrix-provided-al2023-arm64-1769mb.report.log');
    const text = fixtureText(path);
    const billed = [...text.matchAll(/Billed Duration: ([\d.]+) ms/g)].map((match) => Number(match[1]));
    const durations = [...text.matchAll(/\tDuration: ([\d.]+) ms/g)].map((match) => Number(match[1]));
    const timestamps = [...text.matchAll(/^(\S+)\tREPORT/gm)].map((match) => Date.parse(match[1] ?? ''));

    const observations = await readReportLogs([path]);
    const size = sizeOf(observations, 1769);

    expect(observations.sizes).toHaveLength(1);
    expect(size.invocations).toBe(150);
    expect(size.coldStarts).toBe(15);
    expect(sum(column(size, 'billedDurationMs'))).toBe(sum(billed));
    expect(sum(column(size, 'durationMs'))).toBeCloseTo(sum(durations), 9);
    expect(column(size, 'durationMs')[0]).toBe(4.8);
    expect(column(size, 'initDurationMs')[0]).toBe(57.2);
    expect(observations.windowStartMs).toBe(Math.min(...timestamps));
    expect(observations.windowEndMs).toBe(Math.max(...timestamps));
    expect(size.memoryGrowthStreams).toBeUndefined();
  });

  it('splits the Rust benchmark into 16 sizes', async () => {
    const path = reportFixture('rust-s3-put-provided-al2-x86_64-16-sizes.report.log');
    const text = fixtureText(path);
    const billedBySize = new Map<number, number>();
    for (const match of text.matchAll(/Billed Duration: (\d+) ms\tMemory Size: (\d+) MB/g)) {
      const memory = Number(match[2]);
      billedBySize.set(memory, (billedBySize.get(memory) ?? 0) + Number(match[1]));
    }

    const observations = await readReportLogs([path]);

    expect(observations.sizes.map((size) => size.memorySizeMb)).toEqual([...billedBySize.keys()].sort((a, b) => a - b));
    expect(sum(observations.sizes.map((size) => size.invocations))).toBe(160);
    expect(sizeOf(observations, 128).invocations).toBe(11);
    expect(sizeOf(observations, 2048).invocations).toBe(9);
    for (const [memory, billed] of billedBySize) {
      expect(sum(column(sizeOf(observations, memory), 'billedDurationMs'))).toBe(billed);
    }
    expect(column(sizeOf(observations, 128), 'durationMs')[0]).toBe(11381.28);
    expect(observations.configuration.memorySizeMb).toBe(2048);
  });
});

describe('readReportLogs synthetic text shapes', () => {
  it('joins a REPORT split one field per line', async () => {
    const observations = await readReportLogs([reportFixture('synthetic-split-report-one-field-per-line.log')]);
    const size = sizeOf(observations, 512);

    expect(size.invocations).toBe(2);
    expect(column(size, 'durationMs')).toEqual([812.4, 15.02]);
    expect(column(size, 'billedDurationMs')).toEqual([813, 16]);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([141, 142]);
    expect(column(size, 'initDurationMs')).toEqual([233.05, NaN]);
    expect(observations.parse?.malformedReports).toBe(0);
  });

  it('rejects wrong units as malformed', async () => {
    const observations = await readReportLogs([reportFixture('synthetic-unit-mismatch.log')]);
    const size = sizeOf(observations, 128);

    expect(observations.sizes).toHaveLength(1);
    expect(column(size, 'durationMs')).toEqual([20.25]);
    expect(observations.parse?.malformedReports).toBe(3);
    expect(observations.parse?.reportLines).toBe(4);
    expect(observations.telemetryNotes[0]).toBe(
      `3 lines looked like REPORT lines but could not be parsed (first: ${reportFixture('synthetic-unit-mismatch.log')} line 1: Duration unit is "s", expected ms).`,
    );
  });

  it('ties timeouts with and without request id', async () => {
    const observations = await readReportLogs([reportFixture('synthetic-timeouts.log')]);
    const size = sizeOf(observations, 128);

    expect(size.invocations).toBe(3);
    expect(size.timeouts).toBe(2);
    expect(size.errors).toBe(0);
    expect(observations.unattributedTimeouts).toBe(1);
    expect(column(size, 'timestampMs')).toEqual([
      Date.parse('2025-03-02T10:00:00.010Z'),
      Date.parse('2025-03-02T10:00:05.000Z'),
      Date.parse('2025-03-02T10:00:10.000Z'),
    ]);
  });

  it('counts each OOM form once', async () => {
    const observations = await readReportLogs([reportFixture('synthetic-oom-forms.log')]);

    // 256 MB: a kill line tied by request id, Error Type Runtime.OutOfMemory, and
    // Max Memory Used = Memory Size followed by a kill line without id (the same kill).
    expect(sizeOf(observations, 256).oomKills).toBe(3);
    expect(sizeOf(observations, 256).errors).toBe(0);
    // 512 MB: a kill line without id after a successful REPORT, and a
    // Runtime.OutOfMemory line tied by request id to a Runtime.ExitError REPORT.
    expect(sizeOf(observations, 512).oomKills).toBe(2);
    expect(sizeOf(observations, 512).errors).toBe(0);
    expect(observations.unattributedOomKills).toBe(0);
  });

  it('strips a BOM and CRLF line ends', async () => {
    const observations = await readReportLogs([reportFixture('synthetic-bom-crlf.log')]);
    const size = sizeOf(observations, 128);

    expect(column(size, 'durationMs')).toEqual([3.5, 2.25]);
    expect(column(size, 'billedDurationMs')).toEqual([4, 3]);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([70, 70]);
    expect(observations.parse?.malformedReports).toBe(0);
  });

  it('counts duplicates across two files once', async () => {
    const observations = await readReportLogs([
      reportFixture('synthetic-overlap-a.log'),
      reportFixture('synthetic-overlap-b.log'),
    ]);

    expect(sizeOf(observations, 256).invocations).toBe(3);
    expect(sizeOf(observations, 192).invocations).toBe(1);
    expect(observations.parse?.duplicateReports).toBe(2);
    expect(observations.parse?.reportLines).toBe(6);
    expect(observations.configuration.memorySizeMb).toBe(192);
    expect(observations.windowEndMs).toBe(Date.parse('2025-04-01T09:00:00.000Z'));
  });

  it('notes pretty-printed records in a text log', async () => {
    const observations = await readReportLogs([reportFixture('synthetic-pretty-record-in-text-log.log')]);

    expect(sizeOf(observations, 128).invocations).toBe(1);
    expect(observations.telemetryNotes).toContain(
      '1 pretty-printed platform.report record inside a text log was skipped: pass one record per line (jq -c).',
    );
  });
});
