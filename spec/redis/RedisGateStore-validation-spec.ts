import { expect } from 'chai';
import { GateReplyError } from '../../lib/redis/GateReplyError.js';
import { RedisGateStore } from '../../lib/redis/RedisGateStore.js';
import type { ScriptRunner } from '../../lib/redis/ScriptRunner.js';
import { syncRequest } from '../helpers/syncRequest.js';

/** A runner that answers every script with `reply` (or fails with it, when it is an Error). */
function answering(reply: unknown, seen: string[] = []): ScriptRunner {
  const run = (name: string) => async () => {
    seen.push(name);
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return { runSha: run('evalSha'), runScript: run('eval') };
}

const good = ['1-w1', '0', '100', '0', '100', '0', '1', '0', '', '0', '100'];

describe('RedisGateStore checks', () => {
  it('should reject bad options naming the option, the constraint and the value', () => {
    const runner = answering(good);
    const cases: [object, RegExp][] = [
      [{ prefix: '' }, /`prefix` must be a non-empty string without \{ or \}, received ""/],
      [{ prefix: 'a{b}' }, /`prefix` must be .*received "a\{b\}"/],
      [{ idleTtlMs: 0 }, /`idleTtlMs` must be an integer number of ms ≥ 1, received 0/],
      [{ idleTtlMs: 1.5 }, /`idleTtlMs` must be .*received 1.5/],
      [{ idleTtlMs: NaN }, /`idleTtlMs` must be .*received NaN/],
      [{ clock: 5 }, /`clock` must be a function returning ms, received 5/],
    ];
    for (const [options, message] of cases)
      expect(() => new RedisGateStore(runner, options), JSON.stringify(options)).to.throw(TypeError, message);
    expect(() => new RedisGateStore({} as ScriptRunner)).to.throw(
      TypeError,
      /expected a node-redis v5 client .* or a ScriptRunner \(with runSha and runScript\), received \{\}/,
    );
  });

  it('should reject a gate name that would break the hash tag', () => {
    const store = new RedisGateStore(answering(good));
    for (const gate of ['', 'a}b', '{a'])
      expect(() => store.keysOf(gate), gate).to.throw(TypeError, /`gate` must be a non-empty string without/);
    expect(store.keysOf('orders')).to.deep.equal(['rpm:{orders}:state', 'rpm:{orders}:leases']);
  });

  it('should reject a bad request before it reaches Redis, naming the field', async () => {
    const seen: string[] = [];
    const store = new RedisGateStore(answering(good, seen));
    const cases: [object, RegExp][] = [
      [{ worker: '' }, /`request.worker` must be a non-empty string, received ""/],
      [{ want: -1 }, /`request.want` must be an integer from 0 to 10000, received -1/],
      [{ want: 1e6 }, /`request.want` must be an integer from 0 to 10000/],
      [{ pauseMs: NaN }, /`request.pauseMs` must be a finite number, received NaN/],
      [{ settings: { ...syncRequest('w').settings, maxDispatchDelayMs: Infinity } }, /maxDispatchDelayMs/],
    ];
    for (const [overrides, message] of cases) {
      const failure = await store.sync('g', syncRequest('w1', overrides)).catch((error: unknown) => error);
      expect(failure, JSON.stringify(overrides))
        .to.be.instanceOf(TypeError)
        .with.property('message')
        .match(message);
    }
    expect(seen).to.deep.equal([]);
  });

  it('should read a well-formed reply', async () => {
    expect(await new RedisGateStore(answering(good)).sync('g', syncRequest('w1'))).to.deep.equal({
      gen: '1-w1',
      epoch: 0,
      delayMs: 100,
      closed: false,
      spacingMs: 100,
      nextMs: 0,
      workers: 1,
      raised: false,
      mismatch: '',
      waitsMs: [0, 100],
    });
  });

  it('should fail on a malformed reply with a GateReplyError saying what was wrong', async () => {
    const cases: [unknown, RegExp][] = [
      ['OK', /expected an array of strings, received string/],
      [good.slice(0, 8), /expected at least 9 entries, received 8/],
      [[...good.slice(0, 1), 3, ...good.slice(2)], /epoch \(entry 1\) is not a string/],
      [['', ...good.slice(1)], /gen \(entry 0\) is empty/],
      [
        [...good.slice(0, 2), 'nan', ...good.slice(3)],
        /delayMs \(entry 2\) must be a finite number ≥ 0, received "nan"/,
      ],
      [[...good.slice(0, 3), 'yes', ...good.slice(4)], /closed \(entry 3\) must be "0" or "1"/],
      [[...good.slice(0, 6), '1.5', ...good.slice(7)], /workers \(entry 6\) must be an integer ≥ 0/],
      [[...good, ''], /a wait \(entry 11\) must be a finite number ≥ 0, received ""/],
    ];
    for (const [reply, message] of cases) {
      const failure = await new RedisGateStore(answering(reply))
        .sync('g', syncRequest('w1'))
        .catch((e: unknown) => e);
      expect(failure, JSON.stringify(reply)).to.be.instanceOf(GateReplyError);
      expect((failure as GateReplyError).name).to.equal('GateReplyError');
      expect((failure as GateReplyError).message).to.match(message);
      expect((failure as GateReplyError).reply).to.equal(reply);
    }
  });

  it('should pass on errors other than NOSCRIPT without retrying', async () => {
    const seen: string[] = [];
    const down = new Error('ECONNREFUSED 127.0.0.1:6379');
    const failure = await new RedisGateStore(answering(down, seen))
      .sync('g', syncRequest('w1'))
      .catch((e) => e);
    expect(failure).to.equal(down);
    expect(seen).to.deep.equal(['evalSha']);
  });
});
