/**
 * CloudWatch Logs calls of the live path: the log group's existence and retention, and
 * Logs Insights queries run to completion with polling, a deadline and StopQuery.
 */

import {
  DescribeLogGroupsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';

import { CommandError, ExitCode } from '../../errors.js';
import { toAwsCallError, type AwsCallContext } from './errors.js';
import type { QueryRow } from './logs-insights-queries.js';
import type { TimeWindow } from './window.js';

export interface LogGroupFacts {
  exists: boolean;
  /** Days kept; undefined means the group never expires events. */
  retentionInDays?: number;
}

type CallContext = Omit<AwsCallContext, 'operation' | 'iamAction'>;

/** Looks the log group up by exact name with DescribeLogGroups. */
export async function describeLogGroup(logs: CloudWatchLogsClient, logGroupName: string, context: CallContext): Promise<LogGroupFacts> {
  try {
    const output = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName, limit: 50 }));
    const group = (output.logGroups ?? []).find((candidate) => candidate.logGroupName === logGroupName);
    if (group === undefined) return { exists: false };
    return group.retentionInDays === undefined ? { exists: true } : { exists: true, retentionInDays: group.retentionInDays };
  } catch (error) {
    throw toAwsCallError(error, { ...context, operation: 'DescribeLogGroups', iamAction: 'logs:DescribeLogGroups' });
  }
}

/**
 * One Logs Insights query. `logGroupNames`, when set, replaces `logGroupName` (which then
 * only names the groups in messages) and may list up to 50 log groups.
 */
export interface InsightsQueryRequest {
  logGroupName: string;
  logGroupNames?: string[];
  queryString: string;
  window: TimeWindow;
  limit?: number;
}

export interface QueryRunOptions {
  /** Aborted on Ctrl-C: the query is stopped and the run ends. */
  signal?: AbortSignal;
  /** Client-side deadline for one query, in ms. */
  timeoutMs?: number;
  /** Waits between GetQueryResults calls, in ms; the last one repeats. */
  pollDelaysMs?: readonly number[];
}

/** Five minutes: queries over 14 days of a busy function can take a minute or two. */
export const DEFAULT_QUERY_TIMEOUT_MS = 300_000;

/** Starts at 250 ms and backs off to 2 s, so short queries return fast and long ones cost few calls. */
export const DEFAULT_POLL_DELAYS_MS = [250, 500, 1000, 2000] as const;

/** Raised when a query is stopped because of Ctrl-C. */
export class QueryInterruptedError extends CommandError {
  override readonly name: string = 'QueryInterruptedError';
  constructor(message: string) {
    super(message, ExitCode.interrupted);
  }
}

/**
 * Raised when a Logs Insights query ends with status Failed, Cancelled or Timeout, or is
 * stopped at the client-side deadline. The caller can fall back to metrics.
 */
export class QueryFailedError extends CommandError {
  override readonly name: string = 'QueryFailedError';
  constructor(message: string) {
    super(message, ExitCode.partialFailure);
  }
}

/**
 * Runs one Logs Insights query over the window and returns its rows. On the deadline or an
 * abort it calls StopQuery, so no query keeps scanning (and billing) after the tool gave up.
 */
export async function runInsightsQuery(
  logs: CloudWatchLogsClient,
  request: InsightsQueryRequest,
  context: CallContext,
  options: QueryRunOptions = {},
): Promise<QueryRow[]> {
  if (options.signal?.aborted === true) throw new QueryInterruptedError(`interrupted before the Logs Insights query on ${request.logGroupName}.`);
  const queryId = await startQuery(logs, request, context);
  const delays = options.pollDelaysMs ?? DEFAULT_POLL_DELAYS_MS;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS);

  for (let poll = 0; ; poll++) {
    const delay = delays[Math.min(poll, delays.length - 1)] ?? 1000;
    const aborted = await sleep(delay, options.signal);
    if (aborted) {
      await stopQuery(logs, queryId);
      throw interrupted(request.logGroupName);
    }

    let output: Awaited<ReturnType<typeof getQueryResults>>;
    try {
      output = await getQueryResults(logs, queryId, context);
    } catch (error) {
      // The query keeps running (and billing) unless stopped, since no later poll will come.
      await stopQuery(logs, queryId);
      throw error;
    }
    const status = output.status ?? 'Unknown';
    if (status === 'Complete') return output.rows;
    if (status !== 'Scheduled' && status !== 'Running') {
      throw new QueryFailedError(`the Logs Insights query on ${request.logGroupName} ended with status ${status}`);
    }
    if (Date.now() >= deadline) {
      await stopQuery(logs, queryId);
      const limitSeconds = (options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS) / 1000;
      throw new QueryFailedError(`the Logs Insights query on ${request.logGroupName} did not finish within ${limitSeconds} s (--query-timeout) and was stopped`);
    }
  }
}

function interrupted(logGroupName: string): QueryInterruptedError {
  return new QueryInterruptedError(`interrupted: stopped the Logs Insights query on ${logGroupName}.`);
}

async function startQuery(logs: CloudWatchLogsClient, request: InsightsQueryRequest, context: CallContext): Promise<string> {
  try {
    const output = await logs.send(
      new StartQueryCommand({
        ...(request.logGroupNames === undefined ? { logGroupName: request.logGroupName } : { logGroupNames: request.logGroupNames }),
        queryString: request.queryString,
        // StartQuery takes epoch seconds.
        startTime: Math.floor(request.window.startMs / 1000),
        endTime: Math.ceil(request.window.endMs / 1000),
        ...(request.limit !== undefined ? { limit: request.limit } : {}),
      }),
    );
    if (output.queryId === undefined) throw new Error('StartQuery returned no queryId');
    return output.queryId;
  } catch (error) {
    throw toAwsCallError(error, { ...context, operation: 'StartQuery', iamAction: 'logs:StartQuery' });
  }
}

async function getQueryResults(
  logs: CloudWatchLogsClient,
  queryId: string,
  context: CallContext,
): Promise<{ status: string | undefined; rows: QueryRow[] }> {
  try {
    const output = await logs.send(new GetQueryResultsCommand({ queryId }));
    const rows = (output.results ?? []).map((row) => {
      const fields: QueryRow = new Map();
      for (const cell of row) {
        if (cell.field !== undefined && cell.value !== undefined) fields.set(cell.field, cell.value);
      }
      return fields;
    });
    return { status: output.status, rows };
  } catch (error) {
    throw toAwsCallError(error, { ...context, operation: 'GetQueryResults', iamAction: 'logs:GetQueryResults' });
  }
}

/** Stops a query; a failure here is ignored because the query ends by itself within 60 minutes. */
async function stopQuery(logs: CloudWatchLogsClient, queryId: string): Promise<void> {
  try {
    await logs.send(new StopQueryCommand({ queryId }));
  } catch {
    // The run is ending anyway, and StopQuery on a finished query fails harmlessly.
  }
}

/** Waits `ms`, or less when the signal aborts. Returns true when aborted. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
