import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

export type ServerProcess = { pid: number; url: string; output(): string; stop(): Promise<void> };

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Runs an entry point as its own Node process (TypeScript through `node --import tsx`,
 * JavaScript as it is; either way the pid is the server's own, for /proc and signals),
 * optionally under `--cpu-prof`, and waits until `readyPath` answers 200.
 */
async function startProcess(
  entry: string,
  args: string[],
  env: Record<string, string>,
  url: string,
  readyPath: string,
  profileDir?: string,
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ...(entry.endsWith('.ts') ? ['--import', 'tsx'] : ['--enable-source-maps']),
      entry,
      ...args,
    ],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`${entry} exited with ${exited} before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${entry} was not ready after 90 s:\n${output}`);
    }
    try {
      const res = await fetch(url + readyPath);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    pid: child.pid!,
    url,
    output: () => output,
    async stop() {
      if (exited !== undefined) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

export type ApiOptions = {
  databaseUrl: string;
  dataDir: string;
  adminEmail: string;
  adminPassword: string;
  profileDir?: string;
};

/**
 * Bodega's own server as `npm start` runs it — built first (scripts/build.mjs), then
 * apps/api/dist/server.js — with the limits out of the way.
 */
export async function startApi(o: ApiOptions): Promise<ServerProcess> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const port = await freePort();
  return startProcess(
    'apps/api/dist/server.js',
    [],
    {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: o.databaseUrl,
      DATA_DIR: o.dataDir,
      JWT_SECRET,
      ADMIN_EMAIL: o.adminEmail,
      ADMIN_PASSWORD: o.adminPassword,
      LOG_LEVEL: 'warn',
      ACCESS_TOKEN_TTL_SECONDS: '7200',
      RATE_LIMIT_MAX: '1000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_MAX_FAILURES_PER_IP: '100000',
    },
    `http://127.0.0.1:${port}`,
    '/ready',
    o.profileDir,
  );
}

/** The HTTP ceiling: a bare Fastify route answering `bodyFile`'s bytes (bench/lib/ceiling-server.ts). */
export async function startCeiling(bodyFile: string, contentType: string): Promise<ServerProcess> {
  const port = await freePort();
  return startProcess(
    'bench/lib/ceiling-server.ts',
    [bodyFile, contentType],
    { PORT: String(port) },
    `http://127.0.0.1:${port}`,
    '/',
  );
}
