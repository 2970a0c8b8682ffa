import type { AuthResponse } from '@bodega/contract';
import type { StaffRole } from '@bodega/domain';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createDatabase, type Db } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { bootstrapAdmin } from '../modules/users/bootstrap-admin';
import type { AppContext } from '../platform/context';

/** Which database this run of the suite uses: the vitest project sets it. */
export const TEST_DB = (process.env['TEST_DB'] ?? 'sqlite') as 'sqlite' | 'postgres';
export const TEST_PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };

export type TestApp = {
  app: FastifyInstance;
  ctx: AppContext;
  /** Moves the application's clock forward. */
  advance(ms: number): void;
  request(opts: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  login(email: string, password: string): Promise<AuthResponse>;
  adminToken(): Promise<string>;
  registerCustomer(
    overrides?: Partial<{ email: string; password: string; name: string }>,
  ): Promise<AuthResponse & { password: string }>;
  createStaff(role: StaffRole): Promise<{ id: number; email: string; password: string; token: string }>;
  /** A product row straight in the database, for tests of other modules. */
  insertProduct(
    fields?: Partial<{
      sku: string;
      name: string;
      priceCents: number;
      costCents: number;
      reorderPoint: number;
      active: boolean;
    }>,
  ): Promise<number>;
  /** Every (product, location) whose ledger sum differs from its on-hand: should always be empty. */
  ledgerMismatches(): Promise<{ productId: number; locationId: number; onHand: number; ledger: number }[]>;
  close(): Promise<void>;
};

/**
 * A real Bodega on a freshly migrated database of its own: a temporary SQLite file, or a
 * new schema in the local PostgreSQL. Each test file calls this once (or more).
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: {
    /** Brings the new database to the latest schema; by default, every migration at once. */
    migrate?: (db: Db, schema: string | undefined) => Promise<unknown>;
    /** Serve the built apps (each app's dist folder) as `npm start` does; only the browser tests want them. */
    serveApps?: boolean;
    /** Built apps elsewhere than apps/<name>/dist (with serveApps). */
    appRoots?: { admin?: string | null; mobile?: string | null };
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'bodega-test-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dir,
    DATABASE_URL: TEST_DB === 'postgres' ? TEST_PG_URL : `sqlite:${join(dir, 'bodega.db')}`,
    DATABASE_POOL_SIZE: '10',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_MAX_FAILURES_PER_IP: '10000',
    PUBLIC_URL: 'http://bodega.test',
    ...env,
  });
  if (TEST_DB === 'postgres') {
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
  }
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const db = createDatabase(config.database, TEST_DB === 'postgres' ? { schema } : {});
  await (options.migrate ?? migrateToLatest)(db, TEST_DB === 'postgres' ? schema : undefined);
  const { app, ctx } = await buildApp(config, {
    db,
    now,
    logger: false,
    serveApps: options.serveApps ?? false,
    ...(options.appRoots ? { appRoots: options.appRoots } : {}),
  });
  await bootstrapAdmin(ctx);
  await app.ready();

  const request: TestApp['request'] = ({ token, headers, ...opts }) =>
    app.inject({ ...opts, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

  const login = async (email: string, password: string) => {
    const res = await request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-refresh-token-transport': 'body' },
      payload: { email, password },
    });
    if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
    return res.json<AuthResponse>();
  };

  let adminAccess: string | undefined;
  const adminToken = async () => (adminAccess ??= (await login(ADMIN.email, ADMIN.password)).accessToken);
  let seq = 0;

  return {
    app,
    ctx,
    advance: (ms) => {
      offset += ms;
    },
    request,
    login,
    adminToken,
    async registerCustomer(overrides = {}) {
      const password = overrides.password ?? 'customer-password-1';
      const payload = {
        email: `customer${++seq}-${randomBytes(3).toString('hex')}@test.local`,
        name: 'Ana Cliente',
        ...overrides,
        password,
      };
      const res = await request({
        method: 'POST',
        url: '/api/v1/auth/register',
        headers: { 'x-refresh-token-transport': 'body' },
        payload,
      });
      if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
      return { ...res.json<AuthResponse>(), password };
    },
    async createStaff(role) {
      const password = 'staff-password-1';
      const email = `${role}${++seq}-${randomBytes(3).toString('hex')}@test.local`;
      const res = await request({
        method: 'POST',
        url: '/api/v1/users',
        token: await adminToken(),
        payload: { email, name: `Staff ${role}`, role, password },
      });
      if (res.statusCode !== 201) throw new Error(`create staff failed: ${res.statusCode} ${res.body}`);
      const { accessToken } = await login(email, password);
      return { id: res.json<{ id: number }>().id, email, password, token: accessToken };
    },
    async insertProduct(fields = {}) {
      const now = ctx.now().toISOString();
      const row = await db
        .insertInto('products')
        .values({
          sku: fields.sku ?? `SKU-${++seq}-${randomBytes(3).toString('hex')}`,
          name: fields.name ?? `Product ${seq}`,
          price_cents: fields.priceCents ?? 1000,
          cost_cents: fields.costCents ?? 0,
          reorder_point: fields.reorderPoint ?? 0,
          active: fields.active === false ? 0 : 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async ledgerMismatches() {
      const levels = await db.selectFrom('stock_levels').select(['product_id', 'location_id', 'on_hand']).execute();
      const sums = await db
        .selectFrom('stock_movements')
        .select(['product_id', 'location_id', (eb) => eb.fn.sum<number>('quantity').as('total')])
        .groupBy(['product_id', 'location_id'])
        .execute();
      const ledger = new Map(sums.map((s) => [`${s.product_id}:${s.location_id}`, Number(s.total)]));
      return levels
        .map((l) => ({
          productId: l.product_id,
          locationId: l.location_id,
          onHand: l.on_hand,
          ledger: ledger.get(`${l.product_id}:${l.location_id}`) ?? 0,
        }))
        .filter((l) => l.onHand !== l.ledger);
    },
    async close() {
      await app.close();
      if (TEST_DB === 'postgres') {
        const admin = new pg.Client({ connectionString: TEST_PG_URL });
        await admin.connect();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The text of a PDF, page by page, read with Mozilla's pdf.js. */
export async function pdfText(bytes: Buffer): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const fonts = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/');
  const doc = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: fonts, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return pages.join('\n');
}
