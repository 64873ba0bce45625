/**
 * A local fake of the three AWS services the live path reads, speaking their real wire
 * protocols on 127.0.0.1 and an ephemeral port:
 * - Lambda: REST-JSON (`GET /2015-03-31/functions/{name}/configuration`)
 * - CloudWatch: AWS JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.<Operation>`)
 * - CloudWatch Logs: AWS JSON 1.1 (`X-Amz-Target: Logs_20140328.<Operation>`)
 * - Resource Groups Tagging API: AWS JSON 1.1 (`X-Amz-Target: ResourceGroupsTaggingAPI_20170126.GetResources`)
 *
 * Operations are a table of handlers keyed by name, so new ones (ListFunctions, tags)
 * and new faults are added as rows. Every request is recorded by operation name.
 */

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { FaultInjector, faultReply, type FaultRule } from './faults.js';

/** Operations that only read. Anything else reaching the fake counts as a write. */
export const READ_OPERATIONS: ReadonlySet<string> = new Set([
  'GetFunctionConfiguration',
  'GetMetricData',
  'DescribeLogGroups',
  'StartQuery',
  'GetQueryResults',
  'StopQuery',
  'ListFunctions',
  'GetResources',
]);

export interface MetricQuery {
  Id: string;
  MetricStat: {
    Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
  };
}

/** Values of one metric query: epoch seconds and numbers, as GetMetricData returns them. */
export interface MetricSeries {
  timestamps: number[];
  values: number[];
}

export type QueryRow = Record<string, string>;

/** An error injected for an operation: the AWS error code and HTTP status to return. */
export interface InjectedError {
  code: string;
  status: number;
  message?: string;
  /** Number of failures before the operation succeeds. Without it, every call fails. */
  times?: number;
}

export interface FakeAwsConfig {
  /** GetFunctionConfiguration output by function name. */
  functions: Record<string, Record<string, unknown>>;
  /** Returns the series of one metric query; empty when absent. */
  metric?: (query: MetricQuery, request: { startTime: number; endTime: number }) => MetricSeries | undefined;
  logGroups?: { logGroupName: string; retentionInDays?: number }[];
  /** Returns the rows of a Logs Insights query string over the named log groups. */
  queryResults?: (queryString: string, logGroupNames: string[]) => QueryRow[];
  /** Number of GetQueryResults calls that return Running before one returns Complete. */
  runningPolls?: number;
  errors?: Record<string, InjectedError>;
  /** Faults per operation (test/fake-aws/faults.ts); checked before `errors`. */
  faults?: FaultRule[];
  /** ListFunctions output by region, for multi-region runs; `functions` serves any other region. */
  functionsByRegion?: Record<string, Record<string, Record<string, unknown>>>;
  /** Largest ListFunctions page; Lambda returns at most 50 per page. */
  listFunctionsPageSize?: number;
  /** Tags by function name, served by the Resource Groups Tagging API's GetResources. */
  tags?: Record<string, Record<string, string>>;
  /** Log groups whose StartQuery returns AccessDeniedException, alone or in a multi-group query. */
  deniedLogGroups?: string[];
  /** Milliseconds every call waits before its reply, to measure a client against a slow service. */
  latencyMs?: number;
}

export interface RecordedCall {
  operation: string;
  body: Record<string, unknown>;
  /** Lambda path and query, for REST calls. */
  path?: string;
  /** Request headers, so a test can see the credentials the client signed with. */
  headers?: IncomingHttpHeaders;
}

export interface FakeAws {
  url: string;
  calls: RecordedCall[];
  config: FakeAwsConfig;
  /** Number of calls of one operation. */
  count(operation: string): number;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Handler = (
  request: { body: Record<string, unknown>; path: string; params: URLSearchParams; region: string },
  config: FakeAwsConfig,
  state: QueryState,
) => Reply;

interface QueryState {
  queries: Map<string, { queryString: string; logGroupNames: string[]; polls: number; stopped: boolean }>;
  nextId: number;
}

const json = (body: unknown, status = 200): Reply => ({ status, body });

/** A string member of a request body, or '' when absent or not a string. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const HANDLERS: Record<string, Handler> = {
  GetFunctionConfiguration: ({ path, params }, config) => {
    const name = decodeURIComponent(path.split('/')[3] ?? '');
    const plain = name.includes(':function:') ? (name.split(':function:')[1] ?? name).split(':')[0]! : name;
    const fn = config.functions[plain];
    if (fn === undefined) return lambdaError('ResourceNotFoundException', 404, `Function not found: ${name}`);
    const qualifier = params.get('Qualifier');
    return json(qualifier === null ? fn : { ...fn, Version: /^\d+$/.test(qualifier) ? qualifier : '7' });
  },

  GetMetricData: ({ body }, config) => {
    const queries = (body.MetricDataQueries ?? []) as MetricQuery[];
    if (queries.length > MAX_METRIC_QUERIES) {
      return jsonError('ValidationError', 400, `The collection MetricDataQueries must not have a size greater than ${MAX_METRIC_QUERIES}.`);
    }
    const window = { startTime: Number(body.StartTime), endTime: Number(body.EndTime) };
    return json({
      MetricDataResults: queries.map((query) => {
        const series = config.metric?.(query, window) ?? { timestamps: [], values: [] };
        return { Id: query.Id, Label: query.MetricStat.Metric.MetricName, StatusCode: 'Complete', Timestamps: series.timestamps, Values: series.values };
      }),
      Messages: [],
    });
  },

  DescribeLogGroups: ({ body }, config) => {
    const prefix = text(body.logGroupNamePrefix);
    const identifiers = Array.isArray(body.logGroupIdentifiers) ? (body.logGroupIdentifiers as string[]) : undefined;
    if (identifiers !== undefined && identifiers.length > MAX_LOG_GROUPS_PER_CALL) {
      return jsonError('InvalidParameterException', 400, `logGroupIdentifiers takes at most ${MAX_LOG_GROUPS_PER_CALL} log groups`);
    }
    const groups = (config.logGroups ?? []).filter((group) =>
      identifiers === undefined ? group.logGroupName.startsWith(prefix) : identifiers.includes(group.logGroupName),
    );
    return json({ logGroups: groups.map((group) => ({ ...group, arn: `arn:aws:logs:us-east-1:123456789012:log-group:${group.logGroupName}:*`, storedBytes: 0 })) });
  },

  StartQuery: ({ body }, config, state) => {
    const groups = Array.isArray(body.logGroupNames) ? (body.logGroupNames as string[]) : [text(body.logGroupName)];
    if (groups.length > MAX_LOG_GROUPS_PER_CALL) {
      return jsonError('InvalidParameterException', 400, `a query takes at most ${MAX_LOG_GROUPS_PER_CALL} log groups`);
    }
    const denied = groups.find((group) => (config.deniedLogGroups ?? []).includes(group));
    if (denied !== undefined) {
      return jsonError('AccessDeniedException', 400, `User is not authorized to perform logs:StartQuery on ${denied}`);
    }
    for (const group of groups) {
      if (!(config.logGroups ?? []).some((candidate) => candidate.logGroupName === group)) {
        return jsonError('ResourceNotFoundException', 400, `Log group ${group} does not exist`);
      }
    }
    const queryId = `query-${state.nextId++}`;
    state.queries.set(queryId, { queryString: text(body.queryString), logGroupNames: groups, polls: 0, stopped: false });
    return json({ queryId });
  },

  GetQueryResults: ({ body }, config, state) => {
    const query = state.queries.get(text(body.queryId));
    if (query === undefined) return jsonError('ResourceNotFoundException', 400, 'unknown query');
    query.polls++;
    if (query.stopped) return json({ status: 'Cancelled', results: [] });
    if (query.polls <= (config.runningPolls ?? 0)) return json({ status: 'Running', results: [] });
    const rows = config.queryResults?.(query.queryString, query.logGroupNames) ?? [];
    return json({
      status: 'Complete',
      results: rows.map((row) => Object.entries(row).map(([field, value]) => ({ field, value }))),
      statistics: { recordsMatched: rows.length, recordsScanned: rows.length, bytesScanned: 0 },
    });
  },

  StopQuery: ({ body }, _config, state) => {
    const query = state.queries.get(text(body.queryId));
    if (query !== undefined) query.stopped = true;
    return json({ success: query !== undefined });
  },

  ListFunctions: ({ params, region }, config) => {
    const functions = Object.values(config.functionsByRegion?.[region] ?? config.functions);
    const pageSize = Math.min(Number(params.get('MaxItems') ?? '50'), config.listFunctionsPageSize ?? 50);
    const start = Number(params.get('Marker') ?? '0');
    const page = functions.slice(start, start + pageSize);
    const next = start + pageSize < functions.length ? String(start + pageSize) : undefined;
    return json({ Functions: page, ...(next !== undefined ? { NextMarker: next } : {}) });
  },

  GetResources: ({ body, region }, config) => {
    const filters = (body.TagFilters ?? []) as { Key: string; Values?: string[] }[];
    const tagged = Object.entries(config.tags ?? {}).filter(([, tags]) =>
      filters.every((filter) => tags[filter.Key] !== undefined && (filter.Values === undefined || filter.Values.length === 0 || filter.Values.includes(tags[filter.Key]!))),
    );
    const pageSize = Math.min(Number(body.ResourcesPerPage ?? 100), 100);
    const start = Number(text(body.PaginationToken) === '' ? '0' : text(body.PaginationToken));
    const page = tagged.slice(start, start + pageSize);
    const next = start + pageSize < tagged.length ? String(start + pageSize) : '';
    return json({
      PaginationToken: next,
      ResourceTagMappingList: page.map(([name, tags]) => ({
        ResourceARN: `arn:aws:lambda:${region}:123456789012:function:${name}`,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      })),
    });
  },
};

/** GetMetricData takes at most 500 metric queries per call, as the AWS SDK's documentation of it states. */
const MAX_METRIC_QUERIES = 500;

/** StartQuery and DescribeLogGroups (by name) take at most 50 log groups per call, as the AWS SDK's documentation states. */
const MAX_LOG_GROUPS_PER_CALL = 50;

/** Returns the region of a SigV4-signed request, read from the credential scope of its Authorization header. */
function regionOf(request: IncomingMessage): string {
  const authorization = request.headers.authorization ?? '';
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1] ?? 'us-east-1';
}

/** AWS JSON 1.0 and 1.1 errors: the code in `__type`. */
function jsonError(code: string, status: number, message: string): Reply {
  return { status, body: { __type: code, message } };
}

/** Lambda REST-JSON errors: the code in the x-amzn-ErrorType header. */
function lambdaError(code: string, status: number, message: string): Reply {
  return { status, body: { Type: 'User', message }, headers: { 'x-amzn-ErrorType': code } };
}

function operationOf(request: IncomingMessage, path: string): string {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  if (request.method === 'GET' && /^\/2015-03-31\/functions\/[^/]+\/configuration$/.test(path)) return 'GetFunctionConfiguration';
  if (request.method === 'GET' && /^\/2015-03-31\/functions\/?$/.test(path)) return 'ListFunctions';
  return `${request.method ?? 'UNKNOWN'} ${path}`;
}

/**
 * Every fake started in this test file, so that the read-only check in
 * test/fake-aws/read-only-guard.ts covers the calls of all of them.
 */
export const startedFakes: FakeAws[] = [];

/** Returns the recorded calls that are not read operations. */
export function writeCalls(calls: readonly RecordedCall[]): RecordedCall[] {
  return calls.filter((call) => !READ_OPERATIONS.has(call.operation));
}

/** Starts the fake on 127.0.0.1 and an ephemeral port. */
export async function startFakeAws(config: FakeAwsConfig): Promise<FakeAws> {
  const calls: RecordedCall[] = [];
  const faults = new FaultInjector(config.faults ?? []);
  const state: QueryState = { queries: new Map(), nextId: 1 };
  const failures = new Map<string, number>();
  let requestCounter = 0;

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      const operation = operationOf(request, url.pathname);
      const call = { operation, body, path: url.pathname + url.search, headers: request.headers };
      calls.push(call);

      const fault = faults.pick(call);
      if (fault?.kind === 'reset') {
        request.socket.destroy();
        return;
      }
      const reply =
        (fault === undefined ? undefined : faultReply(fault, operation)) ?? injectedError(operation) ?? handle(operation, body, url, regionOf(request));
      const isLambda = request.headers['x-amz-target'] === undefined;
      const requestId = `fake-${++requestCounter}`;
      // A delay fault replaces the service-wide latency for that call.
      const delayMs = fault?.kind === 'delay' ? fault.ms : config.latencyMs;
      if (delayMs === undefined) {
        send(response, reply, isLambda, requestId);
        return;
      }
      // The client may give up first and destroy the socket; the timer must not keep the test alive.
      setTimeout(() => {
        if (!response.destroyed) send(response, reply, isLambda, requestId);
      }, delayMs).unref();
    });
  });

  function injectedError(operation: string): Reply | undefined {
    const error = config.errors?.[operation];
    if (error === undefined) return undefined;
    const used = failures.get(operation) ?? 0;
    if (error.times !== undefined && used >= error.times) return undefined;
    failures.set(operation, used + 1);
    const message = error.message ?? `injected ${error.code}`;
    return operation === 'GetFunctionConfiguration'
      ? lambdaError(error.code, error.status, message)
      : jsonError(error.code, error.status, message);
  }

  function handle(operation: string, body: Record<string, unknown>, url: URL, region: string): Reply {
    const handler = HANDLERS[operation];
    if (handler === undefined) return jsonError('UnknownOperationException', 400, `the fake has no ${operation}`);
    return handler({ body, path: url.pathname, params: url.searchParams, region }, config, state);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeAws = {
    url: `http://127.0.0.1:${port}`,
    calls,
    config,
    count: (operation) => calls.filter((call) => call.operation === operation).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  startedFakes.push(fake);
  return fake;
}

function send(response: ServerResponse, reply: Reply, isLambda: boolean, requestId: string): void {
  const payload = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': isLambda ? 'application/json' : 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
    ...reply.headers,
  });
  response.end(payload);
}
