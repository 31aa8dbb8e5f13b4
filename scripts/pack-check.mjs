// Packs the package as npm would publish it, installs the tarball into a scratch project and
// proves that every entry point loads through both `require` and `import` with the same public
// names; that the types resolve everywhere (attw) and the manifest is sound (publint --strict);
// that the source maps carry their sources; and that a browser bundle of `pooledMap` stays within
// its budget. Run by .ci/run after the tests: it checks the published shape, not the behaviour.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** `{ ".": [names…], "./node": [names…] }`: the names each entry point must expose. */
const expected = JSON.parse(readFileSync('scripts/public-names.json', 'utf8'));
const npm = (args, cwd) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
/** Runs a devDependency's binary from this checkout, its output shown. */
const tool = (name, args, cwd = process.cwd()) =>
  execFileSync(resolve('node_modules/.bin', name), args, { cwd, stdio: 'inherit' });

/**
 * Budget of `export { pooledMap } from 'rxjs-pooled-map'` bundled for the browser, minified, rxjs
 * left out (a peer), plus 10 %: 60,003 bytes measured once the dispatcher and the shared gate's
 * client were split into small classes (+3.9 kB: a minifier keeps class and member names) and
 * the throttle kept the last second's pace (+1.4 kB); 54,006 before, with the shared gate's
 * client (SharedPace, 4.5 kB, on the dispatcher's path) and the concurrency cap; 45,297 without
 * them, once fp-ts was no longer imported at runtime (71,418 before, fp-ts's CommonJS build inside).
 */
const bundleBudgetBytes = 66_000;

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
  const [{ filename, files }] = JSON.parse(
    npm(['pack', '--json', '--pack-destination', scratch], process.cwd()),
  );
  const shipped = files.map((file) => file.path);
  const declarationMaps = shipped.filter((path) => path.endsWith('.d.ts.map'));
  if (declarationMaps.length > 0) {
    throw new Error(`declaration maps point at lib/, which is not shipped: ${declarationMaps.join(', ')}`);
  }
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

  const installed = join(scratch, 'node_modules', 'rxjs-pooled-map');
  const maps = shipped.filter((path) => path.endsWith('.js.map'));
  const sourceless = maps.filter((path) => {
    const map = JSON.parse(readFileSync(join(installed, path), 'utf8'));
    return map.sourcesContent?.length !== map.sources.length || map.sourcesContent.some((c) => c == null);
  });
  if (sourceless.length > 0) throw new Error(`source maps without their sources: ${sourceless.join(', ')}`);
  console.log(`pack-check: ${maps.length} source maps, each carrying its sources`);

  tool('attw', [resolve(scratch, filename)]);
  tool('publint', ['--strict']);

  const bundled = join(scratch, 'bundle.js');
  writeFileSync(join(scratch, 'entry.mjs'), "export { pooledMap } from 'rxjs-pooled-map';\n");
  const esbuildFlags = ['--bundle', '--minify', '--platform=browser', '--format=esm', '--external:rxjs'];
  tool('esbuild', ['entry.mjs', ...esbuildFlags, `--outfile=${bundled}`, '--log-level=warning'], scratch);
  const bytes = statSync(bundled).size;
  const figure = `${bytes.toLocaleString('en')} bytes (budget ${bundleBudgetBytes.toLocaleString('en')})`;
  if (bytes > bundleBudgetBytes) throw new Error(`the browser bundle of pooledMap is ${figure}`);
  console.log(`pack-check: pooledMap bundled for the browser, minified, rxjs external: ${figure}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
