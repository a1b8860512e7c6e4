/** `jointkey slip39 split|combine`: SLIP-0039 (Trezor's Shamir backup) mnemonics, interoperable with other SLIP-39 tools. */
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytesStrict, wipe } from '../../core/bytes.js';
import { slip39Combine, slip39Split, type Slip39Group } from '../../core/sharing/slip39/index.js';
import { nativePbkdf2 } from '../../native/pbkdf2.js';
import { readPassphraseFile } from '../passphrase.js';
import { intOption, parse, printJson, required, usage } from '../output.js';

export const SLIP39_HELP = `Usage: jointkey slip39 split --threshold T --shares N [--groups T1/N1,T2/N2,… --group-threshold G]
                          [--passphrase-file F] [--extendable] [--iteration-exponent E] --secret-hex HEX
       jointkey slip39 combine [--passphrase-file F]   (mnemonics on stdin, one per line)

split    splits a master secret of 128 to 256 bits (an even number of bytes, 16 to 32) into SLIP-39
         mnemonics and prints {mnemonics: [[group 1's mnemonics…], …]}. Without --groups: one group,
         any T of its N mnemonics restore. With --groups, each group Ti-of-Ni and any G groups;
         --threshold and --shares are then not used.
combine  reads mnemonics, one per line, and prints {secretHex}.

  --passphrase-file F     the SLIP-39 passphrase: the file's text, UTF-8, one trailing newline
                          removed (printable ASCII only, as SLIP-39 requires). No file: the empty
                          passphrase. A wrong passphrase gives a different secret, not an error.
  --extendable            set the extendable backup flag (more sets of the same secret can be made later)
  --iteration-exponent E  PBKDF2 runs 10000·2^E iterations; 0 to 15, default 1
`;

function parseGroups(spec: string): Slip39Group[] {
  return spec.split(',').map((g) => {
    const m = /^(\d{1,2})\/(\d{1,2})$/.exec(g.trim());
    if (!m) throw usage(`--groups takes T/N pairs separated by commas, like 2/3,3/5; "${g}" is not one`);
    return { threshold: Number(m[1]), count: Number(m[2]) };
  });
}

function split(args: string[]): void {
  const { values } = parse('slip39 split', args, {
    threshold: { type: 'string' },
    shares: { type: 'string' },
    groups: { type: 'string' },
    'group-threshold': { type: 'string' },
    'passphrase-file': { type: 'string' },
    extendable: { type: 'boolean' },
    'iteration-exponent': { type: 'string' },
    'secret-hex': { type: 'string' },
  });
  if (values.help) return void process.stdout.write(SLIP39_HELP);
  let groups: Slip39Group[];
  let groupThreshold: number;
  if (values.groups !== undefined) {
    groups = parseGroups(values.groups);
    groupThreshold = required(
      intOption(values['group-threshold'], 'group-threshold'),
      'group-threshold',
      'slip39 split',
    );
  } else {
    if (values['group-threshold'] !== undefined) throw usage('--group-threshold goes with --groups');
    groups = [
      {
        threshold: required(intOption(values.threshold, 'threshold'), 'threshold', 'slip39 split'),
        count: required(intOption(values.shares, 'shares'), 'shares', 'slip39 split'),
      },
    ];
    groupThreshold = 1;
  }
  const hex = required(values['secret-hex'], 'secret-hex', 'slip39 split');
  let masterSecret: Uint8Array;
  try {
    masterSecret = hexToBytesStrict(hex, '--secret-hex');
  } catch {
    throw usage('--secret-hex must be hex digits, an even number of them');
  }
  try {
    const mnemonics = slip39Split({
      masterSecret,
      groupThreshold,
      groups,
      passphrase: readPassphraseFile(values['passphrase-file']),
      extendable: values.extendable === true,
      iterationExponent: intOption(values['iteration-exponent'], 'iteration-exponent') ?? 1,
      pbkdf2: nativePbkdf2,
    });
    printJson({ mnemonics });
  } finally {
    wipe(masterSecret);
  }
}

function combine(args: string[]): void {
  const { values } = parse('slip39 combine', args, { 'passphrase-file': { type: 'string' } });
  if (values.help) return void process.stdout.write(SLIP39_HELP);
  const passphrase = readPassphraseFile(values['passphrase-file']);
  let input: string;
  try {
    input = readFileSync(0, 'utf8');
  } catch {
    throw usage('Give the mnemonics on standard input, one per line.');
  }
  const mnemonics = input
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const secret = slip39Combine(mnemonics, { passphrase, pbkdf2: nativePbkdf2 });
  try {
    printJson({ secretHex: bytesToHex(secret) });
  } finally {
    wipe(secret);
  }
}

export function slip39Command(args: string[]): void {
  const [sub, ...rest] = args;
  if (sub === 'split') return split(rest);
  if (sub === 'combine') return combine(rest);
  if (sub === '--help' || sub === '-h') return void process.stdout.write(SLIP39_HELP);
  throw usage(`jointkey slip39 takes "split" or "combine". Run "jointkey slip39 --help".`);
}
