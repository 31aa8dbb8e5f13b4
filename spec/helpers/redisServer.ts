import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** The current server process (it changes on `restart`). */
  readonly pid: number;
  stop(): Promise<void>;
  /** SIGSTOP: the server holds its connections but answers nothing, like a stalled host. */
  pause(): void;
  resume(): void;
  /** Kills the server and starts an empty one on the same port, as a restart without persistence. */
  restart(): Promise<void>;
}

const READY_TIMEOUT_MS = 5000;

/**
 * A throwaway redis-server on a free local port, without persistence (nothing written to disk,
 * so a restart comes back empty). Specs start one in `before` and stop it in `after`.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child = await launch(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child.pid as number;
    },
    stop: () => kill(child),
    pause: () => void process.kill(child.pid as number, 'SIGSTOP'),
    resume: () => void process.kill(child.pid as number, 'SIGCONT'),
    async restart() {
      await kill(child);
      child = await launch(port);
    },
  };
}

async function launch(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error('redis-server not found: install it (apt-get install -y redis-server)')
          : error,
      ),
    );
    child.once('exit', (code, signal) =>
      reject(new Error(`redis-server exited (${code ?? signal}) before answering PING:\n${output}`)),
    );
  });
  failed.catch(() => undefined); // observed below; this keeps a late exit from going unhandled
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await Promise.race([ping(port), failed]))) {
    if (Date.now() > deadline) {
      await kill(child);
      throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms`);
    }
    await new Promise((done) => setTimeout(done, 20));
  }
  return child;
}

/** Kills by process id (SIGKILL also ends a paused server) and waits for the exit. */
async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  process.kill(child.pid as number, 'SIGKILL');
  await exited;
}

function ping(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let answer = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => done(answer.startsWith('+PONG')));
  });
}

function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : reject(address)));
    });
  });
}
