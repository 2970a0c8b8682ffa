import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { loadDotEnv } from './env-file';
import { migrateToLatest } from './db/migrate';
import { bootstrapAdmin } from './modules/users/bootstrap-admin';
import { RedisUnavailableError } from './platform/redis';

let config: Config;
try {
  loadDotEnv();
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`Bodega cannot start, invalid configuration: ${err.message.replaceAll('\n', '; ')}`);
  process.exit(1);
}

const startedAt = performance.now();
let built: Awaited<ReturnType<typeof buildApp>>;
try {
  built = await buildApp(config);
} catch (err) {
  if (!(err instanceof RedisUnavailableError)) throw err;
  console.error(`Bodega cannot start: ${err.message}`);
  process.exit(1);
}
const { app, ctx } = built;
try {
  const applied = await migrateToLatest(ctx.db);
  if (applied.length) app.log.info({ applied }, 'migrations applied');
  const admin = await bootstrapAdmin(ctx);
  if (admin.created && admin.generatedPassword) {
    console.log(
      [
        '',
        '  ┌──────────────────────────────────────────────────────────────',
        '  │ First start: an admin account was created.',
        `  │   email:    ${admin.email}`,
        `  │   password: ${admin.generatedPassword}`,
        '  │ This password is shown once. Sign in and change it.',
        '  └──────────────────────────────────────────────────────────────',
        '',
      ].join('\n'),
    );
  }
  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { database: config.database.kind, startMs: Math.round(performance.now() - startedAt) },
    `Bodega is ready: API ${config.publicUrl}/api/v1, docs ${config.publicUrl}/docs`,
  );
} catch (err) {
  app.log.fatal({ err }, 'Bodega could not start');
  await app.close().catch(() => undefined);
  process.exit(1);
}

// BODEGA_DIAGNOSTICS=1 is for the soak test (stress/soak.ts) only: every 10 s one JSON line on
// stderr with process.memoryUsage() (after a full GC when node runs with --expose-gc) and the
// number of active handles. Nothing is exposed over HTTP; unset, nothing happens.
if (process.env['BODEGA_DIAGNOSTICS'] === '1') {
  setInterval(() => {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const handles = process.getActiveResourcesInfo().length;
    const diagnostics = { at: Date.now(), rss, heapUsed, heapTotal, external, arrayBuffers, handles };
    process.stderr.write(`${JSON.stringify({ diagnostics })}\n`);
  }, 10_000).unref();
}

// Graceful shutdown: stop accepting, let in-flight requests finish, close sockets, Redis and the
// database pool (app.close runs the preClose and onClose hooks). A second signal, or 10 s, forces it.
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) {
      app.log.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    closing = true;
    app.log.info(`${signal}: finishing in-flight requests`);
    const force = setTimeout(() => {
      app.log.error('shutdown took longer than 10 s: exiting');
      process.exit(1);
    }, 10_000).unref();
    app.close().then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
