import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { fixture, runCli } from '../helpers/run-cli.js';

const GO_FIXTURE = fixture('reports/go-matrix-provided-al2023-arm64-1769mb.report.log');
const RUST_FIXTURE = fixture('reports/rust-s3-put-provided-al2-x86_64-16-sizes.report.log');
const directory = mkdtempSync(join(tmpdir(), 'lma-render-'));

function saved(name: string, args: string[]): string {
  const path = join(directory, name);
  writeFileSync(path, runCli(args).stdout);
  return path;
}

describe('render', () => {
  const json = saved('go.json', ['analyze', '--logs', GO_FIXTURE, '--format', 'json', '--invocations-per-month', '1000000']);

  it('renders a saved analysis as the direct run would', () => {
    const direct = runCli(['analyze', '--logs', GO_FIXTURE, '--format', 'markdown', '--invocations-per-month', '1000000']);
    const rendered = runCli(['render', json, '--format', 'markdown']);
    expect(rendered.status).toBe(0);
    expect(rendered.stdout).toBe(direct.stdout);
  });

  it('renders NDJSON from stdin', () => {
    const ndjson = `${runCli(['analyze', '--logs', GO_FIXTURE, '--format', 'ndjson']).stdout}${runCli(['analyze', '--logs', RUST_FIXTURE, '--format', 'ndjson']).stdout}`;
    const rendered = runCli(['render', '-', '--format', 'csv'], { input: ndjson });
    expect(rendered.status).toBe(0);
    const functions = new Set(rendered.stdout.split('\r\n').slice(1, -1).map((line) => line.split(',')[0]));
    expect([...functions]).toEqual(['go-matrix-provided-al2023-arm64-1769mb', 'rust-s3-put-provided-al2-x86_64-16-sizes']);
  });

  it('applies --fail-on to the saved findings', () => {
    const output = join(directory, 'summary.md');
    const rendered = runCli(['render', json, '--format', 'markdown', '--output', output, '--fail-on', 'over-provisioned']);
    expect(rendered.status).toBe(3);
    expect(rendered.stderr).toBe('lambda-memory-advisor: --fail-on matched go-matrix-provided-al2023-arm64-1769mb: over-provisioned\n');
    expect(readFileSync(output, 'utf8').startsWith('## Lambda memory advisor\n')).toBe(true);
  });

  it.each([
    ['empty.json', '', 'cannot render {path}: the file is empty. Pass the output of analyze --format json or ndjson.'],
    ['text.json', 'root:x:0:0\n', 'cannot render {path}: line 1 is not valid JSON. Pass the output of analyze --format json or ndjson.'],
    ['other.json', '{"version": 2}', 'cannot render {path}: the document is not a lambda-memory-advisor record with schemaVersion 1.'],
  ])('rejects %s with one line', (name, content, message) => {
    const path = join(directory, name);
    writeFileSync(path, content);
    const rendered = runCli(['render', path]);
    expect(rendered.status).toBe(2);
    expect(rendered.stderr).toBe(`lambda-memory-advisor: ${message.replace('{path}', path)}\n`);
  });

  it('names a missing file', () => {
    const rendered = runCli(['render', join(directory, 'missing.json')]);
    expect(rendered.status).toBe(2);
    expect(rendered.stderr).toBe(`lambda-memory-advisor: cannot render ${join(directory, 'missing.json')}: ENOENT. Check the path.\n`);
  });
});

describe('render of saved failures', () => {
  const failures = [
    { schemaVersion: 1, function: { name: 'orders-api', region: 'eu-west-1' }, error: { operation: 'ListFunctions', message: 'ListFunctions failed: the connection was refused.' } },
    { schemaVersion: 1, function: { name: 'billing-api', region: 'eu-west-1' }, error: { operation: 'StartQuery', message: 'StartQuery was denied.' } },
  ];
  const ndjson = join(directory, 'failures.ndjson');
  writeFileSync(ndjson, failures.map((record) => JSON.stringify(record)).join('\n'));

  it('lists them in the table and exits 4', () => {
    const rendered = runCli(['render', ndjson, '--format', 'table']);
    expect(rendered.status).toBe(4);
    expect(rendered.stdout).toContain('Not analysed (2)\n  orders-api (eu-west-1): ListFunctions: ListFunctions failed: the connection was refused.\n');
    expect(rendered.stderr).toBe('lambda-memory-advisor: the saved report lists 2 function(s) that could not be analysed.\n');
  });

  it('summarises NDJSON like the JSON document', () => {
    const json = join(directory, 'failures.json');
    writeFileSync(json, JSON.stringify({ schemaVersion: 1, analyses: [], failures, summary: {} }));
    const fromNdjson = runCli(['render', ndjson, '--format', 'markdown']);
    const fromJson = runCli(['render', json, '--format', 'markdown']);
    expect(fromNdjson.stdout).toBe(fromJson.stdout);
    expect(fromNdjson.stdout).toContain('| **Total (0 functions)** |');
  });
});
