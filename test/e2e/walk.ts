/**
 * Keyboard-only use, and the walk through the app's screens, shared by the Chromium harness
 * (renderer.e2e.ts) and the real Electron app (test/electron/app.e2e.ts): each screen is checked,
 * screenshot and scanned with axe.
 *
 * Every walk reaches each control as a person without a mouse does: Tab or Shift+Tab until the
 * focused element's accessible name (and role) is the one wanted — a control the keyboard cannot
 * reach fails there, naming what focus went through — then types with the keyboard, chooses with
 * the arrow keys and Space, and presses Enter. Nothing is focused, filled or clicked directly.
 */
import { load } from 'js-yaml';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Screens, expectAccessible } from './harness.js';

/** What has keyboard focus: its ARIA role and accessible name (as Playwright's aria snapshot computes them). */
export interface Focused {
  role: string;
  name: string;
  checked: boolean;
  /** A select's options, in order, and which one is selected. */
  options: string[];
  selected: string | undefined;
}

/** `role "name" [attributes]`, the head of an aria-snapshot node (its name JSON-quoted). */
const NODE = /^([\w-]+)(?: ("(?:[^"\\]|\\.)*"))?(.*)$/;

function node(text: string): { role: string; name: string; attributes: string } {
  const m = NODE.exec(text);
  return { role: m?.[1] ?? '', name: m?.[2] ? (JSON.parse(m[2]) as string) : '', attributes: m?.[3] ?? '' };
}

/**
 * The focused element's role and accessible name, or null when focus is on nothing (past the page's
 * end). Read from Playwright's aria snapshot (YAML: a node is `role "name" [attributes]`, with its
 * value or children under it), so the name is the one getByRole matches.
 */
export async function focused(page: Page): Promise<Focused | null> {
  const el = page.locator(':focus');
  if ((await el.count()) === 0) return null;
  // Focus may move on meanwhile (a screen changing): then nothing is focused for this look.
  const snapshot = await el.ariaSnapshot({ timeout: 2000 }).catch(() => null);
  if (snapshot === null) return null;
  // An element with no role of its own (or one going away) has an empty snapshot.
  const parsed: unknown = load(snapshot);
  const top: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
  if (top === undefined || top === null)
    return { role: '', name: '', checked: false, options: [], selected: undefined };
  const [head, children] =
    typeof top === 'string' ? [top, []] : (Object.entries(top as Record<string, unknown>)[0] ?? ['', []]);
  const options = (Array.isArray(children) ? children : [])
    .filter((c): c is string => typeof c === 'string')
    .map(node)
    .filter((c) => c.role === 'option');
  const f = node(head);
  return {
    role: f.role,
    name: f.name,
    checked: f.attributes.includes('[checked]'),
    options: options.map((o) => o.name),
    selected: options.find((o) => o.attributes.includes('[selected]'))?.name,
  };
}

type Name = string | RegExp;
const named = (f: Focused, name: Name) => (typeof name === 'string' ? f.name === name : name.test(f.name));
const show = (f: Focused | null) => (f ? `${f.role} "${f.name}"` : '(nothing)');

/** Most presses of Tab to go round the busiest screen (its controls, the skip link, the navigation) twice. */
const MAX_TABS = 80;

/**
 * Presses Tab (Shift+Tab when `back`) until the focused element's accessible name is `name` (and its
 * role `role`, if given): the keyboard's only way to a control, so one it cannot reach fails here,
 * naming what focus went through. Focus wraps round the page, so any reachable control is found.
 */
export async function tabTo(
  page: Page,
  name: Name,
  o: { role?: string | string[]; back?: boolean } = {},
): Promise<Focused> {
  const roles = o.role === undefined ? undefined : [o.role].flat();
  return tabUntil(
    page,
    (f) => named(f, name) && (roles === undefined || roles.includes(f.role)),
    `${roles ? `${roles.join('/')} ` : ''}"${String(name)}"`,
    o.back,
  );
}

async function tabUntil(page: Page, test: (f: Focused) => boolean, what: string, back = false): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f && test(f)) return f;
    const s = show(f);
    if (!seen.includes(s)) seen.push(s);
  }
  throw new Error(
    `${what} cannot be reached with the ${back ? 'Shift+' : ''}Tab key; focus went through: ${seen.join(', ')}`,
  );
}

/** Asserts what has focus: its accessible name (and role). */
export async function expectFocused(page: Page, name: Name, role?: string): Promise<void> {
  const f = await focused(page);
  if (!f || !named(f, name) || (role !== undefined && f.role !== role))
    throw new Error(`expected focus on ${role ?? ''} "${String(name)}", but it is on ${show(f)}`);
}

/** Tabs to the button with this name and presses Enter. */
export async function press(page: Page, name: Name, o: { back?: boolean } = {}): Promise<void> {
  await tabTo(page, name, { role: 'button', back: o.back });
  await page.keyboard.press('Enter');
}

/** Tabs to the text field with this label, clears it and types `text` key by key. */
export async function typeInto(page: Page, label: Name, text: string): Promise<void> {
  await tabTo(page, label, { role: ['textbox', 'spinbutton', 'searchbox'] });
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
  await expectFocused(page, label); // still there: nothing took focus while the keys went in
}

/**
 * Chooses a radio button as the keyboard does: Tab into its group (focus lands on the checked one),
 * then the arrow keys to it (Space if it is focused but not yet checked).
 */
export async function chooseRadio(page: Page, name: Name): Promise<void> {
  if ((await focused(page))?.role !== 'radio') await tabUntil(page, (f) => f.role === 'radio', 'a radio group');
  for (let i = 0; i < 12; i++) {
    const f = await focused(page);
    if (f && named(f, name)) {
      if (!f.checked) await page.keyboard.press('Space');
      await expectFocused(page, name, 'radio');
      expect((await focused(page))?.checked).toBe(true);
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`radio "${String(name)}" cannot be reached with the arrow keys`);
}

/** Tabs to the drop-down list with this label and chooses `option` with the arrow keys. */
export async function chooseOption(page: Page, label: Name, option: string): Promise<void> {
  const f = await tabTo(page, label, { role: 'combobox' });
  const to = f.options.indexOf(option);
  if (to < 0) throw new Error(`"${String(label)}" has no option "${option}": ${f.options.join(', ')}`);
  const from = f.selected === undefined ? -1 : f.options.indexOf(f.selected);
  for (let i = from; i !== to; i += Math.sign(to - from))
    await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  await expect.poll(async () => (await focused(page))?.selected).toBe(option);
}

async function screen(page: Page, screens: Screens, shotName: string, heading: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await expectFocused(page, heading, 'heading'); // focus lands on the new screen's title
  await screens.shot(page, shotName);
  await expectAccessible(page, shotName);
}

/** Goes to a screen through the navigation, by keyboard: Shift+Tab back from the screen to its button, Enter. */
async function navigate(page: Page, label: string): Promise<void> {
  await press(page, label, { back: true });
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
  await tabTo(page, 'Create a shared wallet', { role: 'button' });
  await press(page, 'Import my child key');
  await screen(page, screens, 'import', 'Import my child key');

  // 2–5. Every other screen through the navigation.
  for (const [label, name] of [
    ['Create a shared wallet', 'create'],
    ['Joint signing', 'joint-signing'],
    ['Health check', 'health-check'],
  ] as const) {
    await navigate(page, label);
    await screen(page, screens, name, label);
  }

  // 6. Wallets saved meanwhile (and one damaged record) are listed with their public data.
  addWallets();
  await navigate(page, 'Wallets');
  await page.getByRole('heading', { level: 2, name: 'Family savings' }).waitFor();
  await screen(page, screens, 'wallets-list', 'Wallets');
  const card = page.getByRole('article', { name: 'Family savings' });
  await expect.poll(() => card.textContent()).toMatch(/Any 2 of 3 owners sign together/);
  expect(await card.getByRole('list', { name: 'Owners' }).getByRole('listitem').allTextContents()).toEqual([
    '1Alice',
    '2Bob',
    '3Carol',
  ]);
  expect(await card.getByText(/^0x[0-9a-fA-F]{40}$/).count()).toBe(1);
  expect(await card.getByText(/^bc1q/).count()).toBe(1);
  expect(await page.getByRole('article', { name: 'Partnership' }).textContent()).toMatch(/All 3 owners sign together/);
  expect(await page.getByRole('alert').textContent()).toMatch(
    /A wallet record could not be read: .*\.wallet\.json.*Restore it from a backup/,
  );
}
