/** Reading passphrases from files: UTF-8, one trailing newline removed; no file means the empty passphrase. */
import { JointKeyError } from '../core/errors.js';
import { readLimited } from '../files/atomic.js';

const MAX_PASSPHRASE_FILE_BYTES = 64 * 1024;

/** The passphrase in file `path` (UTF-8, one trailing "\n" or "\r\n" removed), or '' without a file. */
export function readPassphraseFile(path: string | undefined): string {
  if (path === undefined) return '';
  const bytes = readLimited(path, MAX_PASSPHRASE_FILE_BYTES);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  } catch {
    throw new JointKeyError('INVALID_ARGUMENT', `${path} is not UTF-8 text. Save the passphrase as plain text.`);
  } finally {
    bytes.fill(0);
  }
}

/**
 * The passphrases in file `path`, one per line (UTF-8; "\r\n" or "\n"; one final newline allowed),
 * for `count` items named by `nameOf(i)` in errors. Throws JointKeyError INVALID_ARGUMENT when the
 * number of lines is not `count` or a line is empty, naming the line.
 */
export function readPassphraseLines(path: string, count: number, what: string): string[] {
  const text = readPassphraseFile(path);
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
