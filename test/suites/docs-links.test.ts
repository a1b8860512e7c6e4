/**
 * Every relative link in README.md, SECURITY.md and docs/**.md resolves: to a file or folder inside
 * the repository and, where it has a #anchor into a Markdown file, to a heading of that file as
 * GitHub names it (github-slugger's rule: lower case, punctuation removed, spaces to hyphens, -1, -2…
 * for repeats). Links in code spans and fenced code blocks are not links; http(s) and mailto links
 * are not followed (no network).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The repository's root: the nearest folder above this file with a package.json. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('no package.json above the test');
    dir = up;
  }
  return dir;
}

/** The Markdown files checked: README.md, SECURITY.md and every .md under docs/. */
function markdownFiles(root: string): string[] {
  const files = ['README.md', 'SECURITY.md'].map((f) => join(root, f)).filter((f) => existsSync(f));
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  walk(join(root, 'docs'));
  return files;
}

/** The lines of a Markdown text that are not inside fenced code blocks, with code spans blanked out. */
function proseLines(markdown: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) fence = undefined;
      out.push('');
      continue;
    }
    if (f) {
      fence = f[1]!;
      out.push('');
      continue;
    }
    // A code span keeps its length (so a link around it still parses) but loses its text.
    out.push(line.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (m) => '`' + 'x'.repeat(m.length - 2) + '`'));
  }
  return out;
}

/** A heading's text as GitHub renders it: links and images by their text, no code or emphasis marks. */
function headingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\*+/g, '')
    .replace(/(^|[^\p{L}\p{N}])_+|_+(?=[^\p{L}\p{N}]|$)/gu, '$1')
    .trim();
}

/** GitHub's anchor for a heading text (github-slugger): before the -1, -2… of repeated headings. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file: one per ATX heading, repeats numbered as GitHub does, and HTML ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1]!;
      continue;
    }
    const h = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
    if (h) {
      const base = slug(headingText(h[1] ?? ''));
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s[^>]*\b(?:name|id)="([^"]+)"/gi)) anchors.add(m[1]!);
  }
  return anchors;
}

interface Link {
  line: number;
  target: string;
}

/** The link targets of a Markdown text: inline links and images, reference definitions, HTML href/src. */
function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  proseLines(markdown).forEach((text, i) => {
    const add = (target: string): void => {
      links.push({ line: i + 1, target: target.replace(/^<(.*)>$/, '$1') });
    };
    const inline = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
    for (const m of text.matchAll(inline)) add(m[1]!);
    const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(text);
    if (definition) add(definition[1]!);
    for (const m of text.matchAll(/<(?:a|img)\s[^>]*\b(?:href|src)="([^"]+)"/gi)) add(m[1]!);
  });
  return links;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** What is wrong with each relative link of `file` (empty when every one resolves). */
function brokenLinks(root: string, file: string): string[] {
  const problems: string[] = [];
  const name = relative(root, file);
  for (const { line, target } of linksOf(readFileSync(file, 'utf8'))) {
    if (EXTERNAL.test(target)) continue;
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash)).replace(/\?.*$/, '');
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const where = `${name}:${line}: ${target}`;
    const path =
      pathPart === '' ? file : pathPart.startsWith('/') ? join(root, pathPart) : resolve(dirname(file), pathPart);
    if (path !== root && !path.startsWith(root + sep)) {
      problems.push(`${where} — points outside the repository`);
      continue;
    }
    if (!existsSync(path)) {
      problems.push(`${where} — ${relative(root, path)} does not exist`);
      continue;
    }
    if (anchor === undefined || !path.endsWith('.md') || statSync(path).isDirectory()) continue;
    if (!anchorsOf(readFileSync(path, 'utf8')).has(anchor))
      problems.push(`${where} — ${relative(root, path)} has no heading whose anchor is #${anchor}`);
  }
  return problems;
}

const ROOT = repoRoot();
const FILES = markdownFiles(ROOT);

describe('documentation links', () => {
  it('finds README.md, SECURITY.md and the docs', () => {
    const names = FILES.map((f) => relative(ROOT, f));
    expect(names).toContain('README.md');
    expect(names).toContain('SECURITY.md');
    expect(names.some((n) => n.startsWith(`docs${sep}`))).toBe(true);
  });

  it.each(FILES.map((f) => [relative(ROOT, f), f]))('every relative link in %s resolves', (_, file) => {
    expect(brokenLinks(ROOT, file)).toEqual([]);
  });
});

describe('the link check itself', () => {
  it('names anchors as GitHub does', () => {
    expect(slug(headingText('Hand-off: each holder’s encrypted file'))).toBe('hand-off-each-holders-encrypted-file');
    expect(slug(headingText('SLIP-39 recovery words'))).toBe('slip-39-recovery-words');
    expect(slug(headingText('The `jointkey` command and [its docs](x.md)'))).toBe('the-jointkey-command-and-its-docs');
    expect(slug(headingText('GF(2^8) — **fast**'))).toBe('gf28--fast');
    expect(slug(headingText('Ünïcödé 名前'))).toBe('ünïcödé-名前');
    const anchors = anchorsOf('# Title\n## Notes\n```\n## Not a heading\n```\n## Notes\n### Notes #\n');
    expect([...anchors]).toEqual(['title', 'notes', 'notes-1', 'notes-2']);
  });

  it('reports a missing file, a missing anchor and a link out of the repository; ignores code and the web', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jointkey-docs-links-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{}');
      writeFileSync(join(dir, 'other.md'), '# Other\n\n## Part two\n');
      const doc = join(dir, 'README.md');
      writeFileSync(
        doc,
        [
          '# Doc',
          '[fine](other.md#part-two) [self](#doc) ![img](other.md) [web](https://example.org/x.md) [mail](mailto:a@b.c)',
          '[gone](missing.md) [no anchor](other.md#part-three) [out](../outside.md)',
          'In code: `[not a link](nowhere.md)`',
          '```',
          '[not a link either](nowhere.md)',
          '```',
          '[ref]: ./also-missing.md',
        ].join('\n'),
      );
      const problems = brokenLinks(dir, doc);
      expect(problems).toHaveLength(4);
      expect(problems[0]).toMatch(/README\.md:3: missing\.md — missing\.md does not exist/);
      expect(problems[1]).toMatch(
        /README\.md:3: other\.md#part-three — other\.md has no heading whose anchor is #part-three/,
      );
      expect(problems[2]).toMatch(/README\.md:3: \.\.\/outside\.md — points outside the repository/);
      expect(problems[3]).toMatch(/README\.md:8: \.\/also-missing\.md — also-missing\.md does not exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
