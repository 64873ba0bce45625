import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { UsageError } from '../../src/errors.js';
import { readReportLogs } from '../../src/sources/report-log/index.js';
import { column, fixtureText, insightsFixture, reportFixture, sizeOf, sum } from './helpers.js';

const temporary = mkdtempSync(join(tmpdir(), 'report-log-'));

describe('readReportLogs JSON shapes', () => {
  it('reads JSON log format records between timestamps', async () => {
    const observations = await readReportLogs([reportFixture('nodejs22-json-logformat-billed-includes-init.console-export.log')]);
    const size = sizeOf(observations, 256);

    expect(observations.configuration.functionName).toBe('orders-notifier');
    expect(observations.configuration.runtime).toBe('nodejs22.x');
    expect(column(size, 'durationMs')).toEqual([1233.96, 1072.145]);
    expect(column(size, 'billedDurationMs')).toEqual([1698, 1073]);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([123, 125]);
    expect(column(size, 'initDurationMs')).toEqual([463.512, NaN]);
    expect(column(size, 'timestampMs')).toEqual([Date.parse('2026-10-08T07:30:29.470Z'), Date.parse('2026-10-08T07:30:42.149Z')]);
    expect(size.coldStarts).toBe(1);
    expect(observations.parse?.linesSkipped).toBe(14);
  });

  it('reads newest-first filter-log-events JSON', async () => {
    const path = reportFixture('nodejs-128mb-filter-log-events-newest-first-legacy-billing.json');
    const events = (JSON.parse(fixtureText(path)) as { payload: { message: string; timestamp: number }[] }).payload;
    const reports = events.filter((event) => event.message.startsWith('REPORT '));
    const billed = reports.map((event) => Number(/Billed Duration: (\d+) ms/.exec(event.message)?.[1]));

    const observations = await readReportLogs([path]);
    const size = sizeOf(observations, 128);

    expect(size.invocations).toBe(49);
    expect(sum(column(size, 'billedDurationMs'))).toBe(sum(billed));
    expect(column(size, 'durationMs')[0]).toBe(89.34);
    expect(column(size, 'timestampMs')[0]).toBe(1560948335625);
    expect(observations.windowStartMs).toBe(Math.min(...reports.map((event) => event.timestamp)));
    expect(observations.windowEndMs).toBe(Math.max(...reports.map((event) => event.timestamp)));
    expect(Math.max(...column(size, 'durationMs'))).toBe(
      Math.max(...reports.map((event) => Number(/\tDuration: ([\d.]+) ms/.exec(event.message)?.[1]))),
    );
    expect(size.memoryGrowthStreams).toBeDefined();
  });

  it('reads concatenated pretty-printed records', async () => {
    const observations = await readReportLogs([reportFixture('synthetic-json-pretty-records.json')]);
    const size = sizeOf(observations, 128);

    expect(observations.configuration.functionName).toBe('checkout-go');
    expect(observations.configuration.runtime).toBe('provided.al2023');
    expect(column(size, 'durationMs')).toEqual([120.5, 3000.01]);
    expect(column(size, 'billedDurationMs')).toEqual([182, 3000]);
    expect(column(size, 'initDurationMs')).toEqual([61.2, NaN]);
    expect(size.timeouts).toBe(1);
    expect(size.extensionOverheadMsTotal).toBe(2.25);
    expect(size.extensionOverheadCount).toBe(1);
  });

  it('reads a JSON array of records', async () => {
    const observations = await readReportLogs([reportFixture('synthetic-json-array-records.json')]);
    const size = sizeOf(observations, 1024);

    expect(column(size, 'durationMs')).toEqual([950.75, 14.5]);
    expect(column(size, 'initDurationMs')).toEqual([NaN, NaN]);
    expect(size.coldStarts).toBe(1);
    expect(size.oomKills).toBe(1);
    expect(size.errors).toBe(1);
    expect(observations.parse?.malformedReports).toBe(1);
  });

  it('reads pretty get-log-events with mixed messages', async () => {
    const observations = await readReportLogs([reportFixture('synthetic-get-log-events-pretty.json')]);
    const size = sizeOf(observations, 512);

    expect(observations.configuration.functionName).toBe('payments-worker');
    expect(observations.configuration.runtime).toBe('go1.x');
    expect(column(size, 'durationMs')).toEqual([45.5, 210.25]);
    expect(column(size, 'timestampMs')).toEqual([Date.parse('2025-07-01T09:26:40.500Z'), 1751362000000]);
    expect(column(size, 'initDurationMs')).toEqual([NaN, 150]);
  });

  it('divides Logs Insights memory by 1e6', async () => {
    const observations = await readReportLogs([insightsFixture('nodejs18-logs-insights-get-query-results-string-values.json')]);
    const size = sizeOf(observations, 1024);

    expect(observations.sizes).toHaveLength(1);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([119, 119]);
    expect(column(size, 'durationMs')).toEqual([2894.13, 2220.96]);
    expect(column(size, 'billedDurationMs')).toEqual([2895, 2221]);
    expect(column(size, 'initDurationMs')).toEqual([944.22, 834.66]);
    expect(column(size, 'timestampMs')).toEqual([Date.UTC(2025, 7, 15, 13, 34, 52, 212), Date.UTC(2025, 7, 15, 13, 34, 51, 425)]);
  });

  it('reads Logs Insights scientific notation', async () => {
    const observations = await readReportLogs([insightsFixture('synthetic-logs-insights-scientific-notation.json')]);
    const size = sizeOf(observations, 1536);

    expect(observations.configuration.functionName).toBe('image-resizer');
    expect(column(size, 'durationMs')).toEqual([1234.5, 800.5]);
    expect(column(size, 'maxMemoryUsedMb')).toEqual([67, 66]);
    expect(column(size, 'initDurationMs')).toEqual([NaN, 300.1]);
  });
});

describe('readReportLogs inputs', () => {
  it('reads gzip by magic bytes', async () => {
    const path = join(temporary, 'go-matrix.log.txt');
    writeFileSync(path, gzipSync(readFileSync(reportFixture('go-matrix-provided-al2023-arm64-1769mb.report.log'))));

    const observations = await readReportLogs([path]);

    expect(sizeOf(observations, 1769).invocations).toBe(150);
    expect(observations.configuration.functionName).toBe('go-matrix');
  });

  it('rejects truncated gzip', async () => {
    const path = join(temporary, 'truncated.log.gz');
    const compressed = gzipSync(readFileSync(reportFixture('rust-s3-put-provided-al2-x86_64-16-sizes.report.log')));
    writeFileSync(path, compressed.subarray(0, compressed.length - 100));

    await expect(readReportLogs([path])).rejects.toThrow(
      `cannot read logs: ${path} is not a complete gzip stream (unexpected end of file). Check that the file was fully downloaded or copied.`,
    );
  });

  it('reads standard input', async () => {
    const stdin = Readable.from([readFileSync(reportFixture('synthetic-overlap-a.log'))]);

    const observations = await readReportLogs(['-'], { stdin });

    expect(sizeOf(observations, 256).invocations).toBe(3);
    expect(observations.configuration.functionName).toBe('stdin');
    expect(observations.source.detail).toEqual(['-']);
  });

  it('reads a line split across chunks', async () => {
    const text = readFileSync(reportFixture('synthetic-overlap-a.log'));
    const stdin = Readable.from([text.subarray(0, 70), text.subarray(70, 71), text.subarray(71)]);

    const observations = await readReportLogs(['-'], { stdin });

    expect(column(sizeOf(observations, 256), 'durationMs')).toEqual([10, 11, 12]);
  });

  it('reads a last line without newline', async () => {
    const path = join(temporary, 'no-final-newline.log');
    writeFileSync(path, fixtureText(reportFixture('init-duration-128mb-1ms-billing.report.log')).trimEnd());

    const observations = await readReportLogs([path]);

    expect(column(sizeOf(observations, 128), 'initDurationMs')).toEqual([646.33]);
  });

  it('counts an empty file among good ones', async () => {
    const observations = await readReportLogs([
      reportFixture('synthetic-empty.log'),
      reportFixture('init-duration-128mb-1ms-billing.report.log'),
    ]);

    expect(sizeOf(observations, 128).invocations).toBe(1);
    expect(observations.configuration.functionName).toBe('synthetic-empty');
  });

  it('rejects a missing file', async () => {
    const path = join(temporary, 'missing.log');

    await expect(readReportLogs([path])).rejects.toThrow(`cannot read logs: ENOENT file not found: ${path}. Check the path.`);
  });

  it('rejects a directory', async () => {
    await expect(readReportLogs([temporary])).rejects.toThrow(
      `cannot read logs: ${temporary} is a directory, not a file. Pass the log files inside it, for example ${temporary}/*.log.`,
    );
  });

  it('rejects an unreadable file', async () => {
    const path = join(temporary, 'unreadable.log');
    writeFileSync(path, 'REPORT RequestId: x\n');
    chmodSync(path, 0o000);
    // Root reads any file, so the case only exists for other users.
    const runsAsRoot = process.getuid?.() === 0;

    const result = readReportLogs([path]);

    if (runsAsRoot) await expect(result).rejects.toBeInstanceOf(UsageError);
    else await expect(result).rejects.toThrow(`cannot read logs: EACCES permission denied: ${path}. Check the file's permissions.`);
    chmodSync(path, 0o600);
  });

  it('rejects inputs without REPORT lines', async () => {
    const paths = [reportFixture('synthetic-no-report.log'), reportFixture('synthetic-empty.log')];

    const result = readReportLogs(paths);

    await expect(result).rejects.toBeInstanceOf(UsageError);
    await expect(result).rejects.toThrow(
      `no REPORT line found in ${paths.join(', ')}: expected "REPORT RequestId: ... Duration: ... ms" text lines or JSON platform.report records. ` +
        'With LoggingConfig SystemLogLevel=WARN Lambda writes no REPORT lines; set it to INFO to get them.',
    );
  });

  it('uses the functionName option', async () => {
    const observations = await readReportLogs([reportFixture('synthetic-json-pretty-records.json')], { functionName: 'given' });

    expect(observations.configuration.functionName).toBe('given');
  });
});
