/**
 * Keep-alive without the reuse race: clients are told a shorter idle timeout (Keep-Alive hint)
 * than the server really keeps idle sockets open, so a client that reuses a socket until just
 * before the hint runs out never writes into a socket the server is closing (ECONNRESET).
 */
import http from 'http';
import { startTestCloud, type TestCloud } from '../test/helpers/local-cloud';
import { KEEP_ALIVE_HINT_S, KEEP_ALIVE_IDLE_S } from './index';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());

function get(path: string, headers: Record<string, string> = {}, agent?: http.Agent): Promise<http.IncomingMessage & { reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${cloud.url}${path}`, { headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(Object.assign(res, { reused: req.reusedSocket })));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the advertised keep-alive timeout leaves a wide margin below the real one', async () => {
  expect(KEEP_ALIVE_IDLE_S - KEEP_ALIVE_HINT_S).toBeGreaterThanOrEqual(10);
  const res = await fetch(`${cloud.url}/healthz`);
  expect(res.headers.get('keep-alive')).toBe(`timeout=${KEEP_ALIVE_HINT_S}`);
  expect(res.headers.get('connection')).toBe('keep-alive');
});

test('a keep-alive socket reused after an idle pause is served, and keeps advertising the short hint', async () => {
  // Node's agent takes min(its own idle timeout, hint − 1 s), as undici does
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const first = await get('/healthz', {}, agent);
  await new Promise((r) => setTimeout(r, 1500));
  const second = await get('/healthz', {}, agent);
  expect(second.statusCode).toBe(200);
  expect(second.headers['keep-alive']).toBe(`timeout=${KEEP_ALIVE_HINT_S}`);
  expect([first.reused, second.reused]).toEqual([false, true]); // the same socket was reused
  agent.destroy();
});

test('a client asking to close gets Connection: close and no keep-alive hint', async () => {
  const res = await get('/healthz', { connection: 'close' });
  expect(res.statusCode).toBe(200);
  expect(res.headers.connection).toBe('close');
  expect(res.headers['keep-alive']).toBeUndefined();
});
