// httpProject: the POST itself, against a small server of its own that misbehaves on request.
import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { retryAfterOf } from '../../lib/errors/retryAfterOf.js';
import { httpProject } from '../../lib/cli/httpProject.js';
import type { CallContext } from '../../lib/PoolEntry.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const ctx = (signal = new AbortController().signal): CallContext => ({
  index: 0,
  attempt: 1,
  signal,
  reportHeaders: () => undefined,
});

describe('pooled-map CLI', () => {
  describe('httpProject', () => {
    let server: Server;
    let url: string;
    let connections = 0;
    let handle: Handler;
    beforeEach(async () => {
      connections = 0;
      server = createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        req.on('end', () => handle(req, body, res));
      });
      server.on('connection', () => connections++);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('should POST the row with the headers and resolve with the status and the parsed answer', async () => {
      let seen: { method?: string; headers?: IncomingMessage['headers']; body?: string } = {};
      handle = (req, body, res) => {
        seen = { method: req.method, headers: req.headers, body };
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"score":0.5}');
      };
      const project = httpProject<string>(url, {
        headers: { Authorization: 'Bearer x' },
        body: (line) => line,
      });
      expect(await project('{"id": 12345678901234567890}', ctx())).to.deep.equal({
        status: 201,
        response: { score: 0.5 },
      });
      expect(seen.method).to.equal('POST');
      expect(seen.body).to.equal('{"id": 12345678901234567890}'); // byte for byte, no precision lost
      expect(seen.headers).to.include({ authorization: 'Bearer x', 'content-type': 'application/json' });
      project.close();
    });

    it('should keep a non-JSON answer as text and an empty one as null', async () => {
      handle = (req, _body, res) => res.end(req.url === '/text' ? 'plain words' : '');
      const text = httpProject(new URL('/text', url));
      expect(await text({}, ctx())).to.deep.equal({ status: 200, response: 'plain words' });
      expect(await httpProject(url)({}, ctx())).to.deep.equal({ status: 200, response: null });
    });

    it('should reuse keep-alive connections, also after error answers', async () => {
      let n = 0;
      handle = (_req, _body, res) =>
        res.writeHead(++n % 3 === 0 ? 429 : n % 3 === 1 ? 500 : 200).end('{"e":1}');
      const project = httpProject(url);
      for (let i = 0; i < 12; i++) await project({ i }, ctx()).catch(() => undefined);
      expect(connections).to.equal(1);
      project.close();
    });

    it('should turn a timeout and a dropped connection into RetryableErrors', async () => {
      handle = (req, _body, res) =>
        req.url === '/reset' ? req.socket.destroy() : setTimeout(() => res.end('{}'), 500);
      const slow = await httpProject(url, { timeoutMs: 30 })({}, ctx()).catch((e: unknown) => e);
      expect(slow).to.have.property('name', 'RetryableError');
      expect(slow).to.have.property('message', 'no answer within 30 ms');
      const reset = await httpProject(new URL('/reset', url))({}, ctx()).catch((e: unknown) => e);
      expect(reset).to.have.property('name', 'RetryableError');
      expect((reset as Error).message).to.match(/^request failed: socket hang up/);
    });

    it('should give the HTTP status as the error class the pool reads', async () => {
      handle = (req, _body, res) =>
        res.writeHead(Number(req.url!.slice(1)), { 'retry-after': '2' }).end('{"error":"x"}');
      const errorFor = (status: number) =>
        httpProject(new URL(`/${status}`, url))({}, ctx()).catch((e: unknown) => e);
      const refused = await errorFor(429);
      expect(refused).to.include({ name: 'CapacityError', statusCode: 429 });
      expect(retryAfterOf(refused, Date.now())).to.deep.equal({ ms: 2000, resolutionMs: 1000 });
      expect(await errorFor(502)).to.include({ name: 'RetryableError', statusCode: 502 });
      expect(await errorFor(404)).to.include({
        name: 'PermanentError',
        statusCode: 404,
        message: 'HTTP 404 Not Found: {"error":"x"}',
      });
    });

    it('should abort the request when the pool aborts the call', async () => {
      let arrived = false;
      handle = () => (arrived = true); // never answers
      const controller = new AbortController();
      const call = httpProject(url)({}, ctx(controller.signal)).catch((e: unknown) => e);
      while (!arrived) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      expect(await call).to.have.property('name', 'AbortError');
    });

    it('should refuse a bad URL or timeout when made, not on each row', () => {
      expect(() => httpProject('ftp://example/')).to.throw(TypeError, /http:\/\/ or https:\/\//);
      expect(() => httpProject('not a url')).to.throw(TypeError);
      expect(() => httpProject('http://x/', { timeoutMs: 0 })).to.throw(RangeError, /timeoutMs/);
      // Longer than a timer holds: Node would fire it after 1 ms and time every call out.
      expect(() => httpProject('http://x/', { timeoutMs: 2 ** 31 })).to.throw(RangeError, /≤ 2147483647/);
    });
  });
});
