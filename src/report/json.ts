import type { Analysis } from '../analysis/analysis.js';

/**
 * Renders the analysis as JSON. Non-finite numbers become null, because JSON has no NaN
 * and a dashboard should see "unknown" rather than a parse error.
 */
export function renderJson(analysis: Analysis): string {
  return `${JSON.stringify(analysis, finiteOrNull, 2)}\n`;
}

export function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
