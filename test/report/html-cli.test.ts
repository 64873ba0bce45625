import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runCli } from '../helpers/run-cli.js';
import { GO_ARGS } from './html-fixtures.js';

const directory = mkdtempSync(join(tmpdir(), 'lma-html-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('analyze --format html', () => {
  it('writes the page to stdout without --output', () => {
    const result = runCli(['analyze', ...GO_ARGS, '--format', 'html']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(result.stdout.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('writes --output and nothing to stdout', () => {
    const output = join(directory, 'report.html');
    const result = runCli(['analyze', ...GO_ARGS, '--format', 'html', '--output', output]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(readFileSync(output, 'utf8')).toContain('go-matrix-provided-al2023-arm64-1769mb');
    expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces an existing --output file', () => {
    const output = join(directory, 'existing.json');
    writeFileSync(output, 'old report');
    const result = runCli(['analyze', ...GO_ARGS, '--format', 'json', '--output', output]);
    expect(result.status).toBe(0);
    const stdoutJson = runCli(['analyze', ...GO_ARGS, '--format', 'json']).stdout;
    expect(readFileSync(output, 'utf8')).toBe(stdoutJson);
  });

  it('writes the table to --output without colour', () => {
    const output = join(directory, 'report.txt');
    const result = runCli(['analyze', ...GO_ARGS, '--output', output], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(result.status).toBe(0);
    const text = readFileSync(output, 'utf8');
    expect(text).toContain('P95 justification');
    expect(text).not.toContain('\u001b[');
  });

  it('rejects --output in a missing directory', () => {
    const output = join(directory, 'missing', 'report.html');
    const result = runCli(['analyze', ...GO_ARGS, '--format', 'html', '--output', output]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `lambda-memory-advisor: cannot write the report to ${output}: ENOENT directory not found. Check that the directory exists and is writable.\n`,
    );
    expect(result.stdout).toBe('');
  });

  it('lists html among the formats in --help', () => {
    expect(runCli(['analyze', '--help']).stdout).toContain('"html"');
  });
});
