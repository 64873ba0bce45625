import type { Analysis } from '../analysis/analysis.js';

/**
 * Renders the analysis as JSON. Non-finite numbers become null, because JSON has no NaN
 * and a dashboard should see "unknown" rather than a parse error.
 */
export function renderJson(analysis: Analysis): string {
  return `${stringifyReportJson(analysis, 2)}\n`;
}

/**
 * Serializes any report value as the JSON, fleet JSON and NDJSON outputs do: non-finite
 * numbers become null and DEL and C1 controls are escaped.
 */
export function stringifyReportJson(value: unknown, indent?: number): string {
  return escapeC1Controls(JSON.stringify(value, finiteOrNull, indent));
}

export function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/**
 * Escapes DEL and the C1 controls (U+007F to U+009F), which JSON.stringify leaves raw:
 * a terminal may take U+009B as CSI when the JSON is printed to it. Outside strings JSON
 * is ASCII, so every such character is inside a string and `\uXXXX` parses back to it.
 */
export function escapeC1Controls(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
