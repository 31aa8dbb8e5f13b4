import { expect } from 'chai';
import { createConnection } from 'node:net';
import { startRedisServer, type RedisServer } from '../helpers/redisServer.js';

/** Whether something accepts connections on `port` now. */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.on('connect', () => (socket.destroy(), done(true)));
    socket.on('error', () => done(false));
  });
}

describe('startRedisServer (spec helper)', function () {
  this.timeout(20_000);
  let server: RedisServer;

  before(async () => (server = await startRedisServer()));
  after(() => server?.stop());

  it('should restart on the same port as a new process', async () => {
    const pid = server.pid;
    await server.restart();
    expect(server.pid).to.not.equal(pid);
    expect(server.url).to.equal(`redis://127.0.0.1:${server.port}`);
    expect(await listening(server.port)).to.equal(true);
  });

  it('should say how to install redis-server when it is missing, never skip', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const failure = await startRedisServer().catch((error: unknown) => error);
      expect(String(failure)).to.include(
        'redis-server not found: install it (apt-get install -y redis-server)',
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('should stop the server it started', async () => {
    const other = await startRedisServer();
    await other.stop();
    expect(await listening(other.port)).to.equal(false);
  });
});
