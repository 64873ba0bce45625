/**
 * CloudWatch Logs for a whole fleet: log group facts from DescribeLogGroups by name (50
 * per call), and one Logs Insights stats query per batch of up to 50 log groups, split
 * `by @log, @memorySize`, so each function contributes a few rows and no samples.
 */

import { DescribeLogGroupsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

import { CommandError } from '../../errors.js';
import { AwsCallError, toAwsCallError } from './errors.js';
import { QueryInterruptedError, runInsightsQuery, type LogGroupFacts, type QueryRunOptions } from './logs-insights.js';
import { MAX_QUERY_ROWS, buildStatsQuery, parseStatsRows, type LogFormat, type QueryRow, type StatsResult } from './logs-insights-queries.js';
import { runPool } from './promise-pool.js';
import type { TimeWindow } from './window.js';

/**
 * Log groups per Logs Insights query and per DescribeLogGroups call by name. Both accept at
 * most 50: StartQuery's logGroupNames per the documentation in @aws-sdk/client-cloudwatch-logs
 * 3.1178, and logGroupIdentifiers per the service model (max 50 in botocore 1.43.11).
 */
export const MAX_LOG_GROUPS_PER_CALL = 50;

interface CallScope {
  region: string;
  profile?: string;
  concurrency: number;
}

/** Looks up the named log groups, 50 per DescribeLogGroups call; absent groups get `exists: false`. */
export async function describeLogGroups(
  logs: CloudWatchLogsClient,
  logGroupNames: string[],
  scope: CallScope,
): Promise<Map<string, LogGroupFacts | AwsCallError>> {
  const facts = new Map<string, LogGroupFacts | AwsCallError>();
  const unique = [...new Set(logGroupNames)];
  await runPool(chunk(unique, MAX_LOG_GROUPS_PER_CALL), scope.concurrency, async (names) => {
    try {
      let nextToken: string | undefined;
      do {
        const output = await logs.send(new DescribeLogGroupsCommand({ logGroupIdentifiers: names, ...(nextToken !== undefined ? { nextToken } : {}) }));
        for (const group of output.logGroups ?? []) {
          if (group.logGroupName === undefined) continue;
          facts.set(group.logGroupName, group.retentionInDays === undefined ? { exists: true } : { exists: true, retentionInDays: group.retentionInDays });
        }
        nextToken = output.nextToken;
      } while (nextToken !== undefined);
      for (const name of names) if (!facts.has(name)) facts.set(name, { exists: false });
    } catch (error) {
      for (const name of names) {
        facts.set(name, toAwsCallError(error, { ...callContext(scope, name), operation: 'DescribeLogGroups', iamAction: 'logs:DescribeLogGroups' }));
      }
    }
  });
  return facts;
}

export interface FleetQueryGroup {
  logGroupName: string;
  format: LogFormat;
}

export interface FleetQueryOptions extends CallScope {
  window: TimeWindow;
  query?: QueryRunOptions;
  /** Receives each batch's results as soon as its query completes, for streaming output. */
  onBatch: (results: Map<string, StatsResult | CommandError>) => void | Promise<void>;
}

/**
 * Runs the aggregate query over every log group, up to 50 groups per query and at most
 * `concurrency` queries at once. A query rejected for one group (access denied, group
 * not found) fails the whole query, so the batch is split in halves and retried until the
 * failing group stands alone; the other groups still get their rows. Counts of calls
 * grow by about 2 × log2(50) ≈ 12 queries per failing group.
 */
export async function queryFleetStats(logs: CloudWatchLogsClient, groups: FleetQueryGroup[], options: FleetQueryOptions): Promise<void> {
  const batches: FleetQueryGroup[][] = [];
  for (const format of ['Text', 'JSON'] as const) {
    batches.push(...chunk(groups.filter((group) => group.format === format), MAX_LOG_GROUPS_PER_CALL));
  }
  await runPool(batches, options.concurrency, async (batch) => {
    await options.onBatch(await queryBatch(logs, batch, options));
  });
}

async function queryBatch(logs: CloudWatchLogsClient, batch: FleetQueryGroup[], options: FleetQueryOptions): Promise<Map<string, StatsResult | CommandError>> {
  const format = batch[0]!.format;
  const names = batch.map((group) => group.logGroupName);
  const label = names.length === 1 ? names[0]! : `${names.length} log groups (${names[0]} …)`;
  let rows: QueryRow[];
  try {
    rows = await runInsightsQuery(
      logs,
      { logGroupName: label, logGroupNames: names, queryString: buildStatsQuery(format, undefined, { byLogGroup: true }), window: options.window, limit: MAX_QUERY_ROWS },
      { ...callContext(options, label) },
      options.query,
    );
  } catch (error) {
    if (error instanceof AwsCallError && names.length > 1 && (error.kind === 'access-denied' || error.kind === 'not-found')) {
      return splitAndRetry(logs, batch, options);
    }
    if (error instanceof QueryInterruptedError) throw error;
    const failure = error instanceof CommandError ? error : toAwsCallError(error, { ...callContext(options, label), operation: 'StartQuery', iamAction: 'logs:StartQuery' });
    return new Map(names.map((name) => [name, failure]));
  }
  // A full result may have lost rows, so the batch is split until every query returns fewer.
  if (rows.length >= MAX_QUERY_ROWS && names.length > 1) return splitAndRetry(logs, batch, options);
  return splitRowsByLogGroup(rows, names, format);
}

async function splitAndRetry(logs: CloudWatchLogsClient, batch: FleetQueryGroup[], options: FleetQueryOptions): Promise<Map<string, StatsResult | CommandError>> {
  const middle = Math.ceil(batch.length / 2);
  const [first, second] = await Promise.all([queryBatch(logs, batch.slice(0, middle), options), queryBatch(logs, batch.slice(middle), options)]);
  return new Map([...first, ...second]);
}

/** Groups rows by `@log` (`account-id:log-group-name`) and parses each group's rows. */
export function splitRowsByLogGroup(rows: QueryRow[], names: string[], format: LogFormat): Map<string, StatsResult> {
  const byGroup = new Map<string, QueryRow[]>(names.map((name) => [name, []]));
  for (const row of rows) {
    const log = row.get('@log') ?? '';
    const name = log.slice(log.indexOf(':') + 1);
    byGroup.get(name)?.push(row);
  }
  return new Map([...byGroup].map(([name, groupRows]) => [name, parseStatsRows(groupRows, format)]));
}

function callContext(scope: CallScope, name: string): { functionName: string; region: string; profile?: string } {
  return { functionName: name, region: scope.region, ...(scope.profile !== undefined ? { profile: scope.profile } : {}) };
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
