/** The app's screens, in the order the navigation lists them. */
export const SCREENS = [
  { id: 'wallets', title: 'Wallets', blurb: 'The shared wallets on this computer.' },
  {
    id: 'create',
    title: 'Create a shared wallet',
    blurb: 'Split a new or existing key into one child key per owner.',
  },
  { id: 'import', title: 'Import my child key', blurb: 'Keep your child key on this computer.' },
  { id: 'sign', title: 'Joint signing', blurb: 'Bring child keys together to sign a transfer or a message.' },
  {
    id: 'answer',
    title: 'Answer a signing request',
    blurb: 'Answer a FROST wallet’s signing request with your own child key, on your own computer.',
  },
  {
    id: 'health',
    title: 'Health check',
    blurb: 'Check that the child keys still restore the wallet. Nothing is signed.',
  },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

export function screenById(id: ScreenId): (typeof SCREENS)[number] {
  const s = SCREENS.find((x) => x.id === id);
  if (!s) throw new RangeError(`no screen ${id}`);
  return s;
}
