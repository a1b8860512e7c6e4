/**
 * The layering of the source tree (docs/development.md, "Layout"): ESLint's rules refuse an import
 * against it — a lower folder of main/core importing a higher one, main/core importing outside
 * itself, main/ipc reaching into a domain, any module but main/ipc/register.ts importing ipcMain —
 * and no two folders of main/ import each other, even through others.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function lintAs(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint refuses an import against the layering', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'math importing wallet',
      'main/core/math/x.ts',
      "import { KINDS } from '../wallet/kinds/index.js';",
      /math may not import from wallet/,
    ],
    [
      'sharing importing formats',
      'main/core/sharing/x.ts',
      "import { SCHEMES } from '../formats/child-key.js';",
      /sharing may not import from formats/,
    ],
    [
      'formats importing wallet',
      'main/core/formats/x.ts',
      "import { restore } from '../wallet/restore.js';",
      /formats may not import from wallet/,
    ],
    [
      'chains importing formats',
      'main/core/chains/x.ts',
      "import { SCHEMES } from '../formats/child-key.js';",
      /chains may not import from formats/,
    ],
    [
      'core importing files',
      'main/core/wallet/x.ts',
      "import { writeNewFile } from '../../files/atomic.js';",
      /may not import from files/,
    ],
    ['core importing node:', 'main/core/wallet/x.ts', "import { readFileSync } from 'node:fs';", /no node: imports/],
    [
      'ipc reaching into a domain',
      'main/ipc/x.ts',
      "import { Ceremonies } from '../ceremony/ceremonies.js';",
      /main\/ipc may not import from ceremony/,
    ],
    [
      'ipcMain outside register.ts',
      'main/signing/x.ts',
      "import { ipcMain } from 'electron';",
      /Only main\/ipc\/register\.ts imports ipcMain/,
    ],
  ];
  it.each(cases)('%s', async (_name, path, code, message) => {
    const messages = await lintAs(path, `${code}\nexport const used = 1;\n`);
    expect(messages.join('\n')).toMatch(message);
  });

  it('and accepts the same imports where the layering allows them', async () => {
    expect(
      await lintAs(
        'main/core/wallet/x.ts',
        "import { SCHEMES } from '../formats/child-key.js';\nexport const s = SCHEMES;\n",
      ),
    ).toEqual([]);
    expect(
      await lintAs('main/ipc/register.ts', "import { ipcMain } from 'electron';\nexport const m = ipcMain;\n"),
    ).toEqual([]);
  });
});

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The folder a module of main/ belongs to, for the cycle check: main/core's subfolders count as folders of their own. */
function folderOf(file: string): string {
  const rel = relative(join(ROOT, 'main'), file).split('/');
  if (rel.length === 1) return '.';
  return rel[0] === 'core' && rel.length > 2 ? `core/${rel[1]}` : (rel[0] as string);
}

describe('the folders of main/', () => {
  it('import each other without a cycle', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of sources(join(ROOT, 'main'))) {
      const from = folderOf(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
        const to = folderOf(resolve(dirname(file), (m[1] ?? m[2]) as string));
        if (to !== from && from !== '.') (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
      }
    }
    const cycle = (start: string): string[] | undefined => {
      const walk = (node: string, path: string[]): string[] | undefined => {
        for (const next of edges.get(node) ?? []) {
          if (next === start) return [...path, next];
          if (!path.includes(next)) {
            const found = walk(next, [...path, next]);
            if (found) return found;
          }
        }
        return undefined;
      };
      return walk(start, [start]);
    };
    const cycles = [...edges.keys()].flatMap((f) => {
      const c = cycle(f);
      return c ? [c.join(' → ')] : [];
    });
    expect(cycles).toEqual([]);
    expect(edges.size).toBeGreaterThan(8);
  });
});
