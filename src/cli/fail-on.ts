import { InvalidArgumentError } from 'commander';

import type { ReportSet } from '../report/report-set.js';

export const FAIL_ON_CONDITIONS = ['over-provisioned', 'under-provisioned', 'oom', 'timeouts', 'any'] as const;
export type FailOnCondition = (typeof FAIL_ON_CONDITIONS)[number];

export function parseFailOn(value: string): FailOnCondition[] {
  const conditions = value.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  for (const condition of conditions) {
    if (!(FAIL_ON_CONDITIONS as readonly string[]).includes(condition)) {
      throw new InvalidArgumentError(`Unknown condition ${condition}; use a comma-separated list of ${FAIL_ON_CONDITIONS.join(', ')}.`);
    }
  }
  if (conditions.length === 0) {
    throw new InvalidArgumentError(`Give a comma-separated list of ${FAIL_ON_CONDITIONS.join(', ')}.`);
  }
  return conditions as FailOnCondition[];
}

function describeAny(finding: string, oomKills: number, timeouts: number): string {
  const parts: string[] = [];
  if (finding !== 'optimized' && finding !== 'insufficient-data') parts.push(finding);
  if (oomKills > 0) parts.push(`${oomKills} OOM kill(s)`);
  if (timeouts > 0) parts.push(`${timeouts} timeout(s)`);
  return parts.join(', ');
}

/**
 * Lists the functions whose findings match a --fail-on condition, as `name: condition`.
 * `any` matches every finding other than optimized and insufficient-data, and any OOM kill or
 * timeout; its match names what it matched.
 */
export function matchFailOn(report: ReportSet, conditions: FailOnCondition[]): string[] {
  const matches: string[] = [];
  for (const analysis of report.analyses) {
    const finding = analysis.recommendation.finding;
    const oomKills = analysis.observed.reduce((sum, size) => sum + size.oomKills, 0);
    const timeouts = analysis.observed.reduce((sum, size) => sum + size.timeouts, 0);
    const matched = conditions.filter((condition) => {
      if (condition === 'over-provisioned' || condition === 'under-provisioned') return finding === condition;
      if (condition === 'oom') return oomKills > 0;
      if (condition === 'timeouts') return timeouts > 0;
      return finding === 'over-provisioned' || finding === 'under-provisioned' || finding === 'no-viable-size' || oomKills > 0 || timeouts > 0;
    });
    if (matched.length > 0) matches.push(`${analysis.function.name}: ${matched.map((condition) => (condition === 'any' ? `any (${describeAny(finding, oomKills, timeouts)})` : condition)).join(', ')}`);
  }
  return matches;
}
