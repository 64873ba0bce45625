import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { Advisory, Analysis } from '../../src/analysis/analysis.js';
import { analyzeFunction } from '../../src/analysis/analyze.js';
import type { FunctionConfigurationFacts, FunctionObservations } from '../../src/analysis/observations.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../../src/analysis/options.js';
import { functionObservations, type SizeSpec } from '../helpers/observations.js';

/** Runs the real engine on observations built from plain arrays. */
export function analyze(
  sizes: SizeSpec[],
  configuration: Partial<FunctionConfigurationFacts> = {},
  extra: Partial<FunctionObservations> = {},
  overrides: Partial<AnalysisOptions> = {},
): Analysis {
  const observations = functionObservations(sizes, extra);
  observations.configuration = { ...observations.configuration, ...configuration };
  return analyzeFunction(observations, { ...DEFAULT_ANALYSIS_OPTIONS, ...overrides });
}

/** Runs the real engine on observations that a test has adjusted by hand. */
export function analyzeObservations(observations: FunctionObservations, overrides: Partial<AnalysisOptions> = {}): Analysis {
  return analyzeFunction(observations, { ...DEFAULT_ANALYSIS_OPTIONS, ...overrides });
}

export function findAdvisory(analysis: Analysis, code: string): Advisory | undefined {
  return analysis.advisories.find((advisory) => advisory.code === code);
}

export function advisoryCodes(analysis: Analysis): string[] {
  return analysis.advisories.map((advisory) => advisory.code);
}

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/advisories/${name}`, import.meta.url));
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function repeat<T>(value: T, count: number): T[] {
  return Array.from({ length: count }, () => value);
}
