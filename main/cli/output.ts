/**
 * How the command line answers: one JSON document on stdout on success; on failure, exit non-zero
 * with {error: {code, message}} on stderr and no stack trace. Usage errors exit 2, everything else 1.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { bytesToHex } from '../core/bytes.js';
import type { CurveRef } from '../core/formats/child-key.js';
import { JointKeyError, isJointKeyError } from '../core/errors.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function usage(message: string): JointKeyError {
  return new JointKeyError('USAGE', message);
}

/** Writes the error as JSON on stderr and returns the exit code. Never prints a stack. */
export function reportError(e: unknown): number {
  let code: string;
  let message: string;
  if (isJointKeyError(e)) ({ code, message } = e);
  else if (e instanceof TypeError || e instanceof RangeError) {
    code = 'INVALID_ARGUMENT';
    message = `${e.message}. See --help.`;
  } else {
    code = 'INTERNAL';
    message =
      'JointKey hit an unexpected error. Nothing secret was written; please report this with the command you ran.';
  }
  process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
  return code === 'USAGE' ? 2 : 1;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs, strict, with usage errors as JointKeyError USAGE naming the command. */
export function parse<O extends Options>(command: string, args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
  } catch (e) {
    throw usage(`${(e as Error).message.replace(/\. To specify.*$/s, '')}. Run "jointkey ${command} --help".`);
  }
}

/** A positive integer option, or a usage error naming it. */
export function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value)) throw usage(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/** A required option, or a usage error naming it. */
export function required<T>(value: T | undefined, name: string, command: string): T {
  if (value === undefined) throw usage(`jointkey ${command} needs --${name}. Run "jointkey ${command} --help".`);
  return value;
}

/** How output names a wallet: {curve, publicKey} for a key, {fingerprint} for a secret that is not one. */
export function walletIdFields(curve: CurveRef | null, walletId: Uint8Array): Record<string, string> {
  return curve ? { curve, publicKey: bytesToHex(walletId) } : { fingerprint: bytesToHex(walletId) };
}
