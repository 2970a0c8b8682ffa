import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Every setting Bodega reads from the environment. `.env.example` documents each one. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:|file:)/, 'expected postgres://…, sqlite:<path> or file:<path>')
    .optional(),
  DATABASE_POOL_SIZE: int(1, 500).default(10),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: int(60, 86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: int(1, 365).default(30),
  PASSWORD_RESET_TTL_MINUTES: int(30, 60).default(45),
  CORS_ORIGINS: list.default([]),
  PUBLIC_URL: z.url('expected an absolute URL such as https://shop.example.com').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp://user:pass@host:port or smtps://…')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Bodega <no-reply@bodega.local>'),
  UPLOAD_DIR: z.string().min(1).optional(),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD or EUR')
    .refine((c) => Intl.supportedValuesOf('currency').includes(c), 'unknown ISO 4217 currency')
    .default('USD'),
  ADMIN_EMAIL: z.email().default('admin@bodega.local'),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  ADMIN_NAME: z.string().min(1).default('Administrator'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
  RATE_LIMIT_MAX: int(1, 1_000_000).default(600),
  RATE_LIMIT_WINDOW_SECONDS: int(1, 3600).default(60),
  AUTH_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(10),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: int(1, 1000).default(5),
  LOGIN_MAX_FAILURES_PER_IP: int(1, 100_000).default(50),
  LOGIN_LOCK_SECONDS: int(1, 86_400).default(900),
  RETURN_WINDOW_DAYS: int(0, 3650).default(30),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, 'expected redis://[user:pass@]host:port[/db] or rediss://…')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected 1 to 64 letters, digits or _ . : -')
    .default('bodega'),
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  database: Readonly<{ kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize: number }>;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  passwordResetTtlMinutes: number;
  corsOrigins: readonly string[];
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  uploadDir: string;
  currency: string;
  admin: Readonly<{ email: string; password: string | undefined; name: string }>;
  logLevel: string;
  trustProxy: boolean;
  bodyLimitBytes: number;
  rateLimit: Readonly<{ max: number; windowSeconds: number; authPerMinute: number }>;
  loginThrottle: Readonly<{ maxPerAccount: number; maxPerIp: number; lockSeconds: number }>;
  returnWindowDays: number;
  /** Shared state for several API servers: Socket.IO fan-out, rate limits, login throttle. */
  redis: Readonly<{ url: string; keyPrefix: string }> | undefined;
}>;

export class ConfigError extends Error {}

const SECRET_VARIABLES = new Set(['JWT_SECRET', 'ADMIN_PASSWORD', 'SMTP_URL', 'DATABASE_URL', 'REDIS_URL']);

/** Parses and validates the environment once. Throws ConfigError with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    // One line per variable (its first problem); secret values are never echoed.
    const lines = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      if (lines.has(name)) continue;
      const got = SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(present[name] ?? null)})`;
      lines.set(name, `${name}: ${issue.message}${got}`);
    }
    throw new ConfigError([...lines.values()].join('\n'));
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const database = parseDatabaseUrl(e.DATABASE_URL, dataDir, e.DATABASE_POOL_SIZE);
  if (e.NODE_ENV === 'production' && database.kind === 'postgres' && !e.JWT_SECRET) {
    throw new ConfigError('JWT_SECRET: required in production on PostgreSQL, so that every API server signs alike');
  }
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    database: Object.freeze(database),
    jwtSecret: e.JWT_SECRET ?? persistedSecret(dataDir),
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    passwordResetTtlMinutes: e.PASSWORD_RESET_TTL_MINUTES,
    corsOrigins: Object.freeze(e.CORS_ORIGINS),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    uploadDir: resolve(e.UPLOAD_DIR ?? join(dataDir, 'uploads')),
    currency: e.CURRENCY,
    admin: Object.freeze({ email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD, name: e.ADMIN_NAME }),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    rateLimit: Object.freeze({
      max: e.RATE_LIMIT_MAX,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      authPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    }),
    loginThrottle: Object.freeze({
      maxPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      lockSeconds: e.LOGIN_LOCK_SECONDS,
    }),
    returnWindowDays: e.RETURN_WINDOW_DAYS,
    redis: e.REDIS_URL ? Object.freeze({ url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX }) : undefined,
  });
}

function parseDatabaseUrl(url: string | undefined, dataDir: string, poolSize: number): Config['database'] {
  if (url === undefined) return { kind: 'sqlite', file: join(dataDir, 'bodega.db') };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url, poolSize };
  const path = url.replace(/^(sqlite|file):(\/\/)?/, '');
  if (!path) throw new ConfigError('DATABASE_URL: the SQLite path is empty');
  return { kind: 'sqlite', file: path === ':memory:' || isAbsolute(path) ? path : resolve(path) };
}

/** Without JWT_SECRET, one is generated on first start and kept in the data dir (mode 600). */
function persistedSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'w' });
  chmodSync(file, 0o600);
  return secret;
}
