import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { Config } from './config';
import { createDatabase, type Db } from './db/database';
import { auditRoutes } from './modules/audit/audit.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { catalogRoutes } from './modules/catalog/catalog.routes';
import { customerRoutes } from './modules/customers/customers.routes';
import { startExpiryScheduler } from './modules/orders/expiry-scheduler';
import { orderRoutes } from './modules/orders/orders.routes';
import { purchasingRoutes } from './modules/purchasing/purchasing.routes';
import { receivableRoutes } from './modules/receivables/receivables.routes';
import { reportRoutes } from './modules/reports/reports.routes';
import { returnRoutes } from './modules/returns/returns.routes';
import { productImageRoutes } from './modules/catalog/images.routes';
import { mediaRoutes } from './modules/catalog/media.routes';
import { alertRoutes } from './modules/inventory/alerts.routes';
import { inventoryRoutes } from './modules/inventory/inventory.routes';
import { startSnapshotScheduler } from './modules/inventory/snapshot-scheduler';
import { healthRoutes } from './modules/health/health.routes';
import { settingsRoutes } from './modules/settings/settings.routes';
import { userRoutes } from './modules/users/users.routes';
import { installAppStatic, MAX_PARAM_LENGTH } from './platform/admin-static';
import { installGuard } from './platform/auth/guard';
import { accessTokenSigner } from './platform/auth/tokens';
import type { AppContext } from './platform/context';
import { AppError } from './platform/errors';
import { EventBus } from './platform/events';
import { createMailer, type Mailer } from './platform/mail';
import { installInputGuards } from './platform/input-guard';
import { loggerOptions } from './platform/logger';
import { swaggerOptions } from './platform/openapi';
import { installErrorHandling, sendProblem } from './platform/problem';
import { installRealtime, type RealtimeOptions, type RealtimeServer } from './platform/realtime';
import { connectRedis, type RedisConnections } from './platform/redis';
import { RedisCounterStore } from './platform/redis-counter-store';
import { MemoryCounterStore, type CounterStore } from './platform/throttle';

export const API_PREFIX = '/api/v1';
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export type BuildOptions = {
  db?: Db;
  now?: () => Date;
  mailer?: Mailer;
  counters?: CounterStore;
  /** pino options or false; defaults to `loggerOptions(config)` (pretty in development). */
  logger?: boolean | Record<string, unknown>;
  realtime?: RealtimeOptions;
  /** Serve the built apps at /admin/ and / (default true); the API's own tests leave them out. */
  serveApps?: boolean;
  /** Where the built apps are, when not in apps/<name>/dist (tests); null serves none. */
  appRoots?: { admin?: string | null; mobile?: string | null };
};

export async function buildApp(
  config: Config,
  options: BuildOptions = {},
): Promise<{ app: FastifyInstance; ctx: AppContext; io: RealtimeServer }> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // Errors the router raises before any route runs (an over-long path parameter, a bad URL)
    // still answer as problem+json.
    frameworkErrors: (error, _request, reply) =>
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? sendProblem(reply, 414, 'uri_too_long', 'A path parameter is too long')
        : sendProblem(reply, 400, 'malformed_request', 'The URL is not valid'),
  }).withTypeProvider<ZodTypeProvider>();

  const now = options.now ?? (() => new Date());
  // With REDIS_URL, several API servers share Socket.IO fan-out, rate limits and login throttling.
  const redis: RedisConnections | undefined = config.redis ? await connectRedis(config.redis, app.log) : undefined;
  const db = options.db ?? createDatabase(config.database);
  const ctx: AppContext = Object.freeze({
    config,
    db,
    log: app.log,
    now,
    mailer: options.mailer ?? createMailer(config.smtpUrl, config.mailFrom, app.log),
    tokens: accessTokenSigner(config, now),
    counters:
      options.counters ??
      (redis
        ? new RedisCounterStore(redis.commands, `${redis.keyPrefix}:counter:`)
        : new MemoryCounterStore(() => now().getTime())),
    events: new EventBus(),
  });
  // onClose hooks run last-added first: sockets close (realtime's hook) before Redis and the database.
  app.addHook('onClose', async () => {
    ctx.mailer.close();
    await redis?.close();
    await db.destroy();
  });
  // Graceful close: a keep-alive connection whose request finishes after closing began would
  // hold the server open until the client's idle timeout. Tell the client, and close each
  // connection as soon as it falls idle.
  let closing = false;
  let reaper: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    closing = true;
    reaper = setInterval(() => app.server.closeIdleConnections(), 100).unref();
  });
  app.addHook('onClose', async () => clearInterval(reaper));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installInputGuards(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: config.publicUrl.startsWith('https://') ? [] : null,
        // The phone app's barcode reader is WebAssembly (zxing-wasm, served from 'self'); compiling
        // it needs 'wasm-unsafe-eval', which allows no JavaScript eval.
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
      },
    },
  });
  await app.register(cors, {
    origin: config.corsOrigins.length ? [...config.corsOrigins] : false,
    credentials: true,
    // What a client on another origin must read: downloads' file names, versions, replays, retries.
    exposedHeaders: ['Content-Disposition', 'ETag', 'Idempotent-Replayed', 'Retry-After'],
  });
  await app.register(cookie);
  // Uploads: one file per request, at most 5 MB (larger is a 413).
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 } });
  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowSeconds * 1000,
    // Shared by every server; if Redis fails, requests pass rather than fail (the login
    // throttle, which guards passwords, fails closed instead).
    ...(redis ? { redis: redis.commands, nameSpace: `${redis.keyPrefix}:rate:`, skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', 429, `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
  });

  await app.register(swagger, swaggerOptions);
  installGuard(app, ctx, API_PREFIX);

  await app.register(healthRoutes(ctx));
  await app.register(mediaRoutes(ctx));
  await app.register(
    async (api) => {
      await api.register(authRoutes(ctx));
      await api.register(userRoutes(ctx));
      await api.register(auditRoutes(ctx));
      await api.register(settingsRoutes(ctx));
      await api.register(catalogRoutes(ctx));
      await api.register(productImageRoutes(ctx));
      await api.register(inventoryRoutes(ctx));
      await api.register(alertRoutes(ctx));
      await api.register(purchasingRoutes(ctx));
      await api.register(customerRoutes(ctx));
      await api.register(orderRoutes(ctx));
      await api.register(returnRoutes(ctx));
      await api.register(receivableRoutes(ctx));
      await api.register(reportRoutes(ctx));
      api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());
    },
    { prefix: API_PREFIX },
  );
  await app.register(swaggerUi, { routePrefix: '/docs' });
  if (options.serveApps ?? true) await installAppStatic(app, options.appRoots ?? {}, ctx);
  startSnapshotScheduler(ctx, app);
  startExpiryScheduler(ctx, app);
  const io = installRealtime(app, ctx, redis, options.realtime);

  return { app, ctx, io };
}
