// `npm run bench -- profile`: where pooledMap's time per row goes. Runs the overhead measurement
// of the chosen contenders under V8's sampling profiler (the one behind `node --cpu-prof`, for
// the timed runs only) and prints self time by function and by file (the package's own files,
// rxjs, Node internals, GC), so an optimisation starts from evidence.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fixed, RESULTS_DIR, runChild, table } from './common.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const CONTENDERS = (process.env.BENCH_PROFILE ?? 'pooledMap/of,pooledMap/promise').split(',');
const TOP = 15;

export async function profile(): Promise<void> {
  for (const contender of CONTENDERS) {
    const [name = 'pooledMap', variant = 'of'] = contender.split('/');
    const dir = join(RESULTS_DIR, 'profiles');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}-${variant}.cpuprofile`);
    process.env.BENCH_CPU_PROFILE = file; // inherited by the child, which profiles its timed runs
    await runChild('overheadChild.ts', [name, variant, '200000', '2', '3']);
    delete process.env.BENCH_CPU_PROFILE;
    console.log(`\n## Profile of ${name} (${variant}): ${file}\n`);
    console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile));
  }
}

/** Self time per function and per source file, as shares of the whole profile. */
function summarise(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return;
    total += us;
    const file = where(frame.url, frame.functionName);
    const fn = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  });
  const top = (map: Map<string, number>): string[][] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([key, us]) => [key, fixed((100 * us) / total, 1) + ' %', fixed(us / 1000) + ' ms']);
  return [
    table(['function (self time)', 'share', 'time'], top(byFunction)),
    '',
    table(['file (self time)', 'share', 'time'], top(byFile)),
  ].join('\n');
}

/** A short label for a frame's source: package file, library, or what V8 calls it. */
function where(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const inPackage = /results\/package-\d+\/(.*)$/.exec(url);
  if (inPackage) return `pkg/${inPackage[1]}`;
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:.*\/)?([^/]+)$/.exec(url);
  if (inModules) return `${inModules[1]}/${inModules[2]}`;
  return url.startsWith('node:') ? url : basename(url);
}
