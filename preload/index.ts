/**
 * The preload bridge: exposes `window.jointkey`, one named function per channel of the IPC contract
 * (main/ipc/contract.ts), through contextBridge — never ipcRenderer itself. Its type is the contract's
 * {@link JointKeyApi}, so a channel missing here, or one the contract does not declare, fails the type
 * check. Only the contract's types are imported: the bundle stays tiny.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { Call, Channel, JointKeyApi } from '../main/ipc/contract.js';

const call =
  <C extends Channel>(channel: C): Call<C> =>
  (request) =>
    ipcRenderer.invoke(channel, request);

const api: JointKeyApi = {
  wallets: { list: call('wallets/list'), log: call('wallets/log'), checkAlone: call('wallets/check-alone') },
  session: {
    open: call('session/open'),
    addChildKey: call('session/add-child-key'),
    describe: call('session/describe'),
    sign: call('session/sign'),
    close: call('session/close'),
    rekey: call('session/rekey'),
    saveResult: call('session/save-result'),
    broadcast: call('session/broadcast'),
  },
  health: { check: call('health/check') },
  keychain: {
    list: call('keychain/list'),
    import: call('keychain/import'),
    remove: call('keychain/remove'),
    inspect: call('keychain/inspect'),
  },
  childkey: { checkText: call('childkey/check-text') },
  settings: {
    get: call('settings/get'),
    setEthEndpoint: call('settings/set-eth-endpoint'),
    setCheckMonths: call('settings/set-check-months'),
  },
  ceremony: {
    start: call('ceremony/start'),
    checkPassphrase: call('ceremony/check-passphrase'),
    handOffFile: call('ceremony/hand-off-file'),
    paperBackup: call('ceremony/paper-backup'),
    showWords: call('ceremony/show-words'),
    copyWords: call('ceremony/copy-words'),
    confirmReceipt: call('ceremony/confirm-receipt'),
    finish: call('ceremony/finish'),
    abandon: call('ceremony/abandon'),
    unfinished: call('ceremony/unfinished'),
    dismiss: call('ceremony/dismiss'),
  },
  leftovers: { list: call('leftovers/list'), delete: call('leftovers/delete') },
  frost: {
    makeRequest: call('frost/make-request'),
    openRequest: call('frost/open-request'),
    commit: call('frost/commit'),
    respond: call('frost/respond'),
    aggregate: call('frost/aggregate'),
  },
  dialog: { chooseFolder: call('dialog/choose-folder'), openFile: call('dialog/open-file') },
};

contextBridge.exposeInMainWorld('jointkey', api);
