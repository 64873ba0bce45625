import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

import type { Analysis } from '../../src/analysis/analysis.js';
import { csvCell } from '../../src/report/csv.js';
import { escapeMarkdown } from '../../src/report/markdown.js';
import { fixture, runCli } from '../helpers/run-cli.js';
import { schemaErrors } from '../helpers/schema.js';

const GO_FIXTURE = fixture('reports/go-matrix-provided-al2023-arm64-1769mb.report.log');
const RUST_FIXTURE = fixture('reports/rust-s3-put-provided-al2-x86_64-16-sizes.report.log');
const COMMON = ['--architecture', 'arm64', '--invocations-per-month', '1000000'];

function analysisOf(path: string): Analysis {
  return JSON.parse(runCli(['analyze', '--logs', path, '--format', 'json', ...COMMON]).stdout) as Analysis;
}

describe('json format', () => {
  it.each([GO_FIXTURE, RUST_FIXTURE])('validates against the schema: %s', (path) => {
    expect(schemaErrors(analysisOf(path))).toEqual([]);
  });

  it('rejects a record with a wrong type', () => {
    const analysis = analysisOf(GO_FIXTURE) as unknown as { invocations: unknown };
    analysis.invocations = '150';
    expect(schemaErrors(analysis).length).toBeGreaterThan(0);
  });
});

describe('ndjson format', () => {
  it('prints one valid record per line', () => {
    const result = runCli(['analyze', '--logs', GO_FIXTURE, '--format', 'ndjson', ...COMMON]);
    const lines = result.stdout.split('\n').filter((line) => line.length > 0);
    expect(result.status).toBe(0);
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Analysis;
    expect(schemaErrors(record)).toEqual([]);
    expect(record.recommendation).toEqual(analysisOf(GO_FIXTURE).recommendation);
  });
});

describe('csv format', () => {
  const result = runCli(['analyze', '--logs', GO_FIXTURE, '--format', 'csv', ...COMMON]);
  const rows = parse<Record<string, string>>(result.stdout, { columns: true });
  const analysis = analysisOf(GO_FIXTURE);

  it('has one row per candidate', () => {
    expect(result.status).toBe(0);
    expect(rows).toHaveLength(analysis.candidates.length);
  });

  it('round-trips the numbers of the JSON output', () => {
    for (const [index, candidate] of analysis.candidates.entries()) {
      const row = rows[index]!;
      expect(Number(row.memory_mb)).toBe(candidate.memorySizeMb);
      expect(Number(row.p95_ms_high)).toBeCloseTo(candidate.p95Ms.high, 9);
      expect(Number(row.cost_per_million_usd_low)).toBeCloseTo(candidate.costPerMillionUsd.low, 12);
      expect(row.is_recommended).toBe(String(candidate.isRecommended));
    }
  });

  it('quotes separators and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(null)).toBe('');
  });
});

describe('markdown format', () => {
  const result = runCli(['analyze', '--logs', GO_FIXTURE, '--format', 'markdown', ...COMMON]);
  const lines = result.stdout.split('\n');

  it('starts with a summary table', () => {
    expect(lines[0]).toBe('## Lambda memory advisor');
    expect(lines[2]).toBe('| Function | Current | Recommended | Finding | P95 now (ms) | P95 then (ms) | $ / month now | Savings / month | Advisories |');
    expect(lines[4]).toMatch(/^\| go-matrix-provided-al2023-arm64-1769mb \| 1769 MB \| 128 MB \| over-provisioned \|/);
  });

  it('puts each function in a collapsible section', () => {
    expect(lines).toContain('<details>');
    expect(lines).toContain('<summary>go-matrix-provided-al2023-arm64-1769mb: over-provisioned, 128 MB</summary>');
    expect(lines).toContain('</details>');
  });

  it('has a table row per candidate with the same cell count', () => {
    const header = lines.findIndex((line) => line.startsWith('| Memory | Basis |'));
    const rows = lines.slice(header + 2).filter((line) => line.startsWith('| ') && line.includes(' MB |'));
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row.split(' | ')).toHaveLength(9);
  });

  it('escapes names that would break the table or inject HTML', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeMarkdown('[link](http://x)')).toBe('\\[link\\](http://x)');
    expect(escapeMarkdown('bad\u001b[31mred')).toBe('badred');
  });
});

describe('--fail-on', () => {
  it('exits 3 and names the match', () => {
    const result = runCli(['analyze', '--logs', GO_FIXTURE, '--format', 'json', '--fail-on', 'over-provisioned', ...COMMON]);
    expect(result.status).toBe(3);
    expect(result.stderr).toBe('lambda-memory-advisor: --fail-on matched go-matrix-provided-al2023-arm64-1769mb: over-provisioned\n');
    expect(schemaErrors(JSON.parse(result.stdout))).toEqual([]);
  });

  it('exits 0 when nothing matches', () => {
    const result = runCli(['analyze', '--logs', GO_FIXTURE, '--fail-on', 'under-provisioned,oom,timeouts', ...COMMON]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('matches OOM kills', () => {
    const result = runCli(['analyze', '--logs', fixture('reports/python-signal-killed-2688mb.report.log'), '--min-invocations', '1', '--fail-on', 'oom', '--format', 'json']);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(': oom');
  });

  it('rejects an unknown condition', () => {
    const result = runCli(['analyze', '--logs', GO_FIXTURE, '--fail-on', 'slow']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "lambda-memory-advisor: option '--fail-on <conditions>' argument 'slow' is invalid. Unknown condition slow; use a comma-separated list of over-provisioned, under-provisioned, oom, timeouts, any. (see --help)\n",
    );
  });
});

describe('schema command', () => {
  it('prints a draft 2020-12 schema', () => {
    const result = runCli(['schema']);
    expect(result.status).toBe(0);
    const schema = JSON.parse(result.stdout) as { $schema: string; oneOf: unknown[] };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.oneOf).toHaveLength(3);
  });
});
