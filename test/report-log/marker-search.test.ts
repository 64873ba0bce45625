import { describe, expect, it } from 'vitest';

import { ReportLogParser } from '../../src/sources/report-log/parser.js';

function scan(text: string): ReportLogParser {
  const parser = new ReportLogParser();
  parser.beginInput('test input');
  const buf = Buffer.from(text);
  parser.scanLines(buf, 0, buf.length);
  parser.endInput();
  return parser;
}

const REPORT = 'REPORT RequestId: 6f1c2a4e-1b2c-4d3e-8f90-123456789abc\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t';

describe('ReportLogParser marker search', () => {
  it('skips lines with only part of a marker', () => {
    const parser = scan(
      [
        'app: Runtime is fine',
        'app: platform ready',
        'app: worker killed by user',
        'app: took timing',
        'app: MONTHLY_REPORT_DIR set',
        REPORT,
      ].join('\n') + '\n',
    );

    expect(parser.stats.linesRead).toBe(6);
    expect(parser.stats.linesSkipped).toBe(5);
    expect(parser.stats.reportLines).toBe(1);
    expect(parser.collector.unattributedTimeouts).toBe(0);
    expect(parser.collector.unattributedOomKills).toBe(0);
  });

  it('finds a marker after a partial needle on one line', () => {
    const parser = scan('Runtime note: Task timed out after 3.00 seconds\n');

    expect(parser.stats.linesSkipped).toBe(0);
    expect(parser.collector.unattributedTimeouts).toBe(1);
  });

  it('reads markers found through short needles', () => {
    const parser = scan(
      [
        'INIT_START Runtime Version: nodejs:20.v22\tRuntime Version ARN: arn:aws:lambda:eu-west-1::runtime:0f6b',
        'INIT_REPORT Init Duration: 1.49 ms\tPhase: init\tStatus: error\tError Type: Runtime.InvalidEntrypoint',
        'Error: Runtime exited with error: signal: killed',
        REPORT,
      ].join('\n') + '\n',
    );

    expect(parser.runtime).toBe('nodejs20.x');
    expect(parser.telemetryNotes().join(' ')).toContain('INIT_REPORT record reports a failed init (Runtime.InvalidEntrypoint)');
    expect(parser.stats.linesSkipped).toBe(0);
    expect(parser.stats.reportLines).toBe(1);
  });
});
