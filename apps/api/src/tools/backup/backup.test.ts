import type { FastifyInstance } from 'fastify';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { createTestApp, TEST_DB, type TestApp } from '../../test/harness';
import { BackupError, backupSqlite, pruneBackups, restoreSqlite, sqliteInUse, verifySqliteBackup } from './backup';

/**
 * `npm run backup` / `npm run restore`: SQLite's online backup while the server runs, and a
 * restore that refuses a database in use and a damaged backup. PostgreSQL installations use
 * pg_dump, so this suite belongs to the sqlite project only.
 */
if (TEST_DB !== 'sqlite') console.info('backup/restore tests run in the sqlite project only (PostgreSQL uses pg_dump)');

const REPO = join(import.meta.dirname, '../../../../..');

let t: TestApp;
let file: string;
let backups: string;
let wm: string;
let sales: string;
let productId: number;
let customerId: number;
let restarted: FastifyInstance | undefined;
const app = () => restarted ?? t.app;

const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  app().inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
const onHand = async () =>
  (await api('GET', `/stock?productId=${productId}`, wm)).json<{ items: { onHand: number }[] }>().items[0]!.onHand;
const orderCount = async () =>
  (await api('GET', `/orders?customerId=${customerId}&limit=100`, sales)).json().items.length;
const order = () =>
  api('POST', '/orders', sales, { customerId, paymentTerms: 'cash', lines: [{ productId, quantity: 1 }] });
const adjust = (quantity: number) =>
  api('POST', '/stock/adjustments', wm, { productId, quantity, reason: quantity > 0 ? 'found' : 'damage' });

/** The CLI as an operator runs it, on this test's database. */
const cli = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', `apps/api/src/tools/backup/${script}`, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: {
      PATH: process.env['PATH'],
      NODE_ENV: 'test',
      DATA_DIR: t.ctx.config.dataDir,
      DATABASE_URL: `sqlite:${file}`,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    },
  });

/** Ledger sums against levels, read straight from a database file. */
function ledgerMismatches(path: string) {
  const db = new SQLite(path, { readonly: true });
  try {
    return db
      .prepare(
        `select l.product_id, l.on_hand, coalesce((select sum(quantity) from stock_movements m
           where m.product_id = l.product_id and m.location_id = l.location_id), 0) as ledger
         from stock_levels l where l.on_hand <> ledger`,
      )
      .all();
  } finally {
    db.close();
  }
}

describe.runIf(TEST_DB === 'sqlite')('SQLite backup and restore', () => {
  beforeAll(async () => {
    t = await createTestApp();
    file = (t.ctx.config.database as { file: string }).file;
    backups = join(t.ctx.config.dataDir, 'backups');
    wm = (await t.createStaff('warehouse_manager')).token;
    sales = (await t.createStaff('sales_staff')).token;
    productId = await t.insertProduct({ priceCents: 500 });
    expect(
      (await api('POST', '/stock/receipts', wm, { lines: [{ productId, quantity: 100, unitCostCents: 200 }] }))
        .statusCode,
    ).toBe(201);
    customerId = (await api('POST', '/customers', sales, { name: 'Cliente Respaldo' })).json().id;
    expect((await order()).statusCode).toBe(201);
  });
  afterAll(async () => {
    await restarted?.close();
    if (restarted) rmSync(t.ctx.config.dataDir, { recursive: true, force: true });
    else await t?.close();
  });

  let backup: string;
  let before: { stock: number; orders: number };

  it('backs up while the server runs and writes, consistently', async () => {
    before = { stock: (await onHand())!, orders: await orderCount() };
    expect(before).toEqual({ stock: 100, orders: 1 });
    const result = await backupSqlite(file, backups, { now: new Date('2026-03-01T10:00:00Z') });
    backup = result.file;
    expect(backup).toBe(join(backups, 'bodega-20260301-100000.db'));
    expect(result.bytes).toBeGreaterThan(0);

    // Writes landing during a backup: the copy is one consistent state (ledger = levels).
    const [during] = await Promise.all([
      backupSqlite(file, backups, { now: new Date('2026-03-01T10:00:00Z') }),
      ...Array.from({ length: 20 }, () => adjust(-1)),
    ]);
    expect(during.file).toBe(join(backups, 'bodega-20260301-100000-2.db'));
    expect(verifySqliteBackup(during.file).migrations.length).toBeGreaterThan(0);
    expect(ledgerMismatches(during.file)).toEqual([]);
    expect(await onHand()).toBe(80);
  });

  it('backs up from the command line, and refuses to restore while the server runs', async () => {
    const run = cli('backup-cli.ts');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Backed up .* to .*bodega-\d{8}-\d{6}(-\d+)?\.db/);

    expect(sqliteInUse(file)).toBe(true);
    await expect(restoreSqlite(file, backup, backups)).rejects.toThrow(/in use: stop Bodega/);
    const refused = cli('restore-cli.ts', backup);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/in use: stop Bodega/);
  });

  it('restores the backed-up state once the server is stopped', async () => {
    // Change things after the backup.
    expect((await order()).statusCode).toBe(201);
    expect((await adjust(-5)).statusCode).toBe(201);
    expect({ stock: await onHand(), orders: await orderCount() }).toEqual({ stock: 75, orders: 2 });

    await t.app.close();
    expect(sqliteInUse(file)).toBe(false);

    // A damaged backup is refused before anything is replaced.
    const damaged = join(backups, 'damaged.db');
    const pages = readFileSync(backup);
    pages.fill(0x55, 4096, Math.min(pages.length, 4096 * 6)); // the header stays, pages 2 to 6 are garbage
    writeFileSync(damaged, pages);
    await expect(restoreSqlite(file, damaged, backups)).rejects.toThrow(BackupError);
    writeFileSync(join(backups, 'not-sqlite.db'), 'hello');
    await expect(restoreSqlite(file, join(backups, 'not-sqlite.db'), backups)).rejects.toThrow(BackupError);
    expect(ledgerMismatches(file)).toEqual([]);

    const run = cli('restore-cli.ts', backup);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Restored .* \(\d+ ms, checked\)/);
    const previous = readdirSync(backups).filter((f) => f.includes('-before-restore'));
    expect(previous).toHaveLength(1);

    // Start again on the restored file: the state of the backup.
    const { app: again } = await buildApp(t.ctx.config, { logger: false });
    await again.ready();
    restarted = again;
    expect({ stock: await onHand(), orders: await orderCount() }).toEqual(before);
    expect(ledgerMismatches(file)).toEqual([]);
    // And it keeps working: a new order after the restore.
    expect((await order()).statusCode).toBe(201);
  });

  it('keeps the newest backups when asked to prune', async () => {
    const ours = () => readdirSync(backups).filter((f) => /^bodega-\d{8}-\d{6}(-\d+)?\.db$/.test(f));
    expect(ours().length).toBeGreaterThanOrEqual(3);
    pruneBackups(backups, 1);
    expect(ours()).toHaveLength(1);
    expect(readdirSync(backups).some((f) => f.includes('-before-restore'))).toBe(true);
    // Every backup is one self-contained file: no -wal or -shm beside it.
    expect(readdirSync(backups).filter((f) => /-(wal|shm)$/.test(f))).toEqual([]);
    expect(existsSync(file)).toBe(true);
  });
});
