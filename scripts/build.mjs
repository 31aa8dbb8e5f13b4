// Builds dist/cjs (CommonJS) and dist/esm (ES modules) from lib/ with the TypeScript compiler.
// Each output folder gets a package.json that tells Node which module system its .js files use,
// so one set of sources serves both `require` and `import` without a bundler.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

const tsc = (...args) =>
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', ...args], { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
const builds = [
  {
    dir: 'dist/cjs',
    type: 'commonjs',
    flags: ['--module', 'commonjs', '--moduleResolution', 'node10', '--ignoreDeprecations', '6.0'],
  },
  { dir: 'dist/esm', type: 'module', flags: ['--module', 'es2022', '--moduleResolution', 'bundler'] },
];
for (const { dir, type, flags } of builds) {
  tsc('-p', 'tsconfig.build.json', '--outDir', dir, ...flags);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/package.json`, JSON.stringify({ type }) + '\n');
}
