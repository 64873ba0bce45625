import { describe, expect, it } from 'vitest';

import type { Analysis } from '../../src/analysis/analysis.js';
import { summarizeFleet } from '../../src/report/fleet-summary.js';
import { renderReport } from '../../src/report/render.js';
import { fixture, runCli } from '../helpers/run-cli.js';
import { schemaErrors } from '../helpers/schema.js';

function analysisOf(...extra: string[]): Analysis {
  const result = runCli(['analyze', '--logs', fixture('reports/go-matrix-provided-al2023-arm64-1769mb.report.log'), '--format', 'json', ...extra]);
  return JSON.parse(result.stdout) as Analysis;
}

describe('fleet summary findings', () => {
  const unmeetable = analysisOf('--max-p95', '5');
  const overProvisioned = analysisOf();

  it('counts a no-viable-size finding', () => {
    const summary = summarizeFleet({ analyses: [unmeetable, overProvisioned], failures: [], fleet: true });
    expect(summary.findings['no-viable-size']).toBe(1);
    expect(summary.findings['over-provisioned']).toBe(1);
  });

  it('renders a fleet document that validates', () => {
    const document = JSON.parse(renderReport('json', { analyses: [unmeetable, overProvisioned], failures: [], fleet: true }, { color: false })) as unknown;
    expect(schemaErrors(document)).toEqual([]);
  });
});
