import type { Analysis } from '../analysis/analysis.js';
import { stringifyReportJson } from './json.js';
import { failureRecord, type FunctionFailure } from './report-set.js';

/** Renders one analysis as one NDJSON line, so a fleet run can stream each function as it finishes. */
export function renderNdjsonLine(analysis: Analysis): string {
  return `${stringifyReportJson(analysis)}\n`;
}

export function renderNdjsonFailure(failure: FunctionFailure): string {
  return `${stringifyReportJson(failureRecord(failure))}\n`;
}
