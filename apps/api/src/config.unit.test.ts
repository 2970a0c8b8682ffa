import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const dirs: string[] = [];
function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bodega-config-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The ConfigError thrown for `env` (with a fresh DATA_DIR), or a failure if none is thrown. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ DATA_DIR: freshDataDir(), ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('starts from defaults with nothing but a data dir, generating and persisting a JWT secret', () => {
    const dataDir = freshDataDir();
    const config = loadConfig({ DATA_DIR: dataDir });

    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'sqlite', file: join(dataDir, 'bodega.db') });
    expect(config.currency).toBe('USD');
    expect(config.dataDir).toBe(dataDir);

    const secretFile = join(dataDir, 'jwt-secret');
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(secretFile, 'utf8').trim()).toBe(config.jwtSecret);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);

    // A second start reads the same secret, so tokens survive a restart.
    expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(config.jwtSecret);
    // Another data dir gets a secret of its own.
    expect(loadConfig({ DATA_DIR: freshDataDir() }).jwtSecret).not.toBe(config.jwtSecret);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['CURRENCY', 'usd'],
    ['CURRENCY', 'XXY'],
    ['DATABASE_URL', 'mysql://x'],
    ['JWT_SECRET', 'too-short-secret'],
    ['LOG_LEVEL', 'loud'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['REDIS_KEY_PREFIX', 'has space'],
  ])('refuses %s=%s with a ConfigError naming the variable', (name, value) => {
    const err = configError({ [name]: value });
    // One line, about that variable.
    expect(err.message.split('\n')).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
  });

  it('never echoes a secret value in the message', () => {
    const err = configError({ JWT_SECRET: 'short-but-secret', ADMIN_PASSWORD: 'hunter2', SMTP_URL: 'smtp:/u:p4ss@h' });
    expect(err.message.split('\n')).toHaveLength(3);
    for (const secret of ['short-but-secret', 'hunter2', 'p4ss']) expect(err.message).not.toContain(secret);
  });

  it('reports several bad values with one line each', () => {
    const err = configError({ PORT: 'abc', CURRENCY: 'usd', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    const lines = err.message.split('\n');
    expect(lines).toHaveLength(4);
    for (const name of ['PORT', 'CURRENCY', 'DATABASE_URL', 'LOG_LEVEL']) {
      expect(
        lines.filter((l) => l.startsWith(`${name}:`)),
        name,
      ).toHaveLength(1);
    }
  });

  it('selects PostgreSQL with DATABASE_URL=postgres://…', () => {
    const url = 'postgres://bodega:pw@db.example:5432/bodega';
    const config = loadConfig({ DATA_DIR: freshDataDir(), DATABASE_URL: url, DATABASE_POOL_SIZE: '7' });
    expect(config.database).toEqual({ kind: 'postgres', url, poolSize: 7 });
  });

  it('takes REDIS_URL (redis:// or rediss://) with a key prefix, and never echoes it when bad', () => {
    expect(loadConfig({ DATA_DIR: freshDataDir() }).redis).toBeUndefined();
    const url = 'rediss://:s3cret@cache.example:6380/2';
    expect(loadConfig({ DATA_DIR: freshDataDir(), REDIS_URL: url }).redis).toEqual({ url, keyPrefix: 'bodega' });
    const err = configError({ REDIS_URL: 'tcp://:s3cret@cache.example' });
    expect(err.message).toMatch(/^REDIS_URL: /);
    expect(err.message).not.toContain('s3cret');
  });

  it('requires JWT_SECRET in production on PostgreSQL', () => {
    const dataDir = freshDataDir();
    let caught: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', DATABASE_URL: 'postgres://db.example/bodega' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(/^JWT_SECRET\b/);

    const secret = 'a-production-secret-of-enough-length-42';
    const config = loadConfig({
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db.example/bodega',
      JWT_SECRET: secret,
    });
    expect(config.jwtSecret).toBe(secret);
  });

  it('returns a frozen config', () => {
    const config = loadConfig({ DATA_DIR: freshDataDir() });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
    expect(Object.isFrozen(config.admin)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

describe('server start with a bad variable', () => {
  it('exits with code 1 and one stderr line naming the variable', async () => {
    const dataDir = freshDataDir();
    const child = spawn(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['apps/api/src/server.ts'], {
      cwd: REPO_ROOT,
      // Only what the start needs: nothing from the test runner's environment leaks in.
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? tmpdir(), PORT: 'abc', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.resume();

    const code = await new Promise<number | null>((resolveExit, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the server did not exit within 20 s; stderr: ${stderr}`));
      }, 20_000);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('close', (exitCode) => {
        clearTimeout(timer);
        resolveExit(exitCode);
      });
    });

    expect(code).toBe(1);
    const lines = stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
  }, 25_000);
});
