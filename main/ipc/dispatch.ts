/**
 * The one way into the handlers: checks who sent a message, validates its payload against the
 * contract, runs the channel's handler, checks the reply against the contract (which also strips any
 * field the contract does not declare), and always answers with a {@link Result} — never a throw, never
 * a stack. Pure Node: main/ipc/register.ts wires it to ipcMain, the tests call it directly.
 */
import type { z } from 'zod';
import { isJointKeyError } from '../core/errors.js';
import {
  SCHEMAS,
  type Channel,
  type Failure,
  type Handlers,
  type Response,
  type Result,
  isChannel,
} from './contract.js';

/** Answers one message: `dispatch(channel, senderUrl, payload)`; a declared channel's reply is typed by the contract. */
export interface Dispatch {
  <C extends Channel>(channel: C, senderUrl: string, payload: unknown): Promise<Result<Response<C>>>;
  (channel: string, senderUrl: string, payload: unknown): Promise<Result<unknown>>;
}

const FORBIDDEN: Failure = {
  ok: false,
  code: 'FORBIDDEN_SENDER',
  message: 'This request did not come from JointKey’s own window, so it was refused. Close and restart JointKey.',
};

const INTERNAL: Failure = {
  ok: false,
  code: 'INTERNAL',
  message:
    'JointKey ran into an unexpected problem and stopped this step. Try again; if it happens again, restart JointKey.',
};

/**
 * True when `senderUrl` is the app's own page: same scheme, host and path as `appPageUrl` (the query
 * and fragment are ignored). Anything unparsable is not.
 */
export function isAppPage(senderUrl: string, appPageUrl: string): boolean {
  try {
    const a = new URL(senderUrl);
    const b = new URL(appPageUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/** "childKey.text", "request.tx.to", "[0]": where in the payload an issue is. */
function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the request';
  return `"${path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('')}"`;
}

/**
 * Says what is wrong with a payload, naming the field but never its value (a payload may carry a
 * child key): built from the issue's code and the schema's own facts, not from zod's messages.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = fieldName(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return `${field} is missing or is not ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
    case 'too_small':
      return `${field} is too ${issue.origin === 'string' || issue.origin === 'array' ? 'short' : 'small'}`;
    case 'too_big':
      return `${field} is too ${issue.origin === 'string' || issue.origin === 'array' ? 'long' : 'large'}`;
    case 'invalid_format':
      return `${field} is not in the expected form`;
    case 'invalid_value':
      return `${field} must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'unrecognized_keys':
      return `${field} has ${issue.keys.length === 1 ? 'a field' : 'fields'} the contract does not declare`;
    case 'invalid_union':
      return `${field} is none of the accepted forms`;
    default:
      return `${field} is not valid`;
  }
}

/**
 * The path of the first part of `value` that is not plain data — null, booleans, numbers, strings,
 * arrays of at most 1,000 items and plain objects of at most 64 fields, 8 levels deep — or undefined
 * when it all is. Checked before the schema, so a typed array, a function or a huge object is
 * refused at once, without walking it.
 */
export function firstNonPlain(value: unknown, path: PropertyKey[] = []): PropertyKey[] | undefined {
  const t = typeof value;
  if (value === null || t === 'undefined' || t === 'boolean' || t === 'number' || t === 'string') return undefined;
  if (t !== 'object' || path.length >= 8) return path;
  if (Array.isArray(value)) {
    if (value.length > 1000) return path;
    for (let i = 0; i < value.length; i++) {
      const bad = firstNonPlain(value[i], [...path, i]);
      if (bad) return bad;
    }
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return path;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 64) return path;
  for (const [k, v] of entries) {
    const bad = firstNonPlain(v, [...path, k]);
    if (bad) return bad;
  }
  return undefined;
}

function invalidPayload(channel: string, issues: readonly z.core.$ZodIssue[]): Failure {
  const first = issues[0];
  return {
    ok: false,
    code: 'INVALID_PAYLOAD',
    message: `JointKey refused a malformed "${channel}" request: ${first ? describeIssue(first) : 'it is not valid'}. Nothing was done; go back and try again.`,
  };
}

/** Runs one declared channel: the payload and the reply are typed by the contract, with no casts. */
async function run<C extends Channel>(
  handlers: Handlers,
  channel: C,
  payload: unknown,
  log: (error: unknown) => void,
): Promise<Result<Response<C>>> {
  const nonPlain = firstNonPlain(payload);
  if (nonPlain) return invalidPayload(channel, [{ code: 'custom', path: nonPlain, message: '', input: undefined }]);
  const parsed = SCHEMAS[channel].request.safeParse(payload);
  if (!parsed.success) return invalidPayload(channel, parsed.error.issues);
  let value: unknown;
  try {
    value = await handlers[channel](parsed.data);
  } catch (e) {
    if (isJointKeyError(e)) return { ok: false, code: e.code, message: e.message };
    log(e);
    return INTERNAL;
  }
  const reply = SCHEMAS[channel].response.safeParse(value);
  if (!reply.success) {
    log(
      new Error(
        `the "${channel}" handler's reply does not match the contract: ${describeIssue(reply.error.issues[0]!)}`,
      ),
    );
    return INTERNAL;
  }
  return { ok: true, value: reply.data };
}

/**
 * Makes the dispatcher of a set of handlers for the page at `appPageUrl` (the URL the app's window
 * loads). `log` hears unexpected errors (never sent to the renderer); by default they are dropped.
 */
export function createDispatch(
  handlers: Handlers,
  appPageUrl: string,
  log: (error: unknown) => void = () => {},
): Dispatch {
  function dispatch<C extends Channel>(channel: C, senderUrl: string, payload: unknown): Promise<Result<Response<C>>>;
  function dispatch(channel: string, senderUrl: string, payload: unknown): Promise<Result<unknown>>;
  async function dispatch(channel: string, senderUrl: string, payload: unknown): Promise<Result<unknown>> {
    if (typeof senderUrl !== 'string' || !isAppPage(senderUrl, appPageUrl)) return FORBIDDEN;
    if (!isChannel(channel))
      return {
        ok: false,
        code: 'INVALID_PAYLOAD',
        message: 'JointKey refused a request it does not know. Nothing was done; restart JointKey.',
      };
    return run(handlers, channel, payload, log);
  }
  return dispatch;
}
