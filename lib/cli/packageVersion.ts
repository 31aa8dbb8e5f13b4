// The package's own version, for --version. The CLI is compiled twice (CommonJS and ES module),
// so neither __dirname nor import.meta serves both: the package.json named rxjs-pooled-map is
// found by walking up from the running script (the installed bin, or lib/cli/main.ts under tsx).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function packageVersion(script: string | undefined = process.argv[1]): string {
  let dir = script === undefined ? process.cwd() : dirname(realpathSync(script));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'rxjs-pooled-map' && typeof manifest.version === 'string')
        return manifest.version;
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
