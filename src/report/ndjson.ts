import type { Analysis } from '../analysis/analysis.js';
import { finiteOrNull } from './json.js';
import { failureRecord, type FunctionFailure } from './report-set.js';

/** Renders one analysis as one NDJSON line, so a fleet run can stream each function as it finishes. */
export function renderNdjsonLine(analysis: Analysis): string {
  return `${JSON.stringify(analysis, finiteOrNull)}\n`;
}

export function renderNdjsonFailure(failure: FunctionFailure): string {
  return `${JSON.stringify(failureRecord(failure))}\n`;
}
