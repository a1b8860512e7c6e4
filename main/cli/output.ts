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

/**
 * Writes a warning as one JSON line on stderr ({warning: {code, message}}) and returns its message,
 * for the output's `warnings`: something the person should know that did not stop the command.
 */
export function warn(code: string, message: string): string {
  process.stderr.write(`${JSON.stringify({ warning: { code, message } })}\n`);
  return message;
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

/**
 * `args` with a negative number after an option that takes a value joined to it ("--parties -1"
 * becomes "--parties=-1"), which parseArgs would otherwise take for an unknown option: the option's
 * own check then refuses it as it refuses any bad number.
 */
function joinNegativeNumbers(args: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const next = args[i + 1];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** parseArgs, strict, with usage errors as JointKeyError USAGE naming the command. */
export function parse<O extends Options>(command: string, args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({
      args: joinNegativeNumbers(args, options),
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
  } catch (e) {
    throw usage(`${(e as Error).message.replace(/\. To specify.*$/s, '')}. Run "jointkey ${command} --help".`);
  }
}

/** A whole number option (0 or more), or a usage error naming it (a negative number too). */
export function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value)) throw usage(`--${name} must be a whole number, 0 or more, got "${value}"`);
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
