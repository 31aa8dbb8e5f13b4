// `npm run bench [-- overhead|goodput|memory|limiters|profile ...]`: builds the package (the npm
// script does), snapshots dist/cjs, then runs the named benchmarks in order (overhead, goodput and
// memory by default; limiters, its own 15 minutes, when named).
import { describeMachine, machine, snapshotPackage, updateReadme } from './common.js';
import { goodput } from './goodput.js';
import { limiters } from './limiters.js';
import { memory } from './memory.js';
import { overhead } from './overhead.js';
import { profile } from './profile.js';
import { shared } from './shared.js';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  overhead,
  goodput,
  memory,
  profile,
  limiters,
  shared,
};
const DEFAULT = ['overhead', 'goodput', 'memory'];

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`,
    );
    process.exit(2);
  }
  snapshotPackage();
  console.log(`machine: ${describeMachine()}`);
  const { cpu, cores, node } = machine();
  updateReadme('machine', `${cpu}, \`nproc\` ${cores}, Node ${node}.`);
  for (const name of names.length > 0 ? names : DEFAULT) await (BENCHMARKS[name] as () => Promise<void>)();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
