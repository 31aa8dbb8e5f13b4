// `pooled-map --redis`: real CLI processes sharing one quota through a real redis-server, against
// one simulated API. What is checked is what a user relies on: every row once and in order, few
// refusals at the server for the whole fleet, and the words on stderr.
import { expect } from 'chai';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { expectEveryRowOnce, linesMatching, startFleet, type Fleet } from './fleet.js';
import { requestsSeen, startCli } from './helpers.js';

describe('pooled-map CLI with --redis', function () {
  // Node processes compiling TypeScript through tsx: a generous limit, not an assertion on speed.
  this.timeout(30_000);
  let fleet: Fleet | undefined;
  afterEach(async () => {
    await fleet?.close();
    fleet = undefined;
  });

  it('should let 3 processes share one limit: every row once and in order, ≤ 10% refused at the server', async () => {
    // 1200 rows at 150/s: some 8 s; alone, each pool of 16 would push 3 × its share and meet 429s.
    fleet = await startFleet(150, 400);
    const workers = [0, 1, 2].map((i) => fleet!.worker(i));
    const exits = await Promise.all(workers.map((w) => w.exited));
    exits.forEach((exit, i) => expect(exit.code, workers[i]!.stderr()).to.equal(0));
    for (const i of [0, 1, 2]) expectEveryRowOnce(fleet.output(i), 400);
    const stats = fleet.api.stats();
    expect(stats.accepted, 'each row accepted once at the server').to.equal(1200);
    const refused = stats.rejected429 / requestsSeen(stats);
    expect(refused, `${stats.rejected429} refused of ${requestsSeen(stats)}`).to.be.at.most(0.1);
    for (const worker of workers) {
      expect(worker.stderr()).to.match(
        /pooled-map: gate pooled-map:http:\/\/127\.0\.0\.1:\d+ shared by 3 workers/,
      );
      expect(worker.stderr()).not.to.match(/unreachable|warning/);
    }
  });

  it('should go on alone when Redis is unreachable at the start, saying so once', async () => {
    fleet = await startFleet(1000, 40);
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as { port: number };
    closed.close(); // nothing listens there now
    const cli = startCli(['--url', fleet.api.url, '-i', fleet.input, '-o', fleet.output(0), '--redis', `redis://127.0.0.1:${port}`]); // prettier-ignore
    expect((await cli.exited).code, cli.stderr()).to.equal(0);
    expectEveryRowOnce(fleet.output(0), 40);
    const warnings = linesMatching(cli.stderr(), /warning: redis unreachable/);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(
      /^pooled-map: warning: redis unreachable: pacing alone \(.+\); joins gate pooled-map:http:\/\/127\.0\.0\.1:\d+ when it answers$/,
    );
    expect(cli.stderr()).to.match(
      /gate pooled-map:.*: redis unreachable: pacing alone at the end, never joined/,
    );
  });

  it('should exit 2 and send nothing when the gate runs other delay settings', async () => {
    fleet = await startFleet(1000, 20);
    const first = fleet.worker(0, ['--gate', 'scoring', '--min-delay-ms', '5']);
    expect((await first.exited).code, first.stderr()).to.equal(0);
    const seen = requestsSeen(fleet.api.stats());
    const second = fleet.worker(1, ['--gate', 'scoring', '--min-delay-ms', '7']);
    expect((await second.exited).code).to.equal(2);
    expect(second.stderr()).to.include('pooled-map: nothing was sent (1 problem):');
    expect(second.stderr()).to.include(
      'shared gate "scoring" runs with min=5;max=5000;x=2;step=50, this pool with min=7;max=5000;x=2;step=50: ' +
        'give every worker the same delay settings, or another gate name',
    );
    expect(requestsSeen(fleet.api.stats())).to.equal(seen);
  });
});
