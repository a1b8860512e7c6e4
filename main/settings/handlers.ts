/** The app's settings (`settings/…`): the Ethereum node signed transactions are broadcast to, and how often holders check their child keys. */
import type { Handlers } from '../ipc/contract.js';
import { checkEndpoint, readSettings, writeSettings } from './store.js';

type SettingsChannel = Extract<keyof Handlers, `settings/${string}`>;

export function createSettingsHandlers(ctx: { dataDir: string }): Pick<Handlers, SettingsChannel> {
  return {
    'settings/get': () => {
      const { ethEndpoint, checkEveryMonths } = readSettings(ctx.dataDir);
      return { ethEndpoint, checkEveryMonths };
    },
    'settings/set-check-months': ({ months }) => {
      writeSettings(ctx.dataDir, { ...readSettings(ctx.dataDir), checkEveryMonths: months });
      return { checkEveryMonths: months };
    },
    'settings/set-eth-endpoint': ({ endpoint }) => {
      const ethEndpoint = endpoint === null ? null : checkEndpoint(endpoint);
      writeSettings(ctx.dataDir, { ...readSettings(ctx.dataDir), ethEndpoint });
      return { ethEndpoint };
    },
  };
}
