/**
 * The page that shows one holder their child key's words: a self-contained HTML document, built in
 * main and shown in a window of its own (JavaScript disabled, sandboxed, no preload), so the words
 * never reach the app's renderer. Everything in it is escaped; its Content-Security-Policy allows
 * no script, no network, no images, only its own inline styles. The text form is shown in numbered
 * groups of five, as on the paper backup, in large type.
 */
import { paperGroups } from '../files/paper-backup.js';

/** The page's Content-Security-Policy: nothing runs, nothing loads. */
export const WORDS_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

export interface WordsPageInput {
  walletLabel: string;
  holder: string;
  index: number;
  parties: number;
  threshold: number;
  /** The child key's one-line text form or SLIP-39 words (secret: it goes into this page and nowhere else). */
  textForm: string;
  /** How the words are laid out: groups of characters (the default), or numbered words. */
  layout?: 'groups' | 'words';
}

/** The page's title: whose words these are. */
export function wordsPageTitle(i: Pick<WordsPageInput, 'walletLabel' | 'holder'>): string {
  return `${i.holder}’s child key — ${i.walletLabel || 'shared wallet'}`;
}

/** Builds the words page. Pure: returns the HTML document as a string. */
export function wordsPageHtml(input: WordsPageInput): string {
  const groups = input.layout === 'words' ? input.textForm.split(' ') : paperGroups(input.textForm);
  const what = input.layout === 'words' ? `${groups.length} words (standard SLIP-39 words)` : `${groups.length} groups`;
  const cells = groups
    .map((g, i) => `<li><span class="n">${i + 1}</span><span class="g">${escapeHtml(g)}</span></li>`)
    .join('');
  const rule =
    input.threshold === input.parties
      ? `all ${input.parties} child keys are needed`
      : `any ${input.threshold} of the ${input.parties} child keys are needed`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(WORDS_PAGE_CSP)}">
<title>${escapeHtml(wordsPageTitle(input))}</title>
<style>
  body { margin: 0; font-family: system-ui, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif; background: #f5f7fa; color: #14212e; }
  main { max-width: 60rem; margin: 0 auto; padding: 2rem 2.5rem; }
  h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
  .lead { color: #4a5a6a; margin: 0 0 1.5rem; font-size: 1.05rem; }
  ol { list-style: none; display: grid; grid-template-columns: repeat(6, 1fr); gap: .6rem .8rem; padding: 1.25rem; margin: 0 0 1.5rem;
       background: #fff; border: 1px solid #d5dde6; border-radius: 10px; }
  li { display: flex; align-items: baseline; gap: .4rem; }
  .n { color: #4a5a6a; font-size: .8rem; min-width: 1.4rem; text-align: right; }
  .g { font-family: 'DejaVu Sans Mono', ui-monospace, Menlo, Consolas, monospace; font-size: 1.55rem; font-weight: 600; letter-spacing: .04em; }
  ol.words { grid-template-columns: repeat(4, 1fr); }
  ol.words .g { font-size: 1.35rem; letter-spacing: 0; }
  .note { border-left: 5px solid #8a5300; background: #fff4e0; padding: .8rem 1rem; border-radius: 6px; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(input.holder)}, these are your child key’s words</h1>
<p class="lead">Child key ${input.index} of ${input.parties} of ${escapeHtml(input.walletLabel || 'the shared wallet')} — ${rule} to use the wallet. Copy the ${what} by hand, in order, and keep the copy where only you can reach it.</p>
<ol aria-label="Child key words"${input.layout === 'words' ? ' class="words"' : ''}>${cells}</ol>
<p class="note">Nobody else should see this window. Close it when you have copied the words; then type them back in JointKey to confirm you have them.</p>
</main>
</body>
</html>
`;
}
