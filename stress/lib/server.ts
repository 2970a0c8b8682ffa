/**
 * The real Bodega server as a child process: `node --import tsx apps/api/src/server.ts`, run
 * directly (not through npx), so that the child's pid is the server's own — SIGKILL hits the
 * server itself and /proc/<pid>/status is its memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVER = join(ROOT, 'apps/api/src/server.ts');
const TSX = import.meta.resolve('tsx');

export const ADMIN = { email: 'stress-admin@bodega.local', password: 'stress-admin-password-1' };

/** A loopback port nobody is listening on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export type Diagnostics = {
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  handles: number;
};

export type ServerOptions = {
  databaseUrl: string;
  dataDir: string;
  port: number;
  diagnostics?: boolean;
  extraEnv?: Record<string, string>;
};

export class ServerProcess {
  readonly url: string;
  child: ChildProcess | null = null;
  /** Everything the server wrote, bounded: the tail is shown when something goes wrong. */
  private output: string[] = [];
  readonly diagnostics: Diagnostics[] = [];
  /** 5xx and other errors the server logged (LOG_LEVEL=warn keeps only those). */
  readonly errorLines: string[] = [];
  starts = 0;

  constructor(private readonly options: ServerOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error('the server is not running');
    return this.child.pid;
  }

  /** Starts the server and waits (bounded) until GET /ready answers 200. */
  async start(timeoutMs = 60_000): Promise<void> {
    const { databaseUrl, dataDir, port, diagnostics, extraEnv } = this.options;
    // A clean environment: nothing from the caller's shell (REDIS_URL, a .env…) leaks in.
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/tmp',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: this.url,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'stress-secret-stress-secret-stress-secret-0123',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '1000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_MAX_FAILURES_PER_IP: '100000',
      ...(diagnostics ? { BODEGA_DIAGNOSTICS: '1' } : {}),
      ...extraEnv,
    };
    // The working directory is the data directory, so a developer's ./.env is not read.
    const args = ['--import', TSX, ...(diagnostics ? ['--expose-gc'] : []), SERVER];
    const child = spawn(process.execPath, args, { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.starts++;
    const onLine = (stream: 'out' | 'err') => (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        if (stream === 'err' && line.startsWith('{"diagnostics"')) {
          this.diagnostics.push((JSON.parse(line) as { diagnostics: Diagnostics }).diagnostics);
          continue;
        }
        this.output.push(`[${stream}] ${line}`);
        if (this.output.length > 400) this.output.splice(0, this.output.length - 200);
        if (/"level":(50|60)/.test(line) || /statusCode":5\d\d/.test(line)) this.errorLines.push(line);
      }
    };
    child.stdout!.on('data', onLine('out'));
    child.stderr!.on('data', onLine('err'));
    const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const early = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 100))]);
      if (early) throw new Error(`the server exited while starting (${JSON.stringify(early)}):\n${this.tail()}`);
      try {
        const res = await fetch(`${this.url}/ready`, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
    }
    await this.kill('SIGKILL');
    throw new Error(`the server did not become ready within ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** Sends a signal and waits (bounded: SIGKILL after 15 s) for the process to end; how it ended. */
  async kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: string | null }> {
    const child = this.child;
    this.child = null;
    if (!child) return { code: null, signal: null };
    if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [code, sig] = await exited;
    clearTimeout(timer);
    return { code, signal: sig };
  }

  /** VmRSS of the running server, in bytes, from /proc (Linux); null elsewhere. */
  rssFromProc(): number | null {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : null;
    } catch {
      return null;
    }
  }

  tail(lines = 30): string {
    return this.output.slice(-lines).join('\n');
  }
}
