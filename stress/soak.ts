/**
 * Soak: one real server, mixed traffic for a while (browse, order, pay, fulfil, cancel, adjust)
 * from a few clients back to back, with the server's memory and open handles sampled:
 * VmRSS from /proc/<pid>/status every 2 s, and every 10 s the JSON line the server prints with
 * BODEGA_DIAGNOSTICS=1 (process.memoryUsage() after a full GC, and
 * process.getActiveResourcesInfo().length). Passes when there is no error of any kind, no
 * growth trend (after a warm-up, the last quarter's median ≤ the first quarter's × 1.3 + a
 * margin) and the database invariants hold at the end.
 */
import { pick, randInt, type NoReply, type Reply } from './lib/http';
import { checkInvariants, totals } from './lib/invariants';
import { seedWorld, type World } from './lib/seed';
import { freePort, ServerProcess, type Diagnostics } from './lib/server';
import { createTarget, type DbKind } from './lib/targets';

const MB = 1024 * 1024;

export type SoakOptions = { minutes: number; clients: number };
export type Series = { start: number; end: number; firstQuarter: number; lastQuarter: number; max: number };
export type SoakResult = {
  kind: DbKind;
  minutes: number;
  requests: number;
  byStatus: Record<string, number>;
  byAction: Record<string, number>;
  rss: Series | null;
  heapUsed: Series | null;
  handles: Series | null;
  samples: number;
  failures: string[];
};

type Order = { id: number; status: string; customerId: number; terms: string };

const OK_WRITE = [200, 201, 409];

export async function soak(kind: DbKind, opts: SoakOptions, log: (line: string) => void): Promise<SoakResult> {
  const target = await createTarget(kind, 'soak');
  const server = new ServerProcess({
    databaseUrl: target.databaseUrl,
    dataDir: target.dataDir,
    port: await freePort(),
    diagnostics: true,
  });
  const result: SoakResult = {
    kind,
    minutes: opts.minutes,
    requests: 0,
    byStatus: {},
    byAction: {},
    rss: null,
    heapUsed: null,
    handles: null,
    samples: 0,
    failures: [],
  };
  const errors: string[] = [];
  const proc: { at: number; rss: number }[] = [];
  let sampler: NodeJS.Timeout | undefined;
  try {
    await server.start();
    const world = await seedWorld(server.url, { products: 40, scarce: 0, customers: 20, sales: 2, stock: 1_000_000 });
    const orders: Order[] = [];
    const deadline = Date.now() + opts.minutes * 60_000;
    const trafficStart = Date.now();
    const sample = () => {
      const rss = server.rssFromProc();
      if (rss !== null) proc.push({ at: Date.now(), rss });
    };
    sample();
    sampler = setInterval(sample, 2_000);
    let lastReport = Date.now();

    const book = (action: string, res: Reply | NoReply, ok: number[]) => {
      result.requests++;
      result.byAction[action] = (result.byAction[action] ?? 0) + 1;
      result.byStatus[res.status] = (result.byStatus[res.status] ?? 0) + 1;
      if (!ok.includes(res.status) && errors.length < 1000)
        errors.push(
          `${action}: ${res.status} ${res.status === 0 ? (res as NoReply).error : JSON.stringify((res as Reply).body).slice(0, 300)}`,
        );
      if (Date.now() - lastReport > 60_000) {
        lastReport = Date.now();
        const d = server.diagnostics.at(-1);
        log(
          `${kind} soak: ${Math.round((Date.now() - trafficStart) / 60_000)} min, ${result.requests} requests, ` +
            `${errors.length} errors, rss ${d ? (d.rss / MB).toFixed(0) : '?'} MB, heap ${d ? (d.heapUsed / MB).toFixed(0) : '?'} MB, handles ${d?.handles ?? '?'}`,
        );
      }
      return ok.includes(res.status) ? (res as Reply) : null;
    };

    const clients = Array.from({ length: opts.clients }, (_, c) =>
      traffic(world, c, orders, book, () => Date.now() < deadline),
    );
    await Promise.all(clients);
    clearInterval(sampler);
    sampler = undefined;
    // One more diagnostics line at rest.
    await new Promise((r) => setTimeout(r, 10_500));

    const reader = await target.reader();
    try {
      for (const v of await checkInvariants(reader))
        result.failures.push(`invariant after the soak: ${v.check}: ${JSON.stringify(v.rows)}`);
      const t = await totals(reader);
      log(
        `${kind} soak: ${t.orders} orders, ${t.orderLines} lines, ${t.payments} payments (${t.voidedPayments} voided), ${t.movements} movements in the database`,
      );
    } finally {
      await reader.close();
    }
    const end = await server.kill('SIGTERM');
    if (end.code !== 0) result.failures.push(`graceful stop: exit ${JSON.stringify(end)}`);

    // The trend, after a warm-up (caches fill, the JIT settles): min(60 s, 20 % of the run).
    const warmup = trafficStart + Math.min(60_000, opts.minutes * 60_000 * 0.2);
    const diag = server.diagnostics.filter((d) => d.at >= warmup);
    result.samples = server.diagnostics.length;
    result.rss = series(proc.filter((p) => p.at >= warmup).map((p) => p.rss));
    result.heapUsed = series(diag.map((d: Diagnostics) => d.heapUsed));
    result.handles = series(diag.map((d: Diagnostics) => d.handles));
    if (!result.rss || !result.heapUsed || !result.handles) result.failures.push('too few memory samples to judge');
    else {
      if (result.rss.lastQuarter > result.rss.firstQuarter * 1.3 + 30 * MB)
        result.failures.push(`RSS grows: ${fmt(result.rss)}`);
      if (result.heapUsed.lastQuarter > result.heapUsed.firstQuarter * 1.3 + 20 * MB)
        result.failures.push(`heap grows: ${fmt(result.heapUsed)}`);
      const handlesFirstMax = result.handles.firstQuarter;
      if (result.handles.max > Math.max(handlesFirstMax * 2, handlesFirstMax + 25))
        result.failures.push(`open handles grow: ${JSON.stringify(result.handles)}`);
    }
  } catch (err) {
    result.failures.push(`${kind} soak: ${(err as Error).stack ?? String(err)}\n${server.tail()}`);
  } finally {
    if (sampler) clearInterval(sampler);
    await server.kill('SIGKILL');
    await target.cleanup().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
  }
  if (errors.length)
    result.failures.push(`${errors.length} failed requests, e.g.\n    ${errors.slice(0, 8).join('\n    ')}`);
  if (server.errorLines.length)
    result.failures.push(`the server logged ${server.errorLines.length} errors, e.g. ${server.errorLines[0]}`);
  return result;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function series(values: number[]): Series | null {
  if (values.length < 4) return null;
  const q = Math.max(1, Math.floor(values.length / 4));
  return {
    start: values[0]!,
    end: values.at(-1)!,
    firstQuarter: median(values.slice(0, q)),
    lastQuarter: median(values.slice(-q)),
    max: Math.max(...values),
  };
}

export function fmt(s: Series, unit = MB): string {
  const f = (v: number) => (v / unit).toFixed(1);
  return `start ${f(s.start)}, first quarter ${f(s.firstQuarter)}, last quarter ${f(s.lastQuarter)}, end ${f(s.end)}, max ${f(s.max)}`;
}

type Book = (action: string, res: Reply | NoReply, ok: number[]) => Reply | null;

/** One client: a realistic mix, back to back, until the time is up. */
async function traffic(world: World, c: number, orders: Order[], book: Book, running: () => boolean): Promise<void> {
  const sales = world.sales[c % world.sales.length]!;
  const wm = world.warehouse;
  let seq = 0;
  const recent = (keep: (o: Order) => boolean) => orders.slice(-400).filter(keep);
  while (running()) {
    const r = Math.random();
    if (r < 0.45) {
      // Browse.
      const p = pick(world.products);
      const o = orders.length ? pick(orders.slice(-200)) : null;
      const reads: [string, string][] = [
        ['search', `/products?q=${encodeURIComponent(p.name.slice(0, 4))}&limit=20`],
        ['search', `/products?q=STRESS-${randInt(0, 39)}`],
        ['product', `/products/${p.id}`],
        ['products', '/products?limit=50'],
        ['orders', `/orders?limit=20${Math.random() < 0.5 ? '&status=confirmed' : ''}`],
        ['order', o ? `/orders/${o.id}` : '/orders?limit=1'],
        ['stock', `/stock?productId=${p.id}`],
        ['movements', `/stock/movements?productId=${p.id}&limit=20`],
        ['customers', '/customers?q=cliente&limit=20'],
        ['debts', `/debts?customerId=${pick(world.customers).id}`],
        ['debtors', '/debtors?limit=20'],
        ['valuation', '/inventory/valuation'],
        ['alerts', '/alerts?limit=20'],
      ];
      const [action, path] = pick(reads);
      // Inventory valuation is not for sales staff (policy): the warehouse reads it.
      const who = action === 'valuation' ? wm : Math.random() < 0.5 ? sales : world.admin;
      book(`browse ${action}`, await who.get(path), [200]);
    } else if (r < 0.65) {
      // Order, and usually confirm it at once.
      const customer = pick(world.customers);
      const lines = new Map<number, number>();
      for (let i = randInt(1, 3); i > 0; i--) lines.set(pick(world.products).id, randInt(1, 3));
      const terms = Math.random() < 0.5 ? 'credit' : 'cash';
      const body = {
        customerId: customer.id,
        paymentTerms: terms,
        lines: [...lines].map(([productId, quantity]) => ({ productId, quantity })),
      };
      const placed = book(
        'order',
        await sales.post('/orders', body, { 'idempotency-key': `soak-${c}-${++seq}` }),
        OK_WRITE,
      );
      if (placed?.status !== 201) continue;
      const order: Order = { id: placed.body.id, status: 'pending', customerId: customer.id, terms };
      orders.push(order);
      if (orders.length > 2_000) orders.splice(0, 1_000);
      if (Math.random() < 0.7) {
        const res = book('confirm', await sales.post(`/orders/${order.id}/transitions`, { to: 'confirmed' }), OK_WRITE);
        if (res?.status === 200) order.status = 'confirmed';
      }
    } else if (r < 0.77) {
      // Pay part or all of what a customer owes.
      const owing = recent((o) => o.status !== 'pending' && o.status !== 'cancelled');
      if (!owing.length) continue;
      const body = {
        customerId: pick(owing).customerId,
        amountCents: randInt(100, 8_000),
        method: pick(['cash', 'card']),
      };
      book('pay', await sales.post('/payments', body, { 'idempotency-key': `soak-pay-${c}-${++seq}` }), OK_WRITE);
    } else if (r < 0.85) {
      // Fulfil: process, ship, deliver (a cash order unpaid is refused delivery: 409).
      const ready = recent((o) => o.status === 'confirmed');
      if (!ready.length) continue;
      const order = pick(ready);
      for (const to of ['processing', 'shipped', 'delivered']) {
        const res = book('fulfil', await wm.post(`/orders/${order.id}/transitions`, { to }), OK_WRITE);
        if (res?.status !== 200) break;
        order.status = to;
      }
    } else if (r < 0.9) {
      const open = recent((o) => o.status === 'pending' || o.status === 'confirmed');
      if (!open.length) continue;
      const order = pick(open);
      const res = book(
        'cancel',
        await sales.post(`/orders/${order.id}/transitions`, { to: 'cancelled', reason: 'soak' }),
        OK_WRITE,
      );
      if (res?.status === 200) order.status = 'cancelled';
    } else {
      // Adjust stock up or down, and now and then count it.
      const p = pick(world.products);
      if (Math.random() < 0.15) {
        const level = book('stock', await wm.get(`/stock?productId=${p.id}`), [200]);
        const onHand = level?.body.items[0]?.onHand as number | undefined;
        if (onHand !== undefined)
          book(
            'count',
            await wm.post('/stock/counts', { productId: p.id, countedQuantity: onHand + randInt(-2, 2) }),
            OK_WRITE,
          );
      } else {
        const up = Math.random() < 0.5;
        book(
          'adjust',
          await wm.post('/stock/adjustments', {
            productId: p.id,
            quantity: up ? randInt(1, 5) : -randInt(1, 5),
            reason: up ? 'found' : 'damage',
          }),
          OK_WRITE,
        );
      }
    }
  }
}
