/** `jointkey backup-pdf`: the paper backup of one holder's child key, as a one-page PDF to print. */
import { dirname } from 'node:path';
import { bytesToHex } from '../../core/bytes.js';
import { refuseSpecialPath, sweepTemporaries, writeNewFile } from '../../files/atomic.js';
import { openChildKeyFile, wipeRead, type ChildKeyFromDisk } from '../../files/child-key-files.js';
import { PAPER_MAX_TEXT_CHARS, paperBackupPdf } from '../../files/paper-backup.js';
import { readPassphraseFile } from '../passphrase.js';
import { parse, printJson, required, usage } from '../output.js';

export const BACKUP_PDF_HELP = `Usage: jointkey backup-pdf FILE [--passphrase-file F] --out PDF

Makes the paper backup of one holder's child key: a one-page A4 PDF with the wallet and holder
labels, the date, which child key of how many it is and how many are needed, the child key in
numbered groups to copy by hand, a QR code of it, and how to restore — to print and keep safe.
Prints {file, wallet, holder, index, parties, threshold, setId}.

FILE is a child-key file in any form, plain or encrypted. A text-form child key (one line, jk1-…)
carries no wallet name: it prints all the same, and the page says so. A SLIP-39 child key is
refused: its paper backup is its mnemonic, written down word by word.

  --passphrase-file F   the holder's passphrase, for an encrypted file (UTF-8, one trailing newline removed)
  --out PDF             the PDF to write; an existing file is never replaced

The PDF holds the child key: print it, then delete the PDF. A paper backup is for keys and small
secrets: a child key longer than one page holds (${PAPER_MAX_TEXT_CHARS} characters) is refused — keep its file.
`;

export async function backupPdfCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'backup-pdf',
    args,
    { 'passphrase-file': { type: 'string' }, out: { type: 'string' } },
    true,
  );
  if (values.help) return void process.stdout.write(BACKUP_PDF_HELP);
  if (positionals.length !== 1) throw usage('Give exactly one child-key file. Run "jointkey backup-pdf --help".');
  const path = positionals[0] as string;
  const out = required(values.out, 'out', 'backup-pdf');
  refuseSpecialPath(out, { option: '--out', noun: 'a new file' });
  // A paper backup killed midway may have left part of it (a child key in the clear) beside --out.
  sweepTemporaries([dirname(out)]);
  const passphrase =
    values['passphrase-file'] === undefined ? undefined : readPassphraseFile(values['passphrase-file']);
  let read: ChildKeyFromDisk | undefined;
  let pdf: Uint8Array | undefined;
  try {
    read = await openChildKeyFile(path, passphrase);
    const { childKey: ck, set } = read.read.kind.printable(read.read);
    pdf = await paperBackupPdf(set ? { childKey: ck, set } : { childKey: ck });
    writeNewFile(out, pdf);
    printJson({
      file: out,
      wallet: set?.walletLabel ?? null,
      holder: ck.label,
      index: ck.index,
      parties: ck.parties,
      threshold: ck.threshold,
      setId: bytesToHex(ck.setId),
      ...(set
        ? {}
        : { note: 'A text child key carries no wallet data: the page says the wallet’s name is not recorded.' }),
    });
  } finally {
    if (read) wipeRead([read]);
    pdf?.fill(0);
  }
}
