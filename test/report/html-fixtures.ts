import type { Analysis } from '../../src/analysis/analysis.js';
import { fixture, runCli } from '../helpers/run-cli.js';

export const GO_FIXTURE = fixture('reports/go-matrix-provided-al2023-arm64-1769mb.report.log');
export const RUST_FIXTURE = fixture('reports/rust-s3-put-provided-al2-x86_64-16-sizes.report.log');

/** Function names and text that would run script or break out of an attribute if printed unescaped. */
export const HOSTILE_NAME = '<script>alert(1)</script>';
export const HOSTILE_ATTRIBUTE = '"onload=alert(2) x="';

export const GO_ARGS = ['--logs', GO_FIXTURE, '--architecture', 'arm64', '--runtime', 'provided.al2023'];
export const RUST_ARGS = ['--logs', RUST_FIXTURE];

/** Runs `analyze --format json` with the built CLI and returns the parsed analysis. */
export function analyzeJson(args: string[]): Analysis {
  const result = runCli(['analyze', ...args, '--format', 'json']);
  if (result.status !== 0) throw new Error(`analyze failed with ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Analysis;
}

/** Returns a copy of the analysis with hostile strings in the name, source, advisories and warnings. */
export function withHostileText(analysis: Analysis): Analysis {
  const copy = structuredClone(analysis);
  copy.function.name = `${HOSTILE_NAME}${HOSTILE_ATTRIBUTE}`;
  copy.function.runtime = '<img src=x onerror=alert(3)>';
  copy.source.detail = ['</script><script>alert(4)</script>'];
  copy.warnings.push('<b onmouseover=alert(5)>warning</b>');
  copy.advisories.push({
    code: 'test-<code>',
    severity: 'warning',
    title: '<iframe src="javascript:alert(6)">',
    evidence: '&lt;already escaped&gt; & "quoted"',
    fix: "'single' <!-- comment",
  });
  return copy;
}
