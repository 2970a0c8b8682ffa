import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { loadDotEnv } from './env-file';
import { migrateToLatest } from './db/migrate';
import { bootstrapAdmin } from './modules/users/bootstrap-admin';

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
const { app, ctx } = await buildApp(config);
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

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: finishing in-flight requests`);
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    app.close().then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      () => process.exit(1),
    );
  });
}
