// Packs the package as npm would publish it, installs the tarball into a scratch project and
// proves that every entry point loads through both `require` and `import` with the same public
// names. Run by .ci/run after the tests: it checks the published shape, not the behaviour.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** `{ ".": [names…], "./node": [names…] }`: the names each entry point must expose. */
const expected = JSON.parse(readFileSync('scripts/public-names.json', 'utf8'));
const npm = (args, cwd) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/** The sorted export names of `specifier`, loaded the given way in the scratch project. */
function exportsOf(scratch, specifier, kind) {
  const script =
    kind === 'module'
      ? `const m = await import('${specifier}'); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort()))`
      : `console.log(JSON.stringify(Object.keys(require('${specifier}')).sort()))`;
  const output = execFileSync(process.execPath, [`--input-type=${kind}`, '-e', script], {
    cwd: scratch,
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

const scratch = mkdtempSync(join(tmpdir(), 'pooled-map-pack-'));
try {
  const [{ filename }] = JSON.parse(npm(['pack', '--json', '--pack-destination', scratch], process.cwd()));
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'pack-check', private: true }));
  npm(
    ['install', '--prefer-offline', '--no-audit', '--no-fund', resolve(scratch, filename), 'rxjs@7'],
    scratch,
  );

  for (const [entry, names] of Object.entries(expected)) {
    const specifier = entry === '.' ? 'rxjs-pooled-map' : `rxjs-pooled-map/${entry.slice(2)}`;
    const viaImport = exportsOf(scratch, specifier, 'module');
    const viaRequire = exportsOf(scratch, specifier, 'commonjs');
    const missing = names.filter((name) => !viaImport.includes(name) || !viaRequire.includes(name));
    if (missing.length > 0 || viaImport.join() !== viaRequire.join()) {
      console.error('import exposes: ', viaImport.join(', '));
      console.error('require exposes:', viaRequire.join(', '));
      throw new Error(
        `${specifier} is missing public names: ${missing.join(', ') || '(import and require differ)'}`,
      );
    }
    console.log(
      `pack-check: ${specifier} loads through import and require, ${viaImport.length} public names each`,
    );
  }
  const bins = JSON.parse(readFileSync('package.json', 'utf8')).bin;
  for (const bin of Object.keys(bins)) {
    execFileSync(join(scratch, 'node_modules', '.bin', bin), ['--help'], { stdio: 'ignore' });
    console.log(`pack-check: ${bin} --help runs from the installed package`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
