// What a --redis run says about its shared gate: on the progress line (how many workers share it,
// or how the run paces while Redis is out of reach), once per change of standing, and in the summary.
import { expect } from 'chai';
import { Subject } from 'rxjs';
import { describeGate } from '../../lib/cli/describeTrouble.js';
import { formatSummary } from '../../lib/cli/formatSummary.js';
import { startProgress } from '../../lib/cli/progress.js';
import type { PipelineProgress, PipelineSummary } from '../../lib/cli/runPipeline.js';
import { watchSharedGate } from '../../lib/cli/watchSharedGate.js';
import { Pool } from '../../lib/Pool.js';
import type { SharedGate } from '../../lib/shared/SharedGate.js';
import type { SharedGateEvent, SharedGateStats } from '../../lib/shared/SharedGateStats.js';

const gate = 'pooled-map:http://127.0.0.1:8080';
const shared: SharedGateStats = {
  gate,
  worker: 'host:42',
  mode: 'shared',
  workers: 3,
  epoch: 2,
  delayMs: 12.4,
  spacingMs: 10.2,
};
const progress: PipelineProgress = {
  done: 5,
  failed: 0,
  inFlight: 2,
  delayMs: 12,
  limitPerSecond: 80,
  limitSource: 'aimd',
  rejections: 1,
  failedAttempts: {},
  lastError: undefined,
  stalledMs: 0,
  pause: undefined,
  shared,
};
const summary = (stats: SharedGateStats | undefined, peakWorkers: number): PipelineSummary => ({
  rows: 10,
  succeeded: 10,
  failedByReason: {},
  blankLines: 0,
  stats: { ...new Pool().stats(), shared: stats },
  elapsedMs: 1000,
  aborted: false,
  gaveUp: undefined,
  failedAttempts: {},
  lastError: undefined,
  peakWorkers,
});

describe('pooled-map CLI', () => {
  describe('shared gate words', () => {
    it('should say how many workers share the gate, or how the run paces without Redis', () => {
      expect(describeGate(shared)).to.equal(`gate ${gate} shared by 3 workers`);
      expect(describeGate({ ...shared, workers: 1 })).to.equal(`gate ${gate} shared by 1 worker`);
      expect(describeGate({ ...shared, mode: 'joining' })).to.equal(`gate ${gate}: joining`);
      expect(describeGate({ ...shared, mode: 'local' })).to.equal(
        'redis unreachable: pacing alone at 1/3 of the last shared pace',
      );
      // Never joined: there is no shared pace to take a share of.
      expect(describeGate({ ...shared, mode: 'local', workers: 1 })).to.equal(
        'redis unreachable: pacing alone',
      );
      expect(describeGate({ ...shared, mode: 'paused' })).to.equal(
        'redis unreachable: paused until it answers (--when-redis-down pause)',
      );
    });

    it('should end the progress line with the gate, and leave it out of a run that paces alone', () => {
      const lines: string[] = [];
      const reporter = startProgress('lines', undefined, {
        giveUpAfterMs: Infinity,
        write: (t) => lines.push(t),
      });
      // The first line comes after the line interval: make it due.
      const realNow = Date.now;
      Date.now = () => realNow() + 60_000;
      try {
        reporter.update(progress);
        Date.now = () => realNow() + 120_000;
        reporter.update({ ...progress, shared: undefined });
      } finally {
        Date.now = realNow;
      }
      expect(lines).to.have.length(2);
      expect(lines[0]).to.match(new RegExp(`\\| 1 rejections \\| gate ${gate} shared by 3 workers\\n$`));
      expect(lines[1]).to.match(/\| 1 rejections\n$/);
    });

    it('should give the summary the most workers met, and how the run stood at its end', () => {
      const line = (s: PipelineSummary) => formatSummary(s).find((l) => l.includes('gate')) ?? '';
      expect(line(summary({ ...shared, workers: 2 }, 3))).to.equal(
        `pooled-map: gate ${gate} shared by 3 workers (fleet delay 12 ms, spacing 10 ms)`,
      );
      expect(line(summary({ ...shared, mode: 'local' }, 3))).to.equal(
        `pooled-map: gate ${gate}: redis unreachable: pacing alone at 1/3 of the last shared pace at the end, ` +
          'shared by 3 workers at most before',
      );
      expect(line(summary({ ...shared, mode: 'local', workers: 1 }, 0))).to.equal(
        `pooled-map: gate ${gate}: redis unreachable: pacing alone at the end, never joined`,
      );
      expect(line(summary(undefined, 0))).to.equal('');
    });

    it('should say each change of standing once, with what the run does meanwhile', () => {
      const events$ = new Subject<SharedGateEvent>();
      const handle = { events$, connect: () => Promise.resolve(shared), stats: () => shared } as SharedGate;
      const event = (type: SharedGateEvent['type'], error?: unknown): SharedGateEvent => ({
        ...shared,
        type,
        at: 0,
        ...(error === undefined ? {} : { error }),
      });
      const lines: string[] = [];
      const watching = watchSharedGate(handle, 'local', (line) => lines.push(line));
      events$.next(event('joined'));
      events$.next(event('unavailable', new Error('no answer within 1000 ms')));
      events$.next(event('rejoined'));
      events$.next(event('reset'));
      watching.unsubscribe();
      events$.next(event('unavailable', new Error('gone')));
      const paused: string[] = [];
      watchSharedGate(handle, 'pause', (line) => paused.push(line));
      events$.next(event('unavailable', new Error('The client is offline')));
      expect(lines).to.deep.equal([
        'pooled-map: warning: redis unreachable: pacing alone at 1/3 of the last shared pace; ' +
          'trying again every second (no answer within 1000 ms)',
        `pooled-map: redis answers again: gate ${gate} shared by 3 workers`,
        `pooled-map: warning: redis had lost gate ${gate} (restarted empty?): it starts again from this run's delay`,
      ]);
      expect(paused).to.deep.equal([
        'pooled-map: warning: redis unreachable: paused until it answers (--when-redis-down pause); ' +
          'trying again every second (The client is offline)',
      ]);
    });
  });
});
