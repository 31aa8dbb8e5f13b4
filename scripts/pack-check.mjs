// Packs the package as npm would publish it, installs the tarball into a scratch project and
// proves that both `require` and `import` load it and expose the same public names.
// Run by .ci/run after the tests: it checks the published shape, not the behaviour.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const expected = JSON.parse(readFileSync('scripts/public-names.json', 'utf8'));
const npm = (args, cwd) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

const scratch = mkdtempSync(join(tmpdir(), 'pooled-map-pack-'));
try {
  const [{ filename }] = JSON.parse(npm(['pack', '--json', '--pack-destination', scratch], process.cwd()));
  const tarball = resolve(scratch, filename);
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'pack-check', private: true }));
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, 'rxjs@7'], scratch);

  const probe = (kind) =>
    execFileSync(
      process.execPath,
      [
        '--input-type=' + kind,
        '-e',
        kind === 'module'
          ? "const m = await import('rxjs-pooled-map'); console.log(JSON.stringify(Object.keys(m).filter(k => k !== 'default').sort()))"
          : "console.log(JSON.stringify(Object.keys(require('rxjs-pooled-map')).sort()))",
      ],
      { cwd: scratch, encoding: 'utf8' },
    );
  const viaImport = JSON.parse(probe('module'));
  const viaRequire = JSON.parse(probe('commonjs'));
  const missing = expected.filter((name) => !viaImport.includes(name) || !viaRequire.includes(name));
  if (missing.length > 0 || viaImport.join() !== viaRequire.join()) {
    console.error('import exposes:  ', viaImport.join(', '));
    console.error('require exposes: ', viaRequire.join(', '));
    throw new Error(
      `packed tarball is missing public names: ${missing.join(', ') || '(import and require differ)'}`,
    );
  }
  console.log(
    `pack-check: ${filename} loads through import and require, ${viaImport.length} public names each`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
