// `pooled-map --redis` when things break mid-run: Redis stalled (SIGSTOP), Redis restarted empty,
// a worker killed. Whatever happens, every row ends exactly once; the outage is said once.
import { expect } from 'chai';
import { lineCount, readRecords, until } from './helpers.js';
import { expectEveryRowOnce, linesMatching, startFleet, type Fleet } from './fleet.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('pooled-map CLI with --redis, faults', function () {
  this.timeout(30_000);
  let fleet: Fleet | undefined;
  afterEach(async () => {
    await fleet?.close(); // a paused redis-server is killed too (SIGKILL)
    fleet = undefined;
  });

  it('should go on alone while Redis is stalled for 3 s, say so once, and rejoin', async () => {
    // 800 rows at 200/s: at least 4 s, so rows are left when Redis comes back, however fast the machine.
    fleet = await startFleet(200, 400);
    const workers = [0, 1].map((i) => fleet!.worker(i));
    // Both under way, so each has heard of the other before Redis stalls.
    const going = (i: number) => lineCount(fleet!.output(i)) >= 50 || workers[i]!.child.exitCode !== null;
    await until(() => going(0) && going(1));
    fleet.redis.pause();
    await sleep(3000);
    fleet.redis.resume();
    const exits = await Promise.all(workers.map((w) => w.exited));
    for (const [i, worker] of workers.entries()) {
      expect(exits[i]!.code, worker.stderr()).to.equal(0);
      expectEveryRowOnce(fleet.output(i), 400);
      const stderr = worker.stderr();
      const warned = linesMatching(stderr, /warning: redis unreachable/);
      expect(warned, stderr).to.have.length(1);
      expect(warned[0]).to.match(
        /redis unreachable: pacing alone at 1\/2 of the last shared pace; trying again every second \(no answer within 1000 ms\)$/,
      );
      expect(
        linesMatching(stderr, /redis answers again: gate pooled-map:\S+ shared by 2 workers/),
      ).to.have.length(1);
    }
    expect(fleet.api.stats().accepted).to.equal(800);
  });

  it('should finish every row when Redis restarts empty mid-run, saying the gate was made anew', async () => {
    fleet = await startFleet(200, 400);
    const workers = [0, 1].map((i) => fleet!.worker(i));
    await until(() => lineCount(fleet!.output(0)) >= 50 || workers[0]!.child.exitCode !== null);
    await fleet.redis.restart();
    const exits = await Promise.all(workers.map((w) => w.exited));
    for (const [i, worker] of workers.entries()) {
      expect(exits[i]!.code, worker.stderr()).to.equal(0);
      expectEveryRowOnce(fleet.output(i), 400);
      const stderr = worker.stderr();
      expect(linesMatching(stderr, /warning: redis unreachable/), stderr).to.have.length(1);
      expect(
        linesMatching(stderr, /warning: redis had lost gate pooled-map:\S+ \(restarted empty\?\)/),
      ).to.have.length(1);
      expect(linesMatching(stderr, /redis answers again/)).to.have.length(1);
    }
    expect(fleet.api.stats().accepted).to.equal(800);
  });

  it('should let the others finish when a worker is killed, and the killed one resume exactly once', async () => {
    fleet = await startFleet(200, 250);
    const workers = [0, 1, 2].map((i) => fleet!.worker(i));
    const victim = workers[2]!;
    await until(() => lineCount(fleet!.output(2)) >= 40 || victim.child.exitCode !== null);
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).to.equal('SIGKILL');
    const before = lineCount(fleet.output(2));
    expect(before).to.be.within(40, 249);
    for (const i of [0, 1]) {
      expect((await workers[i]!.exited).code, workers[i]!.stderr()).to.equal(0);
      expectEveryRowOnce(fleet.output(i), 250);
    }
    const resumed = fleet.worker(2, ['--resume']);
    expect((await resumed.exited).code, resumed.stderr()).to.equal(0);
    expectEveryRowOnce(fleet.output(2), 250);
    expect(resumed.stderr()).to.match(new RegExp(`resumed after ${before} rows`));
  });

  it('should send nothing while Redis is out of reach with --when-redis-down pause, then go on', async () => {
    fleet = await startFleet(1000, 40);
    fleet.redis.pause(); // stalled from the start: the run cannot join
    const cli = fleet.worker(0, ['--when-redis-down', 'pause']);
    await until(() => /warning: redis unreachable/.test(cli.stderr()) || cli.child.exitCode !== null);
    await sleep(1500);
    expect(fleet.api.stats().accepted, 'nothing sent while paused').to.equal(0);
    fleet.redis.resume();
    expect((await cli.exited).code, cli.stderr()).to.equal(0);
    expectEveryRowOnce(fleet.output(0), 40);
    const stderr = cli.stderr();
    expect(
      linesMatching(
        stderr,
        /warning: redis unreachable: paused until it answers \(--when-redis-down pause\)/,
      ),
    ).to.have.length(1);
    expect(
      linesMatching(stderr, /redis answers again: gate pooled-map:\S+ shared by 1 worker/),
    ).to.have.length(1);
  });

  it('should give rows up after a whole row budget of outage with --when-redis-down pause', async () => {
    fleet = await startFleet(1000, 10);
    fleet.redis.pause();
    const cli = fleet.worker(0, ['--when-redis-down', 'pause', '--max-retry-seconds', '2']);
    expect((await cli.exited).code, cli.stderr()).to.equal(1);
    const written = readRecords(fleet.output(0));
    expect(written.map((record) => record.index)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const record of written) expect(record).to.deep.include({ ok: false, attempts: 0 });
    for (const record of written) expect(record.failure).to.include({ reason: 'retry_timeout' });
    expect(fleet.api.stats().accepted).to.equal(0);
  });
});
