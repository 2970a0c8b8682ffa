import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loggerOptions, resolvePrettyTarget } from './logger';

const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

/** What one `info` line looks like on stdout through a pino built with `options`, in a child process. */
function firstLine(options: object): string {
  const script = "import pino from 'pino'; pino(JSON.parse(process.argv[1])).info({ orderId: 7 }, 'order placed');";
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(options)], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n')[0]!;
}

describe('loggerOptions', () => {
  it('keeps JSON lines in production and in tests, with the level and the redactions', () => {
    for (const env of ['production', 'test'] as const) {
      const options = loggerOptions({ env, logLevel: 'warn' }, () => '/never/used.js');
      expect(options).toEqual({ level: 'warn', redact: REDACTED });
      expect(options).not.toHaveProperty('transport');
    }
  });

  it('prints lines a person reads in development, through pino-pretty', () => {
    const options = loggerOptions({ env: 'development', logLevel: 'info' });
    expect(options).toMatchObject({ level: 'info', redact: REDACTED, transport: { target: resolvePrettyTarget() } });
    expect(existsSync(resolvePrettyTarget()!)).toBe(true);

    const pretty = firstLine(options);
    expect(pretty).toMatch(/INFO.*order placed/);
    expect(() => JSON.parse(pretty)).toThrow();
    const json = JSON.parse(firstLine(loggerOptions({ env: 'production', logLevel: 'info' })));
    expect(json).toMatchObject({ level: 30, msg: 'order placed', orderId: 7 });
  });

  it('falls back to JSON in development where pino-pretty is not installed', () => {
    expect(loggerOptions({ env: 'development', logLevel: 'debug' }, () => undefined)).toEqual({
      level: 'debug',
      redact: REDACTED,
    });
  });
});
