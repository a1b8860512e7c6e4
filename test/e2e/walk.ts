/**
 * The walk through the app's screens, by keyboard only, shared by the Chromium harness
 * (renderer.e2e.ts) and the real Electron app (test/electron/app.e2e.ts): each screen is checked,
 * screenshot and scanned with axe.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Screens, expectAccessible } from './harness.js';

/** The focused element's aria-label or text, evaluated in the page (a string: the tests' types have no DOM). */
const FOCUSED_NAME = `(() => {
  const el = document.activeElement;
  return el ? (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() : '';
})()`;

/** Presses Tab until the focused element's accessible text is `name`, then returns; fails after 40 presses. */
export async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(FOCUSED_NAME);
    if (focused === name) return;
  }
  throw new Error(`"${name}" cannot be reached with the Tab key`);
}

/** The text of the element that has focus. */
const focusedText = async (page: Page) => String(await page.evaluate(FOCUSED_NAME));

async function screen(page: Page, screens: Screens, shotName: string, heading: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  expect(await focusedText(page)).toBe(heading); // focus lands on the new screen's title
  await screens.shot(page, shotName);
  await expectAccessible(page, shotName);
}

/** Goes to a screen through the navigation, by keyboard. */
async function navigate(page: Page, label: string): Promise<void> {
  await tabTo(page, label);
  await page.keyboard.press('Enter');
  expect(
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: label })
      .getAttribute('aria-current'),
  ).toBe('page');
}

/**
 * From an empty data folder to a listed wallet: the empty state, each screen of the shell, then the
 * wallets `addWallets` saves (and a damaged record) on the Wallets screen.
 */
export async function walk(page: Page, screens: Screens, addWallets: () => void): Promise<void> {
  // 1. Wallets, empty: what to do next.
  await page.getByText('No shared wallets on this computer yet').waitFor();
  await screen(page, screens, 'wallets-empty', 'Wallets');
  expect(await page.getByRole('button', { name: 'Import my child key' }).count()).toBe(2); // nav + empty state
  const emptyState = page.getByRole('region', { name: 'No shared wallets on this computer yet' });
  await expect
    .poll(() => emptyState.getByRole('button').allTextContents())
    .toEqual(['Create a shared wallet', 'Import my child key']);

  // The empty state's own "Import my child key" button, by keyboard: from the title, past "Create a shared wallet".
  await page.getByRole('heading', { level: 1, name: 'Wallets' }).focus();
  await tabTo(page, 'Create a shared wallet');
  await tabTo(page, 'Import my child key');
  await page.keyboard.press('Enter');
  await screen(page, screens, 'import', 'Import my child key');

  // 2–5. Every other screen through the navigation.
  for (const [label, name] of [
    ['Create a shared wallet', 'create'],
    ['Joint signing', 'joint-signing'],
    ['Health check', 'health-check'],
  ] as const) {
    await page.getByRole('heading', { level: 1 }).focus();
    await navigate(page, label);
    await screen(page, screens, name, label);
  }

  // 6. Wallets saved meanwhile (and one damaged record) are listed with their public data.
  addWallets();
  await page.getByRole('heading', { level: 1 }).focus();
  await navigate(page, 'Wallets');
  await page.getByRole('heading', { level: 2, name: 'Family savings' }).waitFor();
  await screen(page, screens, 'wallets-list', 'Wallets');
  const card = page.getByRole('article', { name: 'Family savings' });
  await expect.poll(() => card.textContent()).toMatch(/Any 2 of 3 owners sign together/);
  expect(await card.getByRole('listitem').allTextContents()).toEqual(['1Alice', '2Bob', '3Carol']);
  expect(await card.getByText(/^0x[0-9a-fA-F]{40}$/).count()).toBe(1);
  expect(await card.getByText(/^bc1q/).count()).toBe(1);
  expect(await page.getByRole('article', { name: 'Partnership' }).textContent()).toMatch(/All 3 owners sign together/);
  expect(await page.getByRole('alert').textContent()).toMatch(
    /A wallet record could not be read: .*\.wallet\.json.*Restore it from a backup/,
  );
}
