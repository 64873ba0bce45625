import { execFile } from 'node:child_process';

import { BIN } from '../helpers/run-cli.js';

/** A spawned run that takes longer than this counts as a hang and fails the test. */
export const RUN_TIMEOUT_MS = 20_000;

export interface BoundedResult {
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs the built CLI in `cwd` and kills it after RUN_TIMEOUT_MS. */
export function runCliBounded(args: string[], cwd: string, input?: string): Promise<BoundedResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd,
        timeout: RUN_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: { PATH: process.env.PATH, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' },
      },
      (error, stdout, stderr) => {
        const timedOut = error !== null && error.killed === true;
        let status: number | null = 0;
        if (error !== null) status = typeof error.code === 'number' ? error.code : null;
        resolve({ status, stdout, stderr, timedOut });
      },
    );
    child.stdin?.end(input ?? '');
  });
}
