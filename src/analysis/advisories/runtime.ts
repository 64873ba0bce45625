import type { Advisory } from '../analysis.js';
import type { AdvisoryInput } from './shared.js';

const BOOTSTRAP_FIX =
  'Build the handler as a Linux executable named bootstrap (GOOS=linux, GOARCH=arm64 or amd64, CGO_ENABLED=0, -tags lambda.norpc), put it at the root of the .zip file, and set the runtime to provided.al2023 with the handler bootstrap. The code that calls lambda.Start stays as it is.';

/**
 * Advises moving off runtimes past their end of support. Dates from the AWS Lambda Developer
 * Guide, "Building Lambda functions with Go" (runtime table): provided.al2 deprecated on
 * 2026-06-30, function create blocked from 2026-07-31 and update from 2026-08-31; provided.al2023
 * is supported until 2029-06-30. The analysis reads no clock, so it states the dates rather than
 * saying which of them has passed.
 */
export function runtimeAdvisories(input: AdvisoryInput): Advisory[] {
  const runtime = input.observations.configuration.runtime?.trim().toLowerCase();
  if (runtime === 'go1.x') {
    return [
      {
        code: 'runtime-deprecated',
        severity: 'critical',
        title: 'The go1.x runtime is deprecated',
        evidence: 'Runtime go1.x: AWS no longer patches it and has blocked creating functions on it',
        fix: `Move to provided.al2023, which also offers arm64 and smaller deployments. ${BOOTSTRAP_FIX}`,
      },
    ];
  }
  if (runtime === 'provided.al2') {
    return [
      {
        code: 'runtime-deprecated',
        severity: 'warning',
        title: 'The provided.al2 runtime is past its end of support',
        evidence: 'Runtime provided.al2 (Amazon Linux 2): deprecated on 2026-06-30, creating functions blocked from 2026-07-31, updating them from 2026-08-31',
        fix: `Move to provided.al2023 (supported until 2029-06-30). For a Go binary: ${BOOTSTRAP_FIX} For another language, rebuild the bootstrap against Amazon Linux 2023.`,
      },
    ];
  }
  if (runtime === 'provided') {
    return [
      {
        code: 'runtime-deprecated',
        severity: 'critical',
        title: 'The provided runtime (Amazon Linux 1) is deprecated',
        evidence: 'Runtime provided runs on Amazon Linux 1, which AWS no longer supports',
        fix: `Move to provided.al2023 (supported until 2029-06-30). For a Go binary: ${BOOTSTRAP_FIX} For another language, rebuild the bootstrap against Amazon Linux 2023.`,
      },
    ];
  }
  return [];
}
