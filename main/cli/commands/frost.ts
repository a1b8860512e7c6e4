/**
 * `jointkey frost request|commit|respond|aggregate`: signing with a FROST wallet across computers,
 * two rounds by file, the key never rebuilt. Each holder's commands read exactly one child key.
 */
import { randomBytes } from 'node:crypto';
import { bytesToHex, hexToBytesStrict } from '../../core/bytes.js';
import { existsSync } from 'node:fs';
import { JointKeyError, isJointKeyError } from '../../core/errors.js';
import { MAX_PSBT_BYTES, addTaprootSignatures } from '../../core/chains/bitcoin/psbt.js';
import { describeRequest } from '../../core/wallet/session.js';
import {
  frostAggregate,
  frostCommit,
  frostPsbtRequest,
  frostRequest,
  frostRequestFromJson,
  frostRespond,
} from '../../core/wallet/frost-rounds.js';
import {
  FROST_KIND,
  type FrostWallet,
  frostChildKeyOf,
  frostPsbtWallet,
  frostWalletRecordFromJson,
} from '../../core/wallet/kinds/frost.js';
import { readLimited, writeNewFile } from '../../files/atomic.js';
import { openChildKeyFile } from '../../files/child-key-files.js';
import { saveNonces, takeNonces } from '../../files/frost-nonces.js';
import { defaultDataDir, findWalletRecord } from '../../wallets/store.js';
import { readPassphraseFile } from '../passphrase.js';
import { parse, printJson, required, usage } from '../output.js';
import { bitcoinNetwork } from './bitcoin.js';

export const FROST_HELP = `Usage: jointkey frost request --wallet FILE|SETID [--data-dir D] --message-hex HEX --signers 1,3 --out REQ
       jointkey frost request --wallet FILE|SETID [--data-dir D] --psbt IN [--network N] [--accept-high-fee]
                              --signers 1,3 --out REQ
       jointkey frost commit REQ CHILD-KEY-FILE [--passphrase-file F] [--data-dir D] --out C
       jointkey frost respond REQ --commitments C1,C2 CHILD-KEY-FILE [--passphrase-file F] [--data-dir D] --out S
       jointkey frost aggregate REQ --commitments C1,C2 --shares S1,S2 [--out FILE]

Signing with a FROST wallet (split with --scheme frost), each holder on their own computer; the key is
never rebuilt anywhere.
  request    the coordinator (any holder) writes what is signed, in plain words, and who signs
  commit     round 1, on each signer's computer: reads the request and their child key, keeps fresh
             nonces on this computer (encrypted; used once), writes their public commitment
  respond    round 2, once every signer's commitment is in: their signature share (the nonces are
             taken once — a replayed request cannot make them sign twice)
  aggregate  the coordinator checks each share (naming a holder whose share does not verify),
             combines them and prints {signatureHex, publicKeyHex}, verified against the group key;
             for a PSBT request, adds one signature per Taproot input, writes the signed PSBT to
             --out (required) and prints {out, signedInputs, complete, txHex?}

  --psbt IN            a Bitcoin transaction a watch-only wallet built (binary or base64): the
                       wallet's Taproot inputs are signed, one FROST signature each; each holder's
                       JointKey describes it from the PSBT itself (see jointkey sign-psbt)
  --network N, --accept-high-fee   as for jointkey sign-psbt

  --wallet FILE|SETID  the wallet: any of its FROST child-key files (only its public data is used),
                       or its set id, with its record in --data-dir
  --data-dir D         where wallet records are (request) and where this computer keeps its round-1
                       nonces (commit, respond); default: JointKey's data folder
  --signers 1,3        the holders who sign, by index: exactly the wallet's threshold of them
`;

function readJson(path: string, what: string): unknown {
  const text = readLimited(path, 4 * 1024 * 1024).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new JointKeyError(
      'TAMPERED_FILE',
      `${path} is not a ${what} (not JSON). Choose the file the ${what} was saved in.`,
    );
  }
}

const list = (value: string | undefined, name: string, command: string) =>
  required(value, name, command)
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

/** Reads one holder's child key (one file: never two in one process) as a FROST child key. */
async function oneChildKey(positionals: string[], passphraseFile: string | undefined, command: string) {
  if (positionals.length !== 2)
    throw usage(
      `jointkey frost ${command} takes the request and exactly one child-key file: each holder answers on their own computer with their own.`,
    );
  const path = positionals[1] as string;
  const { read } = await openChildKeyFile(
    path,
    passphraseFile === undefined ? undefined : readPassphraseFile(passphraseFile),
  );
  if (read.kind !== FROST_KIND) {
    read.wipe();
    throw new JointKeyError(
      'DIFFERENT_SCHEME',
      `${path} is ${read.kind.noun}, not a FROST child key: only a FROST wallet signs across computers.`,
    );
  }
  return frostChildKeyOf(read);
}

async function walletFor(spec: string, dataDir: string): Promise<FrostWallet> {
  if (/^[0-9a-f]{32}$/i.test(spec)) {
    const found = findWalletRecord(dataDir, spec.toLowerCase());
    if (!found)
      throw new JointKeyError(
        'FILE_NOT_FOUND',
        `No wallet record ${spec} is in ${dataDir}. Give --data-dir, or one of the wallet's child-key files.`,
      );
    return frostWalletRecordFromJson(found.wallet.record).wallet;
  }
  const { read } = await openChildKeyFile(spec).catch(async (e: unknown) => {
    if ((e as { code?: string }).code === 'PASSPHRASE_NEEDED')
      throw new JointKeyError(
        'PASSPHRASE_NEEDED',
        `${spec} is encrypted: give the wallet's set id with --data-dir instead, or a plain child-key file.`,
      );
    throw e;
  });
  try {
    return frostChildKeyOf(read).wallet;
  } finally {
    read.wipe();
  }
}

export async function frostCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') return void process.stdout.write(FROST_HELP);
  const { values, positionals } = parse(
    `frost ${sub}`,
    rest,
    {
      wallet: { type: 'string' },
      'data-dir': { type: 'string' },
      'message-hex': { type: 'string' },
      psbt: { type: 'string' },
      network: { type: 'string' },
      'accept-high-fee': { type: 'boolean' },
      signers: { type: 'string' },
      out: { type: 'string' },
      'passphrase-file': { type: 'string' },
      commitments: { type: 'string' },
      shares: { type: 'string' },
    },
    true,
  );
  if (values.help) return void process.stdout.write(FROST_HELP);
  const dataDir = values['data-dir'] ?? defaultDataDir();

  if (sub === 'request') {
    const wallet = await walletFor(required(values.wallet, 'wallet', 'frost request'), dataDir);
    if ((values.psbt === undefined) === (values['message-hex'] === undefined))
      throw usage('Give what is signed: --message-hex HEX or --psbt FILE (one of them).');
    const signers = list(values.signers, 'signers', 'frost request').map((s) => {
      if (!/^\d{1,3}$/.test(s)) throw usage(`--signers must be holder numbers separated by commas, got "${s}"`);
      return Number(s);
    });
    const out = required(values.out, 'out', 'frost request');
    let req;
    if (values.psbt !== undefined) {
      const psbt = new Uint8Array(readLimited(values.psbt, MAX_PSBT_BYTES * 2));
      const options = { network: bitcoinNetwork(values.network), acceptHighFee: values['accept-high-fee'] === true };
      try {
        req = frostPsbtRequest(wallet, psbt, options, signers, randomBytes(16), new Date().toISOString());
      } catch (e) {
        if (isJointKeyError(e) && e.code !== 'INVALID_ARGUMENT')
          throw new JointKeyError(e.code, `${values.psbt}: ${e.message}`);
        throw e;
      }
    } else {
      let message: Uint8Array;
      try {
        message = hexToBytesStrict(values['message-hex'], '--message-hex');
      } catch {
        throw usage('--message-hex must be hex digits, an even number of them');
      }
      const lines = describeRequest({ kind: 'message', algo: wallet.algo, message });
      req = frostRequest(wallet, message, lines, signers, randomBytes(16), new Date().toISOString());
    }
    const lines = req.json.whatIsSigned;
    writeNewFile(out, `${JSON.stringify(req.json, null, 2)}\n`);
    return printJson({
      request: out,
      requestId: req.json.id,
      whatIsSigned: lines,
      signers: req.json.signers.map((i) => wallet.labels[i - 1]),
    });
  }

  const reqPath = positionals[0];
  if (reqPath === undefined) throw usage(`Give the signing request file. Run "jointkey frost --help".`);
  const req = frostRequestFromJson(readJson(reqPath, 'signing request'));
  const requestKey = { id: req.json.id, hash: req.hash };

  if (sub === 'commit') {
    const out = required(values.out, 'out', 'frost commit');
    const ck = await oneChildKey(positionals, values['passphrase-file'], 'commit');
    try {
      const { commitment, nonces } = frostCommit(req, ck);
      try {
        saveNonces(dataDir, requestKey, ck.index, ck.signingShare, nonces);
      } finally {
        nonces.hiding.fill(0);
        nonces.binding.fill(0);
      }
      writeNewFile(out, `${JSON.stringify(commitment, null, 2)}\n`);
      return printJson({ commitment: out, holder: ck.label, whatIsSigned: req.json.whatIsSigned });
    } finally {
      ck.signingShare.fill(0);
    }
  }

  if (sub === 'respond') {
    const out = required(values.out, 'out', 'frost respond');
    const commitments = list(values.commitments, 'commitments', 'frost respond').map((p) => readJson(p, 'commitment'));
    const ck = await oneChildKey(positionals, values['passphrase-file'], 'respond');
    try {
      const nonces = takeNonces(dataDir, requestKey, ck.index, ck.signingShare);
      try {
        const share = frostRespond(req, commitments, ck, nonces);
        writeNewFile(out, `${JSON.stringify(share, null, 2)}\n`);
        return printJson({ share: out, holder: ck.label, whatIsSigned: req.json.whatIsSigned });
      } finally {
        nonces.hiding.fill(0);
        nonces.binding.fill(0);
      }
    } finally {
      ck.signingShare.fill(0);
    }
  }

  if (sub === 'aggregate') {
    if (positionals.length !== 1)
      throw usage('jointkey frost aggregate takes the request file only; give --commitments and --shares.');
    const commitments = list(values.commitments, 'commitments', 'frost aggregate').map((p) =>
      readJson(p, 'commitment'),
    );
    const shares = list(values.shares, 'shares', 'frost aggregate').map((p) => readJson(p, 'signature share'));
    if (req.psbt !== undefined) {
      const out = required(values.out, 'out', 'frost aggregate');
      if (existsSync(out))
        throw new JointKeyError(
          'FILE_EXISTS',
          `${out} already exists: JointKey never replaces a file. Choose another --out.`,
        );
      const { signaturesHex } = frostAggregate(req, commitments, shares);
      const signed = addTaprootSignatures(
        req.psbt.bytes,
        frostPsbtWallet(req.wallet),
        req.psbt.options,
        signaturesHex.map((h) => hexToBytesStrict(h, 'signature')),
      );
      writeNewFile(out, signed.psbt);
      return printJson({
        out,
        signedInputs: signed.signedInputs,
        complete: signed.complete,
        ...(signed.txHex !== undefined ? { txHex: signed.txHex } : {}),
        whatIsSigned: req.json.whatIsSigned,
      });
    }
    const { signatureHex, publicKeyHex } = frostAggregate(req, commitments, shares);
    const result = { signatureHex, publicKeyHex };
    const body = {
      ...result,
      messageHex: bytesToHex(req.messages[0] as Uint8Array),
      whatIsSigned: req.json.whatIsSigned,
    };
    if (values.out !== undefined) writeNewFile(values.out, `${JSON.stringify(body, null, 2)}\n`);
    return printJson(result);
  }
  throw usage('jointkey frost takes "request", "commit", "respond" or "aggregate". Run "jointkey frost --help".');
}
