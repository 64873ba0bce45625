import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import type { Analysis } from '../../src/analysis/analysis.js';
import { CASES, type Outcome, type Recovered } from './expected.js';
import { runCliBounded, type BoundedResult } from './run-cli-bounded.js';

const CASES_DIR = fileURLToPath(new URL('./cases', import.meta.url));

function isRecovered(outcome: Outcome): outcome is Recovered {
  return 'invocations' in outcome;
}

function analyzeCase(file: string): Promise<BoundedResult> {
  return runCliBounded(['analyze', '--logs', file, '--format', 'json'], CASES_DIR);
}

describe('hostile corpus', () => {
  it('has an expected outcome for every file', () => {
    const files = readdirSync(CASES_DIR).sort();
    expect(files).toEqual(Object.keys(CASES).sort());
    expect(files.length).toBeGreaterThanOrEqual(50);
  });

  for (const [file, outcome] of Object.entries(CASES)) {
    it.concurrent(`${file}: ${outcome.description}`, async () => {
      const result = await analyzeCase(file);
      expect(result.timedOut).toBe(false);
      expect(result.stderr).not.toMatch(/\n\s+at /);

      if (!isRecovered(outcome)) {
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe(`lambda-memory-advisor: ${outcome.stderr}\n`);
        return;
      }

      expect(result.status).toBe(0);
      expect(result.stderr).toBe('');
      const analysis = JSON.parse(result.stdout) as Analysis;
      expect(analysis.invocations).toBe(outcome.invocations);
      expect(analysis.observed.map((size) => size.memorySizeMb)).toEqual([256]);
      const duration = analysis.observed[0]!.duration;
      expect(duration.p50?.value).toBeCloseTo(outcome.p50Ms, 9);
      expect(duration.p95?.value).toBeCloseTo(outcome.p95Ms, 9);
      expect(duration.maxMs).toBe(outcome.maxMs);
      expect(analysis.parse?.linesSkipped).toBe(outcome.linesSkipped);
      expect(analysis.parse?.malformedReports).toBe(outcome.malformedReports);
      expect(analysis.parse?.duplicateReports).toBe(outcome.duplicateReports);

      const notes = analysis.warnings.filter((warning) => warning.includes('could not be parsed'));
      if (outcome.firstProblem === undefined) {
        expect(notes).toEqual([]);
      } else {
        expect(notes).toHaveLength(1);
        expect(notes[0]).toContain(`(first: ${file} `);
        expect(notes[0]).toContain(` ${outcome.firstProblem}).`);
      }
    });
  }
});
