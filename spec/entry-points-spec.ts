import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as main from '../lib/index.js';
import * as nodeEntry from '../lib/node.js';
import * as redisEntry from '../lib/redis.js';
import publicNames from '../scripts/public-names.json';

const lib = resolve(__dirname, '../lib');

/** Every module reachable from `entry` through relative imports, with the bare imports it makes. */
function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'([^']+)'/gm)].map(
      (m) => m[1] as string,
    );
    seen.set(
      file,
      specifiers.filter((s) => !s.startsWith('.')),
    );
    for (const s of specifiers.filter((s) => s.startsWith('.')))
      visit(join(dirname(file), s.replace(/\.js$/, '.ts')));
  };
  visit(entry);
  return seen;
}

describe('entry points', () => {
  it('should keep the main entry free of node: imports so browser bundles can use it', () => {
    const offenders = [...reachable(join(lib, 'index.ts'))]
      .filter(([, bare]) => bare.some((s) => s.startsWith('node:')))
      .map(([file]) => file.slice(lib.length + 1));
    expect(offenders).to.deep.equal([]);
  });

  it('should find the node: imports of the Node entry (the scan above can fail)', () => {
    const bare = [...reachable(join(lib, 'node.ts')).values()].flat();
    expect(bare).to.include('node:http');
  });

  // scripts/pack-check.mjs proves the packed tarball exposes these names; this keeps the list
  // itself complete, so a runtime export the sources gain is guarded too.
  it('should list every runtime export of each entry point in scripts/public-names.json', () => {
    const names = (entry: object): string[] =>
      Object.keys(entry)
        .filter((k) => k !== 'default')
        .sort();
    expect(names(main)).to.deep.equal([...publicNames['.']].sort());
    expect(names(nodeEntry)).to.deep.equal([...publicNames['./node']].sort());
    expect(names(redisEntry)).to.deep.equal([...publicNames['./redis']].sort());
  });

  it('should import only declared dependencies from the main entry', () => {
    const bare = new Set([...reachable(join(lib, 'index.ts')).values()].flat());
    const packages = [...bare].map((s) => s.split('/')[0]);
    expect([...new Set(packages)].sort()).to.deep.equal(['fp-ts', 'io-ts', 'rxjs']);
  });

  // redis and ioredis are optional peers: the entry must load without them, taking the client the
  // application passes in.
  it('should import neither redis nor ioredis from the Redis entry', () => {
    const bare = new Set([...reachable(join(lib, 'redis.ts')).values()].flat());
    expect([...bare].sort()).to.deep.equal(['node:crypto']);
  });

  // A runtime import of fp-ts put its CommonJS build in browser bundles beside the ES build io-ts
  // brings; the library makes its Either values itself (lib/internal/either.ts).
  it('should import fp-ts only as types', () => {
    const files = [...reachable(join(lib, 'index.ts')).keys(), ...reachable(join(lib, 'node.ts')).keys()];
    const runtime = files.filter((file) =>
      /^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+'fp-ts/m.test(readFileSync(file, 'utf8')),
    );
    expect(runtime.map((file) => file.slice(lib.length + 1))).to.deep.equal([]);
  });
});
