/**
 * The rules of the Create a shared wallet flow, as plain functions (testable without a DOM): its
 * steps, the signing rules offered and their one-sentence explanations, what each step needs
 * before the next, and the request main is sent to start the ceremony. No secret is kept here.
 */
import type { Request } from '../../../main/ipc/contract.js';

export const STEPS = [
  { id: 'key', title: 'Key' },
  { id: 'owners', title: 'Owners' },
  { id: 'rule', title: 'Rule' },
  { id: 'hand-off', title: 'Hand-off' },
  { id: 'receipts', title: 'Receipts' },
  { id: 'done', title: 'Done' },
] as const;
export type StepId = (typeof STEPS)[number]['id'];

export function stepNumber(id: StepId): number {
  return STEPS.findIndex((s) => s.id === id) + 1;
}

/** The most owners the screen offers (the command line takes up to 255). */
export const MAX_OWNERS = 16;
export const MAX_LABEL_BYTES = 64;
export const MAX_WALLET_LABEL_BYTES = 100;

export type KeyKind = 'generate' | 'import';
export type ImportKind = 'hex' | 'wif' | 'key-file' | 'mnemonic' | 'keystore';
export type Curve = 'secp256k1' | 'ed25519';

export const CURVES: { id: Curve; title: string; sentence: string }[] = [
  {
    id: 'secp256k1',
    title: 'Bitcoin and Ethereum (secp256k1)',
    sentence: 'The curve of Bitcoin, Ethereum and most EVM chains.',
  },
  { id: 'ed25519', title: 'Ed25519', sentence: 'The curve of Solana, Cardano, Stellar and others.' },
];

export const IMPORT_KINDS: { id: ImportKind; title: string }[] = [
  { id: 'hex', title: 'Private key, typed or pasted as hex' },
  { id: 'wif', title: 'Bitcoin private key (WIF)' },
  { id: 'key-file', title: 'A file holding the private key' },
  { id: 'mnemonic', title: 'Recovery phrase (BIP-39)' },
  { id: 'keystore', title: 'Ethereum keystore file' },
];

/** What the person typed on the Key step. Cleared once main has taken it. */
export interface KeyDraft {
  kind: KeyKind;
  curve: Curve;
  importKind: ImportKind;
  hex: string;
  wif: string;
  path: string;
  phrase: string;
  derivationPath: string;
  phrasePassphrase: string;
  password: string;
}

export function emptyKeyDraft(): KeyDraft {
  return {
    kind: 'generate',
    curve: 'secp256k1',
    importKind: 'hex',
    hex: '',
    wif: '',
    path: '',
    phrase: '',
    derivationPath: "m/44'/60'/0'/0/0",
    phrasePassphrase: '',
    password: '',
  };
}

/** What is missing on the Key step, with what to do; undefined when it is complete. */
export function keyProblem(d: KeyDraft): string | undefined {
  if (d.kind === 'generate') return undefined;
  switch (d.importKind) {
    case 'hex':
      return d.hex.trim() ? undefined : 'Paste the private key (64 hex digits), or choose another way to import it.';
    case 'wif':
      return d.wif.trim() ? undefined : 'Paste the WIF private key (51 or 52 characters).';
    case 'key-file':
      return d.path.trim() ? undefined : 'Type the full path of the file that holds the key.';
    case 'mnemonic':
      if (!d.phrase.trim()) return 'Type the recovery phrase, its words separated by spaces.';
      return d.derivationPath.trim()
        ? undefined
        : "Give the derivation path, for example m/44'/60'/0'/0/0 for Ethereum.";
    case 'keystore':
      if (!d.path.trim()) return 'Type the full path of the keystore file.';
      return d.password ? undefined : 'Type the keystore’s password.';
  }
}

/** The key source as main takes it. */
export function keySource(d: KeyDraft): Request<'ceremony/start'>['source'] {
  if (d.kind === 'generate') return { kind: 'generate', curve: d.curve };
  switch (d.importKind) {
    case 'hex':
      return { kind: 'hex', hex: d.hex.trim(), curve: d.curve };
    case 'wif':
      return { kind: 'wif', wif: d.wif.trim() };
    case 'key-file':
      return { kind: 'key-file', path: d.path.trim(), curve: d.curve };
    case 'mnemonic':
      return {
        kind: 'mnemonic',
        phrase: d.phrase.trim(),
        path: d.derivationPath.trim(),
        ...(d.phrasePassphrase ? { passphrase: d.phrasePassphrase } : {}),
      };
    case 'keystore':
      return { kind: 'keystore', path: d.path.trim(), password: d.password };
  }
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** What is wrong with the owners, with what to do; undefined when they can go on. */
export function ownersProblem(walletLabel: string, holders: readonly string[]): string | undefined {
  if (bytes(walletLabel.trim()) > MAX_WALLET_LABEL_BYTES)
    return `The wallet name is too long: keep it under ${MAX_WALLET_LABEL_BYTES} characters.`;
  if (!walletLabel.trim()) return 'Give the wallet a name the owners will recognise, for example “Family savings”.';
  if (holders.length < 2) return 'A shared wallet needs at least two owners. Add another owner.';
  if (holders.length > MAX_OWNERS) return `The app takes up to ${MAX_OWNERS} owners. Remove one.`;
  const seen = new Map<string, number>();
  for (const [i, raw] of holders.entries()) {
    const h = raw.trim();
    if (!h) return `Owner ${i + 1} has no name. Type their name, or remove that row.`;
    if (bytes(h) > MAX_LABEL_BYTES)
      return `Owner ${i + 1}’s name is too long: keep it under ${MAX_LABEL_BYTES} characters.`;
    const k = h.toLowerCase();
    const same = seen.get(k);
    if (same !== undefined)
      return `Owners ${same + 1} and ${i + 1} have the same name. Give each owner a different name.`;
    seen.set(k, i);
  }
  return undefined;
}

export type RuleId = 'all' | 'any' | 'slip39';

/**
 * The signing rules offered, each in one sentence. SLIP-39 words make a standard SLIP-39 wallet, a
 * new seed whose addresses a Trezor derives too: offered for a new Bitcoin and Ethereum key only
 * (`key`, when given, is the Key step's choice).
 */
export function ruleChoices(
  n: number,
  t: number,
  key?: Pick<KeyDraft, 'kind' | 'curve'>,
  rekeyScheme?: string,
): { id: RuleId; title: string; sentence: string; available: boolean }[] {
  if (rekeyScheme !== undefined) return rekeyRuleChoices(n, t, rekeyScheme);
  const slip39 =
    key === undefined || (key.kind === 'generate' && key.curve === 'secp256k1')
      ? undefined
      : key.kind === 'import'
        ? 'Only for a new key: a SLIP-39 wallet (Trezor, Keystone…) would treat an imported key as a seed and show other addresses — generate a new key on the Key step to use SLIP-39 words.'
        : 'Only for a new Bitcoin and Ethereum (secp256k1) key: SLIP-39 wallets derive their keys on that curve.';
  return [
    {
      id: 'all',
      title: `All ${n} owners must sign`,
      sentence: `Recommended, as the method says: the key is split so that only all ${n} child keys together can use it — if one is lost, so is the wallet.`,
      available: true,
    },
    {
      id: 'any',
      title: `Any ${t} of ${n} owners`,
      sentence:
        n > 2
          ? `Any ${t} owners together can use the wallet, so it survives a lost child key — but ${t} owners can also act without the others.`
          : 'Needs at least three owners: with two, “any” is the same as all.',
      available: n > 2,
    },
    {
      id: 'slip39',
      title: 'SLIP-39 recovery words',
      sentence:
        slip39 ??
        'Each owner gets 33 standard SLIP-39 words instead of a JointKey child key: recoverable in any SLIP-39 wallet (Trezor, Keystone…), which shows the same addresses — all owners must sign unless you choose fewer below.',
      available: slip39 === undefined,
    },
  ];
}

/**
 * A rekey's rules: the same key, so the same kind of child keys — a SLIP-39 wallet's words are its
 * seed (it stays SLIP-39); a JointKey wallet may go from "all" to "any" and back, never to SLIP-39.
 */
function rekeyRuleChoices(
  n: number,
  t: number,
  scheme: string,
): { id: RuleId; title: string; sentence: string; available: boolean }[] {
  const slip39 = scheme === 'slip39';
  const keep = 'A rekey keeps the wallet’s key and addresses, so its child keys stay SLIP-39 words.';
  const base = ruleChoices(n, t).map((c) => {
    if (c.id === 'slip39')
      return slip39
        ? { ...c, sentence: 'Each owner gets new standard SLIP-39 words for the same wallet (the same addresses).' }
        : {
            ...c,
            sentence:
              'Not for a rekey: SLIP-39 words would make a new seed with other addresses. Create a new wallet with SLIP-39 words and move the funds to it instead.',
            available: false,
          };
    return slip39 ? { ...c, sentence: keep, available: false } : c;
  });
  return base;
}

/** The rule (and its threshold) a recorded wallet has now: a rekey's starting point. */
export function ruleOf(w: { scheme: string; threshold: number; parties: number }): {
  rule: RuleId;
  threshold: number;
  slip39Threshold: number;
} {
  if (w.scheme === 'slip39') return { rule: 'slip39', threshold: 2, slip39Threshold: w.threshold };
  if (w.threshold < w.parties) return { rule: 'any', threshold: w.threshold, slip39Threshold: 0 };
  return { rule: 'all', threshold: 2, slip39Threshold: 0 };
}

/**
 * The rekey request (`session/rekey`): the new owners and rule. The old scheme is kept whenever the
 * rule is the same kind ("all": xor or additive; "any": shamir or gf256), so that nothing changed
 * is a refresh.
 */
export function rekeyRequest(
  sessionId: string,
  old: { scheme: string },
  walletLabel: string,
  holders: readonly string[],
  rule: RuleId,
  threshold: number,
  slip39Threshold = holders.length,
): Request<'session/rekey'> {
  const base = { sessionId, walletLabel: walletLabel.trim(), holders: holders.map((h) => h.trim()) };
  const n = holders.length;
  if (rule === 'slip39')
    return { ...base, scheme: 'slip39', threshold: slip39Threshold >= 2 && slip39Threshold <= n ? slip39Threshold : n };
  if (rule === 'any') return { ...base, scheme: old.scheme === 'gf256' ? 'gf256' : 'shamir', threshold };
  return { ...base, scheme: old.scheme === 'xor' ? 'xor' : 'additive' };
}

/** The thresholds an "any T of N" rule can take: 2 to N − 1. */
export function thresholdChoices(n: number): number[] {
  return Array.from({ length: Math.max(0, n - 2) }, (_, i) => i + 2);
}

/** The thresholds a SLIP-39 split can take: all N (the default, first), then 2 to N − 1. */
export function slip39ThresholdChoices(n: number): { value: number; title: string }[] {
  return [
    { value: n, title: `All ${n} of ${n}` },
    ...thresholdChoices(n).map((t) => ({ value: t, title: `${t} of ${n}` })),
  ];
}

/**
 * The start request: "all" is the method's additive split (N-of-N), "any" the polynomial one,
 * "slip39" standard SLIP-39 words with `slip39Threshold` (N when it is not 2..N).
 */
export function startRequest(
  key: KeyDraft,
  walletLabel: string,
  holders: readonly string[],
  rule: RuleId,
  threshold: number,
  slip39Threshold = holders.length,
): Request<'ceremony/start'> {
  const base = { source: keySource(key), walletLabel: walletLabel.trim(), holders: holders.map((h) => h.trim()) };
  if (rule === 'slip39') {
    const n = holders.length;
    return { ...base, scheme: 'slip39', threshold: slip39Threshold >= 2 && slip39Threshold <= n ? slip39Threshold : n };
  }
  return rule === 'any' ? { ...base, scheme: 'shamir', threshold } : { ...base, scheme: 'additive' };
}

/** Why the passphrase cannot be used yet; undefined when it can. `strong` is main's verdict (undefined: not checked yet). */
export function passphraseProblem(passphrase: string, repeat: string, strong: boolean | undefined): string | undefined {
  if (!passphrase) return 'Choose a passphrase: four or more random words.';
  if (strong === false) return 'This passphrase is too weak: see why above, and choose another.';
  if (strong === undefined) return 'Checking the passphrase…';
  if (repeat !== passphrase)
    return repeat
      ? 'The two passphrases are not the same. Type it again in both fields.'
      : 'Type the passphrase again to be sure of it.';
  return undefined;
}

/** A strength meter's words for zxcvbn's score and main's verdict. */
export function strengthLabel(score: number, ok: boolean): string {
  if (ok) return 'Strong';
  return ['Very weak', 'Very weak', 'Weak', 'Fair', 'Not strong enough'][score] ?? 'Weak';
}

/** What a holder has taken in the hand-off. */
export interface HandedOff {
  file?: { path: string; name: string };
  /** The paper backup written, and the id main gave to delete it once printed. */
  paper?: { path: string; name: string; deleteId: string };
  /** The paper backup's PDF was deleted (its path), once printed. */
  paperDeleted?: string;
  wordsShown?: boolean;
  /** Copied to the clipboard, cleared after this many seconds. */
  copiedFor?: number;
}

export function hasTakenSomething(h: HandedOff | undefined): boolean {
  return !!h && (!!h.file || !!h.paper || !!h.wordsShown || !!h.copiedFor);
}

/**
 * Whether a wallet's owners can be changed or its child keys refreshed in the app: its key can be
 * restored (not a FROST wallet, which never rebuilds it; not a secret), and its set was not replaced.
 */
export function canRekey(w: {
  scheme: string;
  curve: string | null;
  replaced?: { by: string; at: string; how: string } | undefined;
}): boolean {
  return w.scheme !== 'frost' && w.curve !== null && w.replaced === undefined;
}
