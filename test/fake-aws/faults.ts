/**
 * Faults that the fake AWS server injects per operation: an AWS error, a reset connection,
 * a slow response, or a fixed reply such as a Logs Insights query that ended with Failed.
 * A rule can be limited to calls that name one function and to the first few calls.
 */

/** Action the fake takes instead of (or before) responding to a call. */
export type Fault =
  /** An AWS error: the code in `__type` (JSON protocols) or `x-amzn-ErrorType` (Lambda). */
  | { kind: 'error'; code: string; status: number; message?: string }
  /** Destroys the socket before any response byte, so the client sees ECONNRESET. */
  | { kind: 'reset' }
  /** Sends the normal response after `ms` milliseconds. */
  | { kind: 'delay'; ms: number }
  /** Sends this body (status 200 unless given) in place of the normal response. */
  | { kind: 'reply'; body: unknown; status?: number };

export interface FaultRule {
  operation: string;
  fault: Fault;
  /** Applies only to calls whose path or body contains this text, such as a function name. */
  matching?: string;
  /** Number of calls that get the fault before the operation works again; every call when absent. */
  times?: number;
}

/** The fake's reply to one call: status, JSON body and extra headers. */
export interface FaultReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Picks the fault for each call from an ordered list of rules; the first matching rule wins. */
export class FaultInjector {
  private readonly used = new Map<FaultRule, number>();

  constructor(private readonly rules: readonly FaultRule[]) {}

  pick(call: { operation: string; body: unknown; path?: string }): Fault | undefined {
    for (const rule of this.rules) {
      if (rule.operation !== call.operation) continue;
      if (rule.matching !== undefined && !callMentions(call, rule.matching)) continue;
      const used = this.used.get(rule) ?? 0;
      if (rule.times !== undefined && used >= rule.times) continue;
      this.used.set(rule, used + 1);
      return rule.fault;
    }
    return undefined;
  }
}

function callMentions(call: { body: unknown; path?: string }, text: string): boolean {
  return decodeURIComponent(call.path ?? '').includes(text) || JSON.stringify(call.body).includes(text);
}

/** Builds the reply of an `error` or `reply` fault in the wire shape of the operation's protocol. */
export function faultReply(fault: Fault, operation: string): FaultReply | undefined {
  if (fault.kind === 'reply') return { status: fault.status ?? 200, body: fault.body };
  if (fault.kind !== 'error') return undefined;
  const message = fault.message ?? `injected ${fault.code}`;
  if (operation === 'GetFunctionConfiguration') {
    return { status: fault.status, body: { Type: 'User', message }, headers: { 'x-amzn-ErrorType': fault.code } };
  }
  return { status: fault.status, body: { __type: fault.code, message } };
}
