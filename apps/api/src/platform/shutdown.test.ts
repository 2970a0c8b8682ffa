import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../test/harness';
import { connect, refused, sleep } from '../test/sockets';

/** `npm start` itself, signalled as an orchestrator would. One process, one SQLite file. */
const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const ADMIN = { email: 'admin@shutdown.test', password: 'admin-password-1' };

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe.runIf(TEST_DB === 'sqlite')('the server process on SIGTERM', () => {
  let dir: string;
  let child: ChildProcess;
  let output = '';
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bodega-shutdown-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env['PATH'],
        DATA_DIR: dir,
        HOST: '127.0.0.1',
        PORT: String(port),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 45_000;
    while (!output.includes('Bodega is ready')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
      await sleep(100);
    }
  });
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the in-flight request, closes sockets and exits 0', async () => {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const socket = await connect(base, accessToken);

    // A request whose body is still arriving when the signal comes.
    const body = JSON.stringify(ADMIN);
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = request(
        `${base}/api/v1/auth/login`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 500);
    });
    await sleep(100);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const signalled = Date.now();

    expect(['transport close', 'io server disconnect']).toContain(await socket.disconnected());
    expect(await inFlight).toBe(200);
    const [code] = await exited;
    expect(code).toBe(0);
    // Keep-alive connections (fetch's, the in-flight request's) did not hold the exit up.
    expect(Date.now() - signalled).toBeLessThan(3_000);
    expect(output).toContain('SIGTERM: finishing in-flight requests');
    expect((await refused(base, accessToken, { timeout: 1_000 })).message).toBeTruthy();
  });
});
