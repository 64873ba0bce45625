import type { Analysis } from '../analysis/analysis.js';

/** A function whose analysis failed, with the operation that failed (an AWS API call or reading a file). */
export interface FunctionFailure {
  functionName: string;
  region?: string;
  operation: string;
  message: string;
}

/** A function of a fleet audit with no invocation in the window: nothing to analyse, and no error. */
export interface IdleFunction {
  functionName: string;
  region: string;
}

/** What one run reports: the functions analysed and the ones that failed. */
export interface ReportSet {
  analyses: Analysis[];
  failures: FunctionFailure[];
  /** Fleet audits only: functions without invocations in the window. */
  idle?: IdleFunction[];
  /** True for fleet audits, whose JSON is always the fleet document with its summary. */
  fleet?: boolean;
}

/** The JSON record of a failure, as NDJSON and fleet JSON print it. */
export function failureRecord(failure: FunctionFailure): object {
  return {
    schemaVersion: 1,
    function: failure.region === undefined ? { name: failure.functionName } : { name: failure.functionName, region: failure.region },
    error: { operation: failure.operation, message: failure.message },
  };
}
