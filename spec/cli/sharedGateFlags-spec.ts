// --redis, --gate and --when-redis-down: read with the rest of the command line, every problem at
// once, and a gate name derived from the target's origin that the Redis store accepts.
import { expect } from 'chai';
import { defaultGateName } from '../../lib/cli/defaultGateName.js';
import { loadRedis } from '../../lib/cli/loadRedis.js';
import { parseArgs, type ParsedArgs } from '../../lib/cli/parseArgs.js';
import { RedisGateStore } from '../../lib/redis/RedisGateStore.js';

const problemsOf = (parsed: ParsedArgs): string[] => (parsed.kind === 'invalid' ? parsed.problems : []);
const sharedOf = (parsed: ParsedArgs) => (parsed.kind === 'run' ? parsed.options.shared : 'invalid');

describe('pooled-map CLI', () => {
  describe('shared gate flags', () => {
    it('should share a gate named after the origin of --url, going on alone while Redis is down', () => {
      const parsed = parseArgs(['--url', 'http://127.0.0.1:8080/v1/score?x=1', '--redis', 'redis://r:6379']);
      expect(sharedOf(parsed)).to.deep.equal({
        redisUrl: 'redis://r:6379',
        gate: 'pooled-map:http://127.0.0.1:8080',
        whenDown: 'local',
      });
    });

    it('should take --gate and --when-redis-down as given', () => {
      const parsed = parseArgs([
        '--url', 'https://api.example/', '--redis', 'rediss://user:pw@r:6380/2', '--gate', 'scoring',
        '--when-redis-down', 'pause',
      ]); // prettier-ignore
      expect(sharedOf(parsed)).to.deep.equal({
        redisUrl: 'rediss://user:pw@r:6380/2',
        gate: 'scoring',
        whenDown: 'pause',
      });
    });

    it('should pace alone without --redis', () => {
      expect(sharedOf(parseArgs(['--url', 'https://api.example/']))).to.equal(undefined);
    });

    it('should list every problem of the flags at once, naming flag, rule and value', () => {
      const parsed = parseArgs([
        '--url', 'https://api.example/', '--redis', 'http://r:6379', '--gate', 'a{b}', '--when-redis-down', 'wait',
      ]); // prettier-ignore
      expect(problemsOf(parsed)).to.deep.equal([
        '`--redis` must be a redis:// or rediss:// URL, received "http://r:6379"',
        '`--gate` must be a non-empty name without { or }, received "a{b}"',
        '`--when-redis-down` must be local or pause, received "wait"',
      ]);
    });

    it('should refuse --gate and --when-redis-down without --redis, naming both', () => {
      const parsed = parseArgs([
        '--url',
        'https://api.example/',
        '--gate',
        'g',
        '--when-redis-down',
        'pause',
      ]);
      expect(problemsOf(parsed)).to.deep.equal([
        '`--gate` needs `--redis <url>`: the gate lives in Redis',
        '`--when-redis-down` needs `--redis <url>`: without Redis the run paces alone',
      ]);
    });

    it('should derive names the Redis store accepts, braces in an origin encoded', () => {
      const store = new RedisGateStore({ evalSha: () => Promise.resolve(), eval: () => Promise.resolve() });
      for (const url of ['http://a{b}:81/x', 'https://api.example', 'not a url', undefined]) {
        const name = defaultGateName(url);
        expect(name)
          .to.match(/^pooled-map:/)
          .and.not.match(/[{}]/);
        expect(() => store.keysOf(name)).not.to.throw();
      }
      expect(defaultGateName('http://a{b}:81/x')).to.equal('pooled-map:http://a%7Bb%7D:81');
    });

    it('should say how to install node-redis when it is missing', async () => {
      const error = await loadRedis('redis-not-installed-for-this-spec').catch((e: Error) => e);
      expect((error as Error).message).to.equal(
        '`--redis` needs the redis package (node-redis v5): npm install redis',
      );
      expect(await loadRedis()).to.be.a('function');
    });
  });
});
