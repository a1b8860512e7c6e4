#!/usr/bin/env node
// The `jointkey` command: runs the command line built from main/cli (npm run build).
import { existsSync } from 'node:fs';

const built = new URL('../out/main/jointkey.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write(
    `${JSON.stringify({ error: { code: 'NOT_BUILT', message: 'JointKey is not built yet. Run "npm run build" in its folder, then try again.' } })}\n`,
  );
  process.exit(2);
}
await import(built.href);
