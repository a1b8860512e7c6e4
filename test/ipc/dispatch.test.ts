/**
 * The IPC layer as the renderer meets it: the dispatcher over the real handlers, core and files — a
 * foreign sender is refused, every bad payload is refused naming its field (without echoing it),
 * errors keep their code or become a calm INTERNAL, replies carry only what the contract declares,
 * and a whole signing session signs without any key material in any reply. Also the built preload:
 * one named function per channel, and no ipcRenderer.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { recoverTransactionAddress } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../main/core/bytes.js';
import { encryptChildKeyFile } from '../../main/files/encrypted-child-key.js';
import { CHANNELS, CONTRACT, type Channel, type Result, apiPath } from '../../main/ipc/contract.js';
import { createDispatch, isAppPage } from '../../main/ipc/dispatch.js';
import { createContext, createHandlers } from '../../main/app-handlers.js';
import { BAD_VALUES, fresh } from '../support/bad-values.js';
import { REQUIRE_SECRET_SERVICE, secretServiceMissing } from '../support/secret-service.js';
import { APP_PAGE, type WalletFixture, makeDispatch, saveWallet, tempDir } from '../support/ipc.js';

const SESSION = '00000000-0000-4000-8000-000000000000';
const WALLET = '0123456789abcdef0123456789abcdef';
const TX = {
  chainId: 31337,
  nonce: 0,
  to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  valueWei: '1000000000000000000',
  gas: '21000',
  maxFeePerGasWei: '2000000000',
  maxPriorityFeePerGasWei: '1000000000',
  data: '0x',
};

/** A valid payload for every channel: the table's starting point. */
const VALID: { [C in Channel]: unknown } = {
  'wallets/list': {},
  'wallets/log': { walletId: WALLET },
  'wallets/check-alone': { walletId: WALLET, childKey: { kind: 'text', text: 'jk1-xxxxx' } },
  'settings/set-check-months': { months: 6 },
  'session/open': { walletId: WALLET, purpose: 'sign' },
  'session/add-child-key': { sessionId: SESSION, childKey: { kind: 'text', text: 'jk1-xxxxx' } },
  'session/describe': {
    sessionId: SESSION,
    request: { kind: 'message', algo: 'ecdsa-sha256', encoding: 'utf8', message: 'We agree.' },
  },
  'session/sign': { sessionId: SESSION },
  'session/close': { sessionId: SESSION },
  'health/check': { sessionId: SESSION },
  'session/rekey': { sessionId: SESSION, holders: ['Alice', 'Bob', 'Carol', 'Dave'], threshold: 3 },
  'keychain/list': {},
  'keychain/import': { path: '/nonexistent/1-alice.jointkey.json' },
  'ceremony/copy-words': { ceremonyId: SESSION, index: 1 },
  'keychain/remove': { id: `${WALLET}/1` },
  'dialog/open-file': { purpose: 'child-key' },
  'keychain/inspect': { path: '/nonexistent/2-bob.jointkey.age' },
  'childkey/check-text': { text: 'jk1-' },
  'session/save-result': { sessionId: SESSION },
  'session/broadcast': { sessionId: SESSION, endpoint: 'http://127.0.0.1:1' },
  'settings/get': {},
  'settings/set-eth-endpoint': { endpoint: null },
  'ceremony/start': {
    source: { kind: 'generate', curve: 'secp256k1' },
    walletLabel: 'Family savings',
    holders: ['Alice', 'Bob'],
    scheme: 'shamir',
  },
  'ceremony/check-passphrase': { ceremonyId: SESSION, index: 1, passphrase: 'x' },
  'ceremony/hand-off-file': { ceremonyId: SESSION, index: 1, passphrase: 'x', folder: '/nonexistent/keys' },
  'ceremony/paper-backup': { ceremonyId: SESSION, index: 1, folder: '/nonexistent/keys' },
  'ceremony/show-words': { ceremonyId: SESSION, index: 1 },
  'ceremony/confirm-receipt': { ceremonyId: SESSION, index: 1, proof: { kind: 'words', text: 'jk1-xxxxx' } },
  'ceremony/finish': { ceremonyId: SESSION },
  'ceremony/abandon': { ceremonyId: SESSION },
  'ceremony/unfinished': {},
  'ceremony/dismiss': { ceremonyId: SESSION },
  'leftovers/list': {},
  'leftovers/delete': { id: '0123456789abcdef0123456789abcdef' },
  'dialog/choose-folder': {},
  'frost/make-request': {
    walletId: WALLET,
    what: { kind: 'message', encoding: 'utf8', message: 'We agree.' },
    signers: [1, 2],
  },
  'frost/open-request': { path: '/nonexistent/request.json' },
  'frost/commit': {
    path: '/nonexistent/request.json',
    requestHash: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    childKey: { kind: 'text', text: 'jkf1xxxxx' },
  },
  'frost/respond': {
    path: '/nonexistent/request.json',
    requestHash: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    commitments: ['/nonexistent/c1.json'],
    childKey: { kind: 'text', text: 'jkf1xxxxx' },
  },
  'frost/aggregate': {
    path: '/nonexistent/request.json',
    requestHash: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    commitments: ['/nonexistent/c1.json'],
    shares: ['/nonexistent/s1.json'],
  },
};

/** Field paths to break in each channel's valid payload ([] is the whole payload). */
const FIELDS: { [C in Channel]: string[][] } = {
  'wallets/list': [[]],
  'wallets/log': [[], ['walletId']],
  'wallets/check-alone': [[], ['walletId'], ['childKey'], ['childKey', 'kind'], ['childKey', 'text']],
  'settings/set-check-months': [[], ['months']],
  'session/open': [[], ['walletId'], ['purpose']],
  'session/add-child-key': [[], ['sessionId'], ['childKey'], ['childKey', 'kind'], ['childKey', 'text']],
  'session/describe': [
    [],
    ['sessionId'],
    ['request'],
    ['request', 'algo'],
    ['request', 'encoding'],
    ['request', 'message'],
  ],
  'session/sign': [[], ['sessionId']],
  'session/close': [[], ['sessionId']],
  'health/check': [[], ['sessionId']],
  'session/rekey': [[], ['sessionId'], ['holders'], ['threshold'], ['scheme'], ['walletLabel']],
  'keychain/list': [[]],
  'keychain/import': [[], ['path'], ['passphrase']],
  'ceremony/copy-words': [[], ['ceremonyId'], ['index']],
  'keychain/remove': [[], ['id']],
  'dialog/open-file': [[], ['purpose']],
  'keychain/inspect': [[], ['path'], ['passphrase']],
  'childkey/check-text': [[], ['text']],
  'session/save-result': [[], ['sessionId'], ['folder']],
  'session/broadcast': [[], ['sessionId'], ['endpoint']],
  'settings/get': [[]],
  'settings/set-eth-endpoint': [[], ['endpoint']],
  'ceremony/start': [
    [],
    ['source'],
    ['source', 'kind'],
    ['source', 'curve'],
    ['walletLabel'],
    ['holders'],
    ['scheme'],
    ['threshold'],
  ],
  'ceremony/check-passphrase': [[], ['ceremonyId'], ['index'], ['passphrase']],
  'ceremony/hand-off-file': [[], ['ceremonyId'], ['index'], ['passphrase'], ['folder']],
  'ceremony/paper-backup': [[], ['ceremonyId'], ['index'], ['folder']],
  'ceremony/show-words': [[], ['ceremonyId'], ['index']],
  'ceremony/confirm-receipt': [[], ['ceremonyId'], ['index'], ['proof'], ['proof', 'kind'], ['proof', 'text']],
  'ceremony/finish': [[], ['ceremonyId']],
  'ceremony/abandon': [[], ['ceremonyId']],
  'ceremony/unfinished': [[]],
  'ceremony/dismiss': [[], ['ceremonyId']],
  'leftovers/list': [[]],
  'leftovers/delete': [[], ['id']],
  'dialog/choose-folder': [[], ['defaultPath'], ['title']],
  'frost/make-request': [
    [],
    ['walletId'],
    ['what'],
    ['what', 'kind'],
    ['what', 'encoding'],
    ['what', 'message'],
    ['signers'],
  ],
  'frost/open-request': [[], ['path']],
  'frost/commit': [[], ['path'], ['requestHash'], ['childKey'], ['childKey', 'kind']],
  'frost/respond': [[], ['path'], ['requestHash'], ['commitments'], ['childKey']],
  'frost/aggregate': [[], ['path'], ['requestHash'], ['commitments'], ['shares']],
};
const TX_FIELDS = Object.keys(TX).map((k) => ['request', 'tx', k]);
/** A SOL transfer: recipient, amount in SOL as typed, recent blockhash (the sender is always the wallet). */
const SOL = {
  kind: 'sol-transfer',
  to: 'FDwkzWGxx6LfCfzcmVVLEk3QUMxNhuFuKEMRwzR4Dtys',
  amount: '1.5',
  recentBlockhash: 'J2BjKU6L83eehHVgoze6uTXGCBu6nbxsqEro9QvWpU52',
};
const SOL_FIELDS = Object.keys(SOL).map((k) => ['request', k]);

/** Bad values a field may legitimately take (so they are not refusals): field path → labels. */
const ALLOWED: Record<string, string[]> = {
  '': [],
  'childKey.text': ['string'],
  path: ['string'],
  passphrase: ['undefined', 'string'],
  'request.message': ['string'],
  'request.tx.nonce': ['zero'],
  // A SOL amount as typed: main reads it (and refuses "x" in its own words, not as a bad payload).
  'request.amount': ['string'],
  walletLabel: ['empty string', 'string'],
  threshold: ['undefined'],
  folder: ['string'],
  'proof.text': ['string'],
  defaultPath: ['undefined', 'string'],
  title: ['undefined', 'string'],
  text: ['empty string', 'string'],
  // Per channel, where the same field name takes other values elsewhere ("channel field").
  'session/save-result folder': ['undefined', 'string'],
  'session/broadcast endpoint': ['undefined', 'string'],
  'settings/set-eth-endpoint endpoint': ['null', 'string'],
  'session/open purpose': ['undefined'],
  'session/rekey holders': ['undefined'],
  'session/rekey scheme': ['undefined'],
  'session/rekey walletLabel': ['undefined', 'empty string', 'string'],
  'what.message': ['string'],
};

function withField(payload: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(payload) as Record<string, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[path.at(-1)!] = value;
  return copy;
}

const fieldLabel = (path: string[]) => (path.length ? `"${path.join('.')}"` : 'the request');

function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

describe('dispatch: who may call', () => {
  const { ctx, dispatch } = makeDispatch(tempDir());

  it.each(CHANNELS)('%s refuses every sender that is not the app page, before running anything', async (channel) => {
    for (const sender of [
      'https://evil.example/index.html',
      'file:///tmp/other/index.html',
      'file:///opt/JointKey/resources/app.asar/out/renderer/other.html',
      'http://127.0.0.1:5173/',
      'about:blank',
      'data:text/html,hi',
      'not a url',
      '',
    ]) {
      const r = await dispatch(channel, sender, VALID[channel]);
      expect(r).toEqual({
        ok: false,
        code: 'FORBIDDEN_SENDER',
        message: 'This request did not come from JointKey’s own window, so it was refused. Close and restart JointKey.',
      });
    }
    expect(ctx.sessions.size).toBe(0);
  });

  it('takes the app page with any query or fragment, and nothing else', () => {
    expect(isAppPage(`${APP_PAGE}#/wallets`, APP_PAGE)).toBe(true);
    expect(isAppPage(`${APP_PAGE}?x=1`, APP_PAGE)).toBe(true);
    expect(isAppPage('http://127.0.0.1:5173/', 'http://127.0.0.1:5174/')).toBe(false);
    expect(isAppPage('http://localhost:5173/', 'http://127.0.0.1:5173/')).toBe(false);
    expect(isAppPage(APP_PAGE.replace('file:', 'http:'), APP_PAGE)).toBe(false);
  });

  it('refuses a channel the contract does not declare', async () => {
    for (const channel of ['wallets/delete', 'constructor', '__proto__', 'toString', ''])
      expect(await dispatch(channel, APP_PAGE, {})).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
  });
});

describe('dispatch: payloads', () => {
  const { dispatch } = makeDispatch(tempDir());

  it('every valid payload of the table passes validation (so the refusals below are about the bad value)', async () => {
    for (const channel of CHANNELS) {
      const r = await dispatch(channel, APP_PAGE, VALID[channel]);
      if (!r.ok) expect(r.code).not.toBe('INVALID_PAYLOAD');
    }
    const eth = withField(VALID['session/describe'], ['request'], { kind: 'eth-transfer', tx: TX });
    const r = await dispatch('session/describe', APP_PAGE, eth);
    expect(r.ok || r.code !== 'INVALID_PAYLOAD').toBe(true);
    const sol = await dispatch('session/describe', APP_PAGE, withField(VALID['session/describe'], ['request'], SOL));
    expect(sol.ok || sol.code !== 'INVALID_PAYLOAD').toBe(true);
  });

  const cases = CHANNELS.flatMap((channel) =>
    [
      ...FIELDS[channel].map((path) => ({ channel, payload: VALID[channel], path })),
      ...(channel === 'session/describe'
        ? TX_FIELDS.map((path) => ({
            channel,
            payload: withField(VALID[channel], ['request'], { kind: 'eth-transfer', tx: TX }),
            path,
          }))
        : []),
      ...(channel === 'session/describe'
        ? SOL_FIELDS.map((path) => ({ channel, payload: withField(VALID[channel], ['request'], SOL), path }))
        : []),
    ].map((c) => ({ ...c, name: `${c.channel} ${fieldLabel(c.path)}` })),
  );

  it.each(cases)('$name: every bad value is refused, naming the field', async ({ channel, payload, path }) => {
    for (const [label, value] of BAD_VALUES) {
      if ((ALLOWED[`${channel} ${path.join('.')}`] ?? ALLOWED[path.join('.')])?.includes(label)) continue;
      if (path.length === 0 && label === 'object' && JSON.stringify(payload) === '{}') continue; // its valid payload
      const r = await dispatch(channel, APP_PAGE, withField(payload, path, fresh(value)));
      expect(r, `${channel} ${path.join('.')} = ${label}`).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
      if (!r.ok) {
        expect(r.message).toContain(path.length ? `"${path.join('.')}` : `"${channel}"`);
        expect(r.message).toMatch(/Nothing was done/);
      }
    }
  });

  it('names the field but never echoes what was in it (a child key in the wrong place)', async () => {
    const dir = tempDir();
    const w = saveWallet(dir, dir);
    const secret = w.texts[0]!;
    const bad = [
      { channel: 'session/open', payload: { walletId: secret } },
      { channel: 'session/sign', payload: { sessionId: secret } },
      { channel: 'session/close', payload: { sessionId: SESSION, [secret]: secret } },
      { channel: 'session/add-child-key', payload: { sessionId: SESSION, childKey: { kind: secret, text: secret } } },
      {
        channel: 'session/add-child-key',
        payload: { sessionId: SESSION, childKey: { kind: 'file', path: secret, x: 1 } },
      },
      {
        channel: 'session/describe',
        payload: { sessionId: SESSION, request: { kind: 'eth-transfer', tx: { ...TX, to: secret } } },
      },
    ];
    for (const { channel, payload } of bad) {
      const r = await dispatch(channel, APP_PAGE, payload);
      expect(r).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
      const text = JSON.stringify(r);
      expect(text).not.toContain(secret.slice(4, 20));
      for (const hex of w.sharesHex) expect(text).not.toContain(hex);
    }
  });
});

describe('dispatch: errors and replies', () => {
  it('a JointKeyError keeps its code and message', async () => {
    const { dispatch } = makeDispatch(tempDir());
    const r = await dispatch('session/open', APP_PAGE, { walletId: WALLET });
    expect(r).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    expect(r.ok ? '' : r.message).toMatch(/^No wallet record with this id is in .*wallets\. Reload the list/);
    expect(await dispatch('session/sign', APP_PAGE, { sessionId: SESSION })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^This signing session is over/),
    });
  });

  it('anything else becomes INTERNAL with a calm message, no stack, no detail — and is logged in main', async () => {
    const logged: unknown[] = [];
    const handlers = {
      ...createHandlers(createContext({ dataDir: tempDir() })),
      'wallets/list': () => {
        throw new TypeError('deadbeef internal detail');
      },
    };
    const dispatch = createDispatch(handlers, APP_PAGE, (e) => logged.push(e));
    const r = await dispatch('wallets/list', APP_PAGE, {});
    expect(r).toEqual({
      ok: false,
      code: 'INTERNAL',
      message:
        'JointKey ran into an unexpected problem and stopped this step. Try again; if it happens again, restart JointKey.',
    });
    expect(logged).toHaveLength(1);
    expect(String(logged[0])).toContain('deadbeef');
  });

  it('a reply is checked against the contract: undeclared fields are dropped, a wrong shape is INTERNAL', async () => {
    const base = createHandlers(createContext({ dataDir: tempDir() }));
    const leaky = createDispatch(
      {
        ...base,
        'session/close': () => ({ closed: true as const, secretHex: 'ab'.repeat(32) }),
      },
      APP_PAGE,
    );
    expect(await leaky('session/close', APP_PAGE, { sessionId: SESSION })).toEqual({
      ok: true,
      value: { closed: true },
    });
    const logged: unknown[] = [];
    const wrong = createDispatch(
      // A handler that breaks its contract at run time (as a future bug might): the reply is refused.
      { ...base, 'wallets/list': () => JSON.parse('{"folder": 1}') as ReturnType<(typeof base)['wallets/list']> },
      APP_PAGE,
      (e) => logged.push(e),
    );
    expect(await wrong('wallets/list', APP_PAGE, {})).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(String(logged[0])).toMatch(/does not match the contract: "folder"/);
  });
});

describe('the handlers over dispatch, with real wallets and child keys', () => {
  let dataDir: string;
  let w: WalletFixture;
  let other: WalletFixture;
  let ed: WalletFixture;

  beforeAll(() => {
    dataDir = tempDir();
    const keys = tempDir('jointkey-keys-');
    w = saveWallet(dataDir, keys, 'shamir', 'main', 'Family savings');
    other = saveWallet(tempDir(), keys, 'shamir', 'other', 'Someone else');
    ed = saveWallet(dataDir, keys, 'xor', 'xor', 'Partnership');
  });

  /** Every reply of a run, to search for key material. */
  function recorder(dispatch: ReturnType<typeof makeDispatch>['dispatch']) {
    const replies: unknown[] = [];
    const call = async <C extends Channel>(channel: C, payload: unknown) => {
      const r = await dispatch(channel, APP_PAGE, payload);
      replies.push(r);
      return r;
    };
    return { replies, call };
  }

  function expectNoKeyMaterial(replies: unknown[], fixtures: WalletFixture[]) {
    const all = JSON.stringify(replies).toLowerCase();
    for (const f of fixtures) {
      expect(all).not.toContain(bytesToHex(f.key));
      for (const s of f.sharesHex) expect(all).not.toContain(s);
      for (const t of f.texts) expect(all).not.toContain(t.toLowerCase().slice(4, 30));
    }
  }

  it('wallets/list: public data of each record, a damaged one named, and no set data', async () => {
    mkdirSync(join(dataDir, 'wallets'), { recursive: true });
    writeFileSync(join(dataDir, 'wallets', 'ffffffffffffffffffffffffffffffff.wallet.json'), '{ not json');
    const { dispatch } = makeDispatch(dataDir);
    const v = expectOk(await dispatch('wallets/list', APP_PAGE, {}));
    expect(v.folder).toBe(join(dataDir, 'wallets'));
    expect(v.wallets.map((x) => [x.label, x.threshold, x.parties, x.holders])).toEqual(
      expect.arrayContaining([
        ['Family savings', 2, 3, ['Alice', 'Bob', 'Carol']],
        ['Partnership', 3, 3, ['Alice', 'Bob', 'Carol']],
      ]),
    );
    const fam = v.wallets.find((x) => x.id === w.walletId)!;
    expect(fam.addresses['ethereum']).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(fam.publicKey).toBe(w.publicKeyHex);
    expect(Object.keys(fam)).not.toContain('set');
    expect(v.damaged).toEqual([
      {
        file: 'ffffffffffffffffffffffffffffffff.wallet.json',
        code: 'TAMPERED_FILE',
        message: expect.stringMatching(/not valid JSON/),
      },
    ]);
  });

  it('a whole session signs a message: each child key checked on entry, the signature verifies, no key material in any reply', async () => {
    const { ctx, dispatch } = makeDispatch(dataDir);
    const { replies, call } = recorder(dispatch);
    const open = expectOk(await call('session/open', { walletId: w.walletId }));
    expect(open.progress.summary).toBe('0 of 2 — 2 more from any of: Alice, Bob, Carol');
    const sessionId = open.sessionId;
    const described = expectOk(
      await call('session/describe', {
        sessionId,
        request: { kind: 'message', algo: 'ecdsa-sha256', encoding: 'utf8', message: 'We, the owners, agree.' },
      }),
    );
    expect(described).toEqual({
      kind: 'message',
      lines: ['Sign a message of 22 bytes with ecdsa-sha256', expect.stringMatching(/^message \(hex\): 57652c/)],
    });

    // Alice types her child key (with spaces and in capitals: typing rules are the core's).
    const a = expectOk(
      await call('session/add-child-key', {
        sessionId,
        childKey: { kind: 'text', text: w.texts[0]!.toUpperCase().replace(/-/g, ' ') },
      }),
    );
    expect(a.last).toEqual({ accepted: true, holder: { index: 1, label: 'Alice' } });
    expect(a.progress.summary).toBe('1 of 2 — 1 more from any of: Bob, Carol');

    // A child key of another wallet, a duplicate, a typo and a missing file: refused, named, progress kept.
    const refusedWith = async (childKey: unknown) => {
      const r = expectOk(await call('session/add-child-key', { sessionId, childKey }));
      expect(r.progress.have).toBe(1);
      if (r.last.accepted) throw new Error('expected a refusal');
      return r.last;
    };
    expect((await refusedWith({ kind: 'file', path: other.files[1] })).code).toBe('DIFFERENT_WALLET');
    expect(await refusedWith({ kind: 'text', text: w.texts[0] })).toMatchObject({
      code: 'DUPLICATE_CHILD_KEY',
      message: expect.stringMatching(/^Child key 1 \(Alice\) was already entered/),
    });
    const typo = w.texts[1]!.slice(0, 10) + (w.texts[1]![10] === 'q' ? 'p' : 'q') + w.texts[1]!.slice(11);
    expect((await refusedWith({ kind: 'text', text: typo })).code).toBe('CHECKSUM_MISMATCH');
    expect((await refusedWith({ kind: 'file', path: join(dataDir, 'nope.json') })).code).toBe('FILE_NOT_FOUND');

    // What was described cannot change once a child key is in.
    expect(
      await call('session/describe', {
        sessionId,
        request: { kind: 'message', algo: 'ecdsa-sha256', encoding: 'utf8', message: 'Something else.' },
      }),
    ).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });

    // Carol brings her file; then they sign.
    const c = expectOk(
      await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path: w.files[2] } }),
    );
    expect(c).toMatchObject({ last: { accepted: true, holder: { index: 3, label: 'Carol' } } });
    expect(c.progress).toMatchObject({ have: 2, need: 2, ready: true, summary: '2 of 2 — ready to sign' });
    const held = ctx.sessions.get(sessionId)!.session;
    const signed = expectOk(await call('session/sign', { sessionId }));
    if (signed.kind !== 'message') throw new Error('expected a message signature');
    expect(signed.publicKeyHex).toBe(w.publicKeyHex);
    const message = new TextEncoder().encode('We, the owners, agree.');
    expect(
      secp256k1.verify(Buffer.from(signed.signatureHex, 'hex'), sha256(message), Buffer.from(w.publicKeyHex, 'hex'), {
        prehash: false,
      }),
    ).toBe(true);

    // The session is over, its buffers zero, and it is gone from main.
    expect(held.closed).toBe(true);
    expect(held.secretBuffers().every((b) => b.every((x) => x === 0))).toBe(true);
    expect(ctx.sessions.has(sessionId)).toBe(false);
    expect(await call('session/sign', { sessionId })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expectNoKeyMaterial(replies, [w, other]);
  });

  it('signs an Ethereum transfer described in plain words; the signed transaction recovers to the wallet', async () => {
    const { dispatch } = makeDispatch(dataDir);
    const { replies, call } = recorder(dispatch);
    const { sessionId, wallet } = expectOk(await call('session/open', { walletId: w.walletId }));
    expect(await call('session/sign', { sessionId })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^Nothing to sign was described yet/),
    });
    const d = expectOk(await call('session/describe', { sessionId, request: { kind: 'eth-transfer', tx: TX } }));
    expect(d.lines.slice(0, 3)).toEqual([
      'Send 1 ETH',
      'to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      'on a local development chain (Hardhat) (chain id 31337)',
    ]);
    for (const i of [1, 2])
      expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path: w.files[i] } }));
    const s = expectOk(await call('session/sign', { sessionId }));
    if (s.kind !== 'eth-transfer') throw new Error('expected a transaction');
    expect(s.from).toBe(wallet.addresses['ethereum']);
    expect(await recoverTransactionAddress({ serializedTransaction: s.rawTx as `0x02${string}` })).toBe(s.from);
    expectNoKeyMaterial(replies, [w]);
  });

  it('health/check: the same entry flow, nothing signed; too few child keys are named', async () => {
    const { dispatch } = makeDispatch(dataDir);
    const { replies, call } = recorder(dispatch);
    const { sessionId } = expectOk(await call('session/open', { walletId: ed.walletId }));
    for (const i of [0, 1])
      expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text: ed.texts[i] } }));
    expect(await call('health/check', { sessionId })).toMatchObject({
      ok: false,
      code: 'TOO_FEW_CHILD_KEYS',
      message: expect.stringMatching(/still missing: Carol/),
    });
    expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path: ed.files[2] } }));
    const h = expectOk(await call('health/check', { sessionId }));
    expect(h).toEqual({
      ok: true,
      publicKeyHex: ed.publicKeyHex,
      summary: `The child keys of Alice, Bob, Carol restore Partnership: the key they make gives its public key ${ed.publicKeyHex.slice(0, 16)}…`,
    });
    expect(await call('health/check', { sessionId })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expectNoKeyMaterial(replies, [ed]);
  });

  it('an encrypted child-key file: refused without or with a wrong passphrase, taken with the right one', async () => {
    const path = join(tempDir('jointkey-age-'), 'bob.jointkey.age');
    const passphrase = 'violet tractor humming ninety lanterns';
    writeFileSync(path, await encryptChildKeyFile(readFileSync(w.files[1]!, 'utf8'), passphrase, 14), { mode: 0o600 });
    const { dispatch } = makeDispatch(dataDir);
    const { replies, call } = recorder(dispatch);
    const { sessionId } = expectOk(await call('session/open', { walletId: w.walletId }));
    const add = async (extra: object) =>
      expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path, ...extra } })).last;
    expect(await add({})).toEqual({
      accepted: false,
      code: 'PASSPHRASE_NEEDED',
      message: `${path} is encrypted: enter its holder’s passphrase together with the file.`,
    });
    expect(await add({ passphrase: 'not the passphrase' })).toMatchObject({
      accepted: false,
      code: 'WRONG_PASSPHRASE',
    });
    expect(await add({ passphrase })).toEqual({ accepted: true, holder: { index: 2, label: 'Bob' } });
    expect(JSON.stringify(replies)).not.toContain(passphrase);
    expectNoKeyMaterial(replies, [w]);
    expectOk(await call('session/close', { sessionId }));
  });

  it('a session idle past the limit is closed and its child keys wiped; close is idempotent', async () => {
    let now = 1_000_000;
    const { ctx, dispatch } = makeDispatch(dataDir, { now: () => now, idleMs: 60_000 });
    const { sessionId } = expectOk(await dispatch('session/open', APP_PAGE, { walletId: w.walletId }));
    expectOk(
      await dispatch('session/add-child-key', APP_PAGE, { sessionId, childKey: { kind: 'text', text: w.texts[1] } }),
    );
    const held = ctx.sessions.get(sessionId)!.session;
    expect(held.secretBuffers().some((b) => b.some((x) => x !== 0))).toBe(true);
    now += 60_001;
    expect(
      await dispatch('session/add-child-key', APP_PAGE, { sessionId, childKey: { kind: 'text', text: w.texts[2] } }),
    ).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', message: expect.stringMatching(/timed out/) });
    expect(held.closed).toBe(true);
    expect(held.secretBuffers().every((b) => b.every((x) => x === 0))).toBe(true);
    expect(await dispatch('session/close', APP_PAGE, { sessionId })).toEqual({ ok: true, value: { closed: true } });
  });

  it('at most maxSessions sessions are open at once', async () => {
    const { dispatch } = makeDispatch(dataDir, { maxSessions: 2 });
    expectOk(await dispatch('session/open', APP_PAGE, { walletId: w.walletId }));
    const second = expectOk(await dispatch('session/open', APP_PAGE, { walletId: w.walletId }));
    expect(await dispatch('session/open', APP_PAGE, { walletId: w.walletId })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
    expectOk(await dispatch('session/close', APP_PAGE, { sessionId: second.sessionId }));
    expectOk(await dispatch('session/open', APP_PAGE, { walletId: w.walletId }));
  });
});

describe('the channels of the Import, Joint signing and Health check screens', () => {
  let dataDir: string;
  let keys: string;
  let w: WalletFixture;
  let other: WalletFixture;
  const passphrase = 'violet tractor humming ninety lanterns';
  let bobAge: string;

  beforeAll(async () => {
    dataDir = tempDir();
    keys = tempDir('jointkey-keys-');
    w = saveWallet(dataDir, keys, 'shamir', 'screens', 'Family savings');
    other = saveWallet(tempDir(), keys, 'shamir', 'screens-other', 'Someone else');
    bobAge = join(keys, 'Family savings - 2 Bob.jointkey.age');
    writeFileSync(bobAge, await encryptChildKeyFile(readFileSync(w.files[1]!, 'utf8'), passphrase, 14), {
      mode: 0o600,
    });
  });

  function recording(options: Parameters<typeof makeDispatch>[1] = {}) {
    const made = makeDispatch(dataDir, options);
    const replies: unknown[] = [];
    const call = async <C extends Channel>(channel: C, payload: unknown) => {
      const r = await made.dispatch(channel, APP_PAGE, payload);
      replies.push(r);
      return r;
    };
    return { ...made, replies, call };
  }

  /** No key, share, text form (any 16 characters of it) or passphrase in `text`. */
  function expectNothingSecret(text: string, fixtures: WalletFixture[]) {
    const all = text.toLowerCase();
    expect(all).not.toContain(passphrase);
    for (const f of fixtures) {
      expect(all).not.toContain(bytesToHex(f.key));
      for (const s of f.sharesHex) expect(all).not.toContain(s);
      for (const t of f.texts) {
        const body = t.toLowerCase().replace(/-/g, '');
        for (let i = 3; i + 16 <= body.length; i += 16)
          expect(all.replace(/-/g, '')).not.toContain(body.slice(i, i + 16));
      }
    }
  }

  it('dialog/open-file: the path the context’s dialog chose, null when cancelled, a plain refusal without one', async () => {
    const chosen: (string | null)[] = [w.files[0]!, null];
    const { call } = recording({ chooseFile: () => chosen.shift() ?? null });
    expect(await call('dialog/open-file', { purpose: 'child-key' })).toEqual({ ok: true, value: { path: w.files[0] } });
    expect(await call('dialog/open-file', { purpose: 'child-key' })).toEqual({ ok: true, value: { path: null } });
    const bare = recording();
    expect(await bare.call('dialog/open-file', { purpose: 'child-key' })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/cannot open a file dialog\. Type the child key’s words instead/),
    });
  });

  it('keychain/inspect: whose child key a file holds, before storing — plain and encrypted; never the key', async () => {
    const { call, replies } = recording();
    expect(expectOk(await call('keychain/inspect', { path: w.files[2] }))).toMatchObject({
      id: `${w.walletId}/3`,
      setId: w.walletId,
      index: 3,
      parties: 3,
      threshold: 2,
      wallet: 'Family savings',
      holder: 'Carol',
      encrypted: false,
      walletKnown: true,
    });
    expect(await call('keychain/inspect', { path: bobAge })).toMatchObject({
      ok: false,
      code: 'PASSPHRASE_NEEDED',
      message: expect.stringMatching(/encrypted: enter its passphrase/),
    });
    expect(await call('keychain/inspect', { path: bobAge, passphrase: 'not it' })).toMatchObject({
      ok: false,
      code: 'WRONG_PASSPHRASE',
    });
    expect(expectOk(await call('keychain/inspect', { path: bobAge, passphrase }))).toMatchObject({
      holder: 'Bob',
      index: 2,
      wallet: 'Family savings',
      encrypted: true,
    });
    // A file of a wallet this computer has no record of: still named, and said so.
    expect(expectOk(await call('keychain/inspect', { path: other.files[0] }))).toMatchObject({
      wallet: 'Someone else',
      walletKnown: false,
    });
    expectNothingSecret(JSON.stringify(replies), [w, other]);
  });

  it('childkey/check-text: complete (naming the holder), incomplete, a typo located by group — no share in the reply', async () => {
    const { call, replies } = recording();
    const bob = w.texts[1]!;
    expect(expectOk(await call('childkey/check-text', { text: bob }))).toMatchObject({
      state: 'complete',
      holder: { index: 2, label: 'Bob' },
    });
    expect(expectOk(await call('childkey/check-text', { text: bob.slice(0, 180) }))).toMatchObject({
      state: 'incomplete',
      message: expect.stringMatching(/^\d+ of \d+ groups typed\. Keep going\.$/),
    });
    // One character changed in group 20 (past the header).
    const at = 4 + 19 * 6 + 2;
    const typo = bob.slice(0, at) + (bob[at] === 'q' ? 'p' : 'q') + bob.slice(at + 1);
    const r = expectOk(await call('childkey/check-text', { text: typo }));
    expect(r.state).toBe('typo');
    expect(r.group).toBeLessThanOrEqual(20);
    expect(r.lastGroup).toBeGreaterThanOrEqual(20);
    expect(r.message).toMatch(/most likely a typo in group/);
    expectNothingSecret(JSON.stringify(replies), [w]);
  });

  it('a whole signing session with every new channel: the typo is located on entry, the result saved (never replacing) and broadcast refused plainly — no key, share, text form or passphrase in any reply or the saved file', async () => {
    const { call, replies } = recording({ chooseFile: () => bobAge });
    const { sessionId, wallet } = expectOk(await call('session/open', { walletId: w.walletId }));
    expectOk(await call('session/describe', { sessionId, request: { kind: 'eth-transfer', tx: TX } }));
    // Carol types hers, with one character wrong in group 20: refused, saying where.
    const carol = w.texts[2]!;
    const at = 4 + 19 * 6 + 1;
    const typo = carol.slice(0, at) + (carol[at] === 'q' ? 'p' : 'q') + carol.slice(at + 1);
    expectOk(await call('childkey/check-text', { text: typo }));
    const refused = expectOk(
      await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text: typo } }),
    );
    expect(refused.last).toMatchObject({ accepted: false, code: 'CHECKSUM_MISMATCH' });
    const said = refused.last.accepted ? '' : refused.last.message;
    expect(said).toMatch(/^This child key has a typo\. The check fails: most likely a typo in groups? \d+/);
    const named = [...said.matchAll(/\d+/g)].map((m) => Number(m[0]));
    expect(Math.min(...named)).toBeLessThanOrEqual(20);
    expect(Math.max(...named)).toBeGreaterThanOrEqual(20);
    expectOk(await call('childkey/check-text', { text: carol }));
    expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text: carol } }));
    // Bob's encrypted file, chosen in the dialog, with his passphrase.
    const { path } = expectOk(await call('dialog/open-file', { purpose: 'child-key' }));
    const b = expectOk(
      await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path, passphrase } }),
    );
    expect(b.progress.ready).toBe(true);
    // Nothing signed yet: nothing to save.
    const signed = expectOk(await call('session/sign', { sessionId }));
    if (signed.kind !== 'eth-transfer') throw new Error('expected a transaction');

    const first = expectOk(await call('session/save-result', { sessionId })).path;
    const second = expectOk(await call('session/save-result', { sessionId })).path;
    expect(first.startsWith(join(dataDir, 'signed', 'Family savings - signed transfer '))).toBe(true);
    expect(second).toBe(first.replace(/\.json$/, ' (2).json'));
    const saved = JSON.parse(readFileSync(first, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({
      format: 'jointkey-signed/1',
      wallet: { id: w.walletId, label: 'Family savings' },
      kind: 'eth-transfer',
      rawTransaction: signed.rawTx,
      hash: signed.hash,
      from: wallet.addresses['ethereum'],
      whatWasSigned: expect.arrayContaining(['Send 1 ETH']),
    });
    expect(await recoverTransactionAddress({ serializedTransaction: saved['rawTransaction'] as `0x02${string}` })).toBe(
      wallet.addresses['ethereum'],
    );
    // Into a chosen folder; a folder that does not exist is refused with what to do.
    const folder = tempDir('jointkey-signed-');
    expect(expectOk(await call('session/save-result', { sessionId, folder })).path.startsWith(folder)).toBe(true);
    expect(await call('session/save-result', { sessionId, folder: join(folder, 'missing') })).toMatchObject({
      ok: false,
      code: 'FILE_UNREADABLE',
      message: expect.stringMatching(/Check that the folder exists/),
    });

    // Broadcast: only http(s); no endpoint set is said plainly; a node that does not answer is BROADCAST_FAILED.
    expect(await call('session/broadcast', { sessionId })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^No Ethereum node is set up/),
    });
    for (const endpoint of ['file:///etc/passwd', 'javascript:alert(1)', 'ws://127.0.0.1:8545', 'not a url'])
      expect(await call('session/broadcast', { sessionId, endpoint })).toMatchObject({
        ok: false,
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/http|web address/),
      });
    expect(await call('session/broadcast', { sessionId, endpoint: 'http://127.0.0.1:9' })).toMatchObject({
      ok: false,
      code: 'BROADCAST_FAILED',
    });

    // Done: the result is gone.
    expectOk(await call('session/close', { sessionId }));
    expect(await call('session/save-result', { sessionId })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/no longer here/),
    });
    expectNothingSecret(JSON.stringify(replies), [w]);
    expectNothingSecret(readFileSync(first, 'utf8'), [w]);
  });

  it('a signed message is saved with the message and its signature', async () => {
    const { call } = recording();
    const { sessionId } = expectOk(await call('session/open', { walletId: w.walletId }));
    expectOk(
      await call('session/describe', {
        sessionId,
        request: { kind: 'message', algo: 'bip340', encoding: 'utf8', message: 'We agree.' },
      }),
    );
    for (const i of [0, 2])
      expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path: w.files[i] } }));
    const s = expectOk(await call('session/sign', { sessionId }));
    const { path } = expectOk(await call('session/save-result', { sessionId }));
    expect(path).toMatch(/Family savings - signed message .*\.json$/);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      kind: 'message',
      algo: 'bip340',
      messageHex: bytesToHex(new TextEncoder().encode('We agree.')),
      publicKeyHex: w.publicKeyHex,
      signatureHex: s.kind === 'message' ? s.signatureHex : 'x',
    });
    expect(await call('session/broadcast', { sessionId, endpoint: 'http://127.0.0.1:9' })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^Only a signed Ethereum transaction can be broadcast/),
    });
  });

  it('settings: the Ethereum endpoint is http(s) only, kept in the data folder, and can be cleared', async () => {
    const dir = tempDir();
    const { dispatch } = makeDispatch(dir);
    expect(await dispatch('settings/get', APP_PAGE, {})).toEqual({
      ok: true,
      value: { ethEndpoint: null, checkEveryMonths: 6 },
    });
    for (const endpoint of ['file:///etc/passwd', 'ftp://node.example', 'javascript:alert(1)', 'nope'])
      expect(await dispatch('settings/set-eth-endpoint', APP_PAGE, { endpoint })).toMatchObject({
        ok: false,
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/only to http:\/\/ or https:\/\/|not a web address/),
      });
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
    expect(await dispatch('settings/set-eth-endpoint', APP_PAGE, { endpoint: ' https://rpc.example.org/v1 ' })).toEqual(
      { ok: true, value: { ethEndpoint: 'https://rpc.example.org/v1' } },
    );
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({
      ethEndpoint: 'https://rpc.example.org/v1',
      checkEveryMonths: 6,
    });
    expect(await makeDispatch(dir).dispatch('settings/get', APP_PAGE, {})).toEqual({
      ok: true,
      value: { ethEndpoint: 'https://rpc.example.org/v1', checkEveryMonths: 6 },
    });
    expectOk(await dispatch('settings/set-eth-endpoint', APP_PAGE, { endpoint: null }));
    expect(await dispatch('settings/get', APP_PAGE, {})).toEqual({
      ok: true,
      value: { ethEndpoint: null, checkEveryMonths: 6 },
    });
  });
});

const missing = secretServiceMissing();
if (missing) console.warn(`IPC keychain tests skipped: ${missing}`);

describe('the keychain channels, against a real Secret Service', () => {
  it.skipIf(missing !== undefined && !REQUIRE_SECRET_SERVICE)(
    missing
      ? `import, list, sign from the keychain, remove (skipped: ${missing})`
      : 'import (plain and encrypted), list, sign from the keychain, remove — no key material in any reply',
    async () => {
      const dataDir = tempDir();
      const keys = tempDir('jointkey-keys-');
      const w = saveWallet(dataDir, keys, 'shamir', 'keychain', 'Family savings');
      const { ctx, dispatch } = makeDispatch(dataDir);
      const replies: unknown[] = [];
      const call = async <C extends Channel>(channel: C, payload: unknown) => {
        const r = await dispatch(channel, APP_PAGE, payload);
        replies.push(r);
        return r;
      };
      try {
        expect(expectOk(await call('keychain/list', {}))).toEqual({ entries: [] });
        // Alice's plain file, Bob's encrypted one.
        const alice = expectOk(await call('keychain/import', { path: w.files[0] })).entry;
        expect(alice).toEqual({
          id: `${w.walletId}/1`,
          setId: w.walletId,
          index: 1,
          wallet: 'Family savings',
          holder: 'Alice',
        });
        const bobFile = join(keys, 'bob.jointkey.age');
        const passphrase = 'quiet orchard seventy copper kites';
        writeFileSync(bobFile, await encryptChildKeyFile(readFileSync(w.files[1]!, 'utf8'), passphrase, 14));
        expect(await call('keychain/import', { path: bobFile })).toMatchObject({
          ok: false,
          code: 'PASSPHRASE_NEEDED',
        });
        expectOk(await call('keychain/import', { path: bobFile, passphrase }));
        expect(await call('keychain/import', { path: w.files[0] })).toMatchObject({
          ok: false,
          code: 'KEYCHAIN_ENTRY_EXISTS',
        });
        expect(expectOk(await call('keychain/list', {})).entries.map((e) => e.holder)).toEqual(['Alice', 'Bob']);
        // The preview before storing says whether this computer's keychain already holds it.
        expect(expectOk(await call('keychain/inspect', { path: w.files[0] })).inKeychain).toBe(true);
        expect(expectOk(await call('keychain/inspect', { path: w.files[2] })).inKeychain).toBe(false);

        // Alice and Bob sign from this computer's keychain: their child keys never reach the renderer.
        const { sessionId } = expectOk(await call('session/open', { walletId: w.walletId }));
        expectOk(
          await call('session/describe', {
            sessionId,
            request: { kind: 'message', algo: 'bip340', encoding: 'hex', message: '0xc0ffee' },
          }),
        );
        for (const id of [`${w.walletId}/1`, `${w.walletId}/2`])
          expect(
            expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'keychain', id } })).last,
          ).toMatchObject({ accepted: true });
        const signed = expectOk(await call('session/sign', { sessionId }));
        expect(signed).toMatchObject({ kind: 'message', algo: 'bip340', publicKeyHex: w.publicKeyHex });

        expect(await call('keychain/remove', { id: `${w.walletId}/1` })).toEqual({
          ok: true,
          value: { removed: true },
        });
        expect(await call('keychain/remove', { id: `${w.walletId}/1` })).toMatchObject({
          ok: false,
          code: 'KEYCHAIN_ENTRY_NOT_FOUND',
        });
        const all = JSON.stringify(replies);
        expect(all).not.toContain(passphrase);
        expect(all).not.toContain(bytesToHex(w.key));
        for (const share of w.sharesHex) expect(all).not.toContain(share);
      } finally {
        for (const e of await ctx.keychain.list()) await ctx.keychain.remove(e.id);
      }
    },
  );
});

describe('the contract and the built preload', () => {
  it('each channel has its own function name, derived from the channel', () => {
    const names = CHANNELS.map((c) => apiPath(c).join('.'));
    expect(names).toEqual([
      'wallets.list',
      'wallets.log',
      'wallets.checkAlone',
      'session.open',
      'session.addChildKey',
      'session.describe',
      'session.sign',
      'session.close',
      'health.check',
      'session.rekey',
      'keychain.list',
      'keychain.import',
      'keychain.remove',
      'dialog.openFile',
      'keychain.inspect',
      'childkey.checkText',
      'session.saveResult',
      'session.broadcast',
      'frost.makeRequest',
      'frost.openRequest',
      'frost.commit',
      'frost.respond',
      'frost.aggregate',
      'settings.get',
      'settings.setCheckMonths',
      'settings.setEthEndpoint',
      'ceremony.start',
      'ceremony.checkPassphrase',
      'ceremony.handOffFile',
      'ceremony.paperBackup',
      'ceremony.showWords',
      'ceremony.copyWords',
      'ceremony.confirmReceipt',
      'ceremony.finish',
      'ceremony.abandon',
      'ceremony.unfinished',
      'ceremony.dismiss',
      'leftovers.list',
      'leftovers.delete',
      'dialog.chooseFolder',
    ]);
    expect(Object.keys(CONTRACT)).toEqual(CHANNELS);
  });

  it('the built preload exposes exactly one function per channel through contextBridge, and never ipcRenderer', async () => {
    const built = new URL('../../out/preload/index.cjs', import.meta.url);
    if (!existsSync(built)) throw new Error('The preload is not built: run "npm run build" (npm test does).');
    const source = readFileSync(built, 'utf8');
    // Electron's preload environment, stood in for by the real dispatcher: invoke → dispatch from the app page.
    const dir = tempDir();
    const w = saveWallet(dir, dir);
    const { dispatch } = makeDispatch(dir);
    const exposed: Record<string, unknown> = {};
    const ipcRenderer = { invoke: (channel: string, payload: unknown) => dispatch(channel, APP_PAGE, payload) };
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
      ipcRenderer,
    };
    runInNewContext(source, { require: (m: string) => (m === 'electron' ? electron : undefined) });
    expect(Object.keys(exposed)).toEqual(['jointkey']);
    const api = exposed['jointkey'] as Record<string, Record<string, (r?: unknown) => Promise<unknown>>>;
    const found = Object.entries(api).flatMap(([d, fns]) => Object.keys(fns).map((n) => `${d}.${n}`));
    expect(found.sort()).toEqual(CHANNELS.map((c) => apiPath(c).join('.')).sort());
    const seen = JSON.stringify(api, (_k, v: unknown) => (v === ipcRenderer || v === ipcRenderer.invoke ? 'LEAK' : v));
    expect(seen).not.toContain('LEAK');
    for (const fns of Object.values(api)) for (const fn of Object.values(fns)) expect(typeof fn).toBe('function');
    // Each function reaches its own channel.
    const list = (await api['wallets']!['list']!({})) as Result<{ wallets: { id: string }[] }>;
    expect(expectOk(list).wallets.map((x) => x.id)).toEqual([w.walletId]);
    const open = (await api['session']!['open']!({ walletId: w.walletId })) as Result<{ sessionId: string }>;
    const { sessionId } = expectOk(open);
    const added = (await api['session']!['addChildKey']!({
      sessionId,
      childKey: { kind: 'text', text: w.texts[0] },
    })) as Result<{
      last: unknown;
    }>;
    expect(expectOk(added).last).toMatchObject({ accepted: true });
    expect(await api['session']!['close']!({ sessionId })).toEqual({ ok: true, value: { closed: true } });
    expect(await api['health']!['check']!({ sessionId })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });
});
