/** Reading passphrases from files: UTF-8, one trailing newline removed; no file means the empty passphrase. */
import { JointKeyError } from '../core/errors.js';
import { readLimited } from '../files/atomic.js';

const MAX_PASSPHRASE_FILE_BYTES = 64 * 1024;

/**
 * The passphrase in file `path` (UTF-8, one trailing "\n" or "\r\n" removed), or '' without a
 * file. `option` is the option it was given with, named in errors ("--passphrase-file" by default).
 */
export function readPassphraseFile(path: string | undefined, option = '--passphrase-file'): string {
  if (path === undefined) return '';
  const bytes = readLimited(path, MAX_PASSPHRASE_FILE_BYTES, { option, noun: 'a small text file' });
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  } catch {
    throw new JointKeyError('INVALID_ARGUMENT', `${option} ${path} is not UTF-8 text. Save it as plain text.`);
  } finally {
    bytes.fill(0);
  }
}

/**
 * The passphrases in file `path`, one per line (UTF-8; "\r\n" or "\n"; one final newline allowed),
 * for `count` items named by `nameOf(i)` in errors. Throws JointKeyError INVALID_ARGUMENT when the
 * number of lines is not `count` or a line is empty, naming the line.
 */
export function readPassphraseLines(path: string, count: number, what: string, option = '--passphrase-file'): string[] {
  const text = readPassphraseFile(path, option);
  const lines = text.split(/\r?\n/);
  if (lines.length !== count)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `${path} holds ${lines.length} line${lines.length === 1 ? '' : 's'}, but ${count} ${what} were given: write one passphrase per line, in the same order.`,
    );
  lines.forEach((l, i) => {
    if (l.length === 0)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `Line ${i + 1} of ${path} is empty: write one passphrase per line, in the same order as the ${what}.`,
      );
  });
  return lines;
}

/** Whether a file option names standard input: "-" (or /dev/stdin), as for `--secret-file -`. */
export function isStdin(path: string): boolean {
  return path === '-' || path === '/dev/stdin';
}

/**
 * The secret piped into standard input (`--secret-file -`), at most `maxBytes`: the way to give a
 * secret that shows neither in the process list (as --secret-hex does) nor in a file. Throws
 * JointKeyError USAGE when standard input is a terminal (nothing was piped), INVALID_ARGUMENT when
 * it holds nothing, FILE_TOO_LARGE beyond `maxBytes`. What was read is wiped on failure.
 */
export async function readStdinSecret(maxBytes: number): Promise<Uint8Array> {
  if (process.stdin.isTTY)
    throw new JointKeyError(
      'USAGE',
      '--secret-file - reads the secret from standard input: pipe it in (for example: cat secret.bin | jointkey split --secret-file - …).',
    );
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length > maxBytes)
        throw new JointKeyError(
          'FILE_TOO_LARGE',
          `--secret-file - read more than ${maxBytes} bytes from standard input. A larger secret is sealed from a file: give its path instead of -.`,
        );
    }
    if (length === 0)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        '--secret-file - found nothing on standard input. Pipe the secret in, at least one byte.',
      );
    const secret = new Uint8Array(length);
    let at = 0;
    for (const c of chunks) {
      secret.set(c, at);
      at += c.length;
    }
    return secret;
  } finally {
    for (const c of chunks) c.fill(0);
  }
}
