/**
 * Error types that carry their exit code, so commands throw and only the entry point
 * decides how the process ends.
 */

/** Exit codes, documented in the README and in `--help`. */
export const ExitCode = {
  ok: 0,
  internalError: 1,
  usageError: 2,
  findingMatched: 3,
  partialFailure: 4,
  interrupted: 130,
} as const;

/** Bad input from the user: an option, a value or a file. Printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = ExitCode.usageError;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A failure that is not bad command-line input but still ends the command with a chosen
 * exit code: a failing AWS call, or missing telemetry. Printed as one line.
 */
export class CommandError extends Error {
  override readonly name: string = 'CommandError';

  constructor(
    message: string,
    readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
