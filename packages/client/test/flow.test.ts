import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, pdfText, type TestApp } from '../../../apps/api/src/test/harness';
import {
  BodegaApiError,
  createBodegaClient,
  idempotencyKey,
  ifMatch,
  unwrap,
  type BodegaClient,
  type Realtime,
  type RealtimeState,
  type SignOutReason,
} from '../src/index';
import { createRealtime } from '../src/realtime';
import { cookieJarFetch, type CookieJarFetch } from './cookie-jar';

/**
 * A whole business day through @bodega/client against a real listening server (not inject):
 * what the back office and the mobile app will do, on SQLite and on PostgreSQL.
 */
let t: TestApp;
let baseUrl: string;
const opened: Realtime[] = [];

type Device = { bodega: BodegaClient; jar: CookieJarFetch; signedOut: SignOutReason[] };
function device(): Device {
  const jar = cookieJarFetch();
  const signedOut: SignOutReason[] = [];
  const bodega = createBodegaClient({ baseUrl, fetch: jar, onSignedOut: (reason) => signedOut.push(reason) });
  return { bodega, jar, signedOut };
}

type Seen = { name: string; payload: any };
function live(bodega: BodegaClient) {
  const realtime = createRealtime(bodega);
  opened.push(realtime);
  const seen: Seen[] = [];
  const states: RealtimeState[] = [];
  realtime.socket.onAny((name: string, payload: unknown) => seen.push({ name, payload }));
  realtime.subscribe((s) => states.push(s));
  return { realtime, seen, states };
}
async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 8_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const event = (seen: Seen[], name: string, match: (p: any) => boolean = () => true) =>
  until(() => seen.find((e) => e.name === name && match(e.payload))?.payload, `the event ${name}`);
const connected = (r: Realtime) => until(() => r.state === 'connected' || undefined, 'a connected socket');

const FIFTEEN_MINUTES_AND_A_BIT = 16 * 60_000;

beforeAll(async () => {
  t = await createTestApp();
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  for (const r of opened) r.close();
  await t?.close();
});

describe('a business flow through @bodega/client', () => {
  const staff = () => office.bodega;
  let office: Device;
  let phone: Device;
  let productId: number;
  let orderId: number;
  let customerId: number;
  let staffLive: ReturnType<typeof live>;
  let customerLive: ReturnType<typeof live>;

  it('signs staff in (the refresh token only in the httpOnly cookie) and opens a live socket', async () => {
    office = device();
    await expect(
      office.bodega.session.signIn({ email: ADMIN.email, password: 'wrong-password-1' }),
    ).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
    const user = await office.bodega.session.signIn({ email: ADMIN.email, password: ADMIN.password });
    expect(user.role).toBe('admin');
    expect(office.bodega.session.state.status).toBe('signed_in');
    expect(office.jar.cookies.get('bodega_refresh')?.path).toBe('/api/v1/auth');

    const me = await unwrap(staff().api.GET('/api/v1/auth/me'));
    expect(me.email).toBe(ADMIN.email);

    staffLive = live(staff());
    await connected(staffLive.realtime);
    expect(staffLive.states).toEqual(['connecting', 'connected']);
  });

  it('builds the catalog and edits a product with If-Match', async () => {
    const category = await unwrap(staff().api.POST('/api/v1/categories', { body: { name: 'Ferretería' } }));
    const product = await unwrap(
      staff().api.POST('/api/v1/products', {
        body: { sku: 'TOR-8', name: 'Tornillo 8 mm', priceCents: 1250, taxRateBp: 2100, categoryId: category.id },
      }),
    );
    productId = product.id;
    const renamed = await unwrap(
      staff().api.PATCH('/api/v1/products/{id}', {
        params: { path: { id: productId }, header: { 'if-match': ifMatch(product.version) } },
        body: { name: 'Tornillo 8 mm (caja)' },
      }),
    );
    expect(renamed.version).toBeGreaterThan(product.version);

    const stale = await staff().api.PATCH('/api/v1/products/{id}', {
      params: { path: { id: productId }, header: { 'if-match': ifMatch(product.version) } },
      body: { name: 'Tornillo' },
    });
    expect(stale.response.status).toBe(412);
    expect(new BodegaApiError(stale.response.status, stale.error).code).toBe('precondition_failed');
  });

  it('receives stock, seen live by staff', async () => {
    const receipt = await unwrap(
      staff().api.POST('/api/v1/stock/receipts', {
        body: { reference: 'ALB-1', lines: [{ productId, quantity: 40, unitCostCents: 600 }] },
      }),
    );
    expect(receipt).toBeTruthy();
    const level = await event(staffLive.seen, 'stock.changed', (p) => p.productId === productId);
    expect(level).toMatchObject({ onHand: 40, reserved: 0, available: 40 });
  });

  it('registers a customer on the phone, who orders once with an idempotency key', async () => {
    phone = device();
    const user = await phone.bodega.session.register({
      email: 'ana@cliente.test',
      password: 'ana-password-long-1',
      name: 'Ana Cliente',
    });
    expect(user.role).toBe('customer');
    customerId = user.customerId!;
    customerLive = live(phone.bodega);
    await connected(customerLive.realtime);

    // Refusals come back as BodegaApiError with the contract's code, fields and shortages.
    const invalid = await unwrap(
      phone.bodega.api.POST('/api/v1/orders', { body: { paymentTerms: 'cash', lines: [{ productId, quantity: 0 }] } }),
    ).catch((err: unknown) => err);
    expect(invalid).toBeInstanceOf(BodegaApiError);
    expect((invalid as BodegaApiError).code).toBe('validation_failed');
    expect(Object.keys((invalid as BodegaApiError).fieldErrors())).toEqual(['body.lines.0.quantity']);

    const short = await unwrap(
      phone.bodega.api.POST('/api/v1/orders', {
        body: { paymentTerms: 'cash', lines: [{ productId, quantity: 500 }] },
      }),
    ).catch((err: unknown) => err as BodegaApiError);
    expect(short).toMatchObject({ status: 409, code: 'insufficient_stock' });
    expect((short as BodegaApiError).shortages).toEqual([
      { productId, locationId: expect.any(Number), requested: 500, available: 40 },
    ]);

    const key = idempotencyKey();
    const place = () =>
      phone.bodega.api.POST('/api/v1/orders', {
        params: { header: { 'idempotency-key': key } },
        body: { paymentTerms: 'cash', lines: [{ productId, quantity: 4 }] },
      });
    const first = await place();
    expect(first.response.status).toBe(201);
    const again = await place();
    expect(again.response.status).toBe(200);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    orderId = first.data!.id;
    expect(again.data!.id).toBe(orderId);
    expect(first.data).toMatchObject({ status: 'pending', customerId, totalCents: 5000 + 1050 });

    const created = await event(staffLive.seen, 'order.created', (p) => p.id === orderId);
    expect(created.number).toBe(first.data!.number);
    const orders = await unwrap(phone.bodega.api.GET('/api/v1/orders'));
    expect(orders.items.map((o) => o.id)).toEqual([orderId]);
  });

  it('moves the order through its states; the customer follows it live', async () => {
    for (const to of ['confirmed', 'processing', 'shipped'] as const) {
      const order = await unwrap(
        staff().api.POST('/api/v1/orders/{id}/transitions', { params: { path: { id: orderId } }, body: { to } }),
      );
      expect(order.status).toBe(to);
      await event(customerLive.seen, 'order.updated', (p) => p.id === orderId && p.status === to);
    }
    const early = await unwrap(
      staff().api.POST('/api/v1/orders/{id}/transitions', {
        params: { path: { id: orderId } },
        body: { to: 'delivered' },
      }),
    ).catch((err: unknown) => err);
    expect(early).toMatchObject({ code: 'unpaid_cash_order' });
    // The customer gets availability only, never on-hand or reserved.
    const availability = await event(customerLive.seen, 'stock.changed', (p) => p.productId === productId);
    expect(Object.keys(availability).sort()).toEqual(['available', 'locationId', 'productId']);
  });

  it('takes a partial, then the full payment, and delivers', async () => {
    const order = await unwrap(staff().api.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } }));
    const part = 2000;
    const first = await unwrap(
      staff().api.POST('/api/v1/payments', {
        params: { header: { 'idempotency-key': idempotencyKey() } },
        body: { customerId, amountCents: part, method: 'cash' },
      }),
    );
    expect(first.amountCents).toBe(part);
    const partly = await unwrap(staff().api.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } }));
    expect(partly).toMatchObject({
      paidCents: part,
      balanceCents: order.totalCents - part,
      paymentStatus: 'partially_paid',
    });
    await event(customerLive.seen, 'payment.recorded', (p) => p.id === first.id);

    const over = await unwrap(
      staff().api.POST('/api/v1/payments', { body: { customerId, amountCents: order.totalCents, method: 'card' } }),
    ).catch((err: unknown) => err);
    expect(over).toMatchObject({ status: 409, code: 'overpayment' });

    const rest = await unwrap(
      staff().api.POST('/api/v1/payments', {
        body: { customerId, amountCents: order.totalCents - part, method: 'transfer', reference: 'TR-77' },
      }),
    );
    const paid = await event(staffLive.seen, 'payment.recorded', (p) => p.id === rest.id);
    expect(paid.balanceCents).toBe(0);
    const delivered = await unwrap(
      staff().api.POST('/api/v1/orders/{id}/transitions', {
        params: { path: { id: orderId } },
        body: { to: 'delivered' },
      }),
    );
    expect(delivered).toMatchObject({ status: 'delivered', paymentStatus: 'paid', balanceCents: 0 });
  });

  it('downloads the statement as CSV and the invoice as PDF', async () => {
    const csv = await staff().download('/api/v1/customers/{id}/statement', {
      path: { id: customerId },
      query: { format: 'csv' },
    });
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(csv.filename).toBe(`statement-${customerId}.csv`);
    const rows = (await csv.blob.text()).trim().split(/\r?\n/);
    expect(rows.length).toBeGreaterThanOrEqual(4); // header, the debt, two payments

    // The customer may download their own invoice; another's would be a 404 problem.
    const pdf = await phone.bodega.download('/api/v1/orders/{id}/invoice.pdf', {
      path: { id: orderId },
      query: { lang: 'en' },
    });
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.filename).toMatch(/^ORD-\d{8}-\d{4}\.pdf$/);
    const bytes = Buffer.from(await pdf.blob.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(bytes)).toContain('Tornillo 8 mm (caja)');
    await expect(
      phone.bodega.download('/api/v1/orders/{id}/invoice.pdf', { path: { id: orderId + 999 } }),
    ).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });

  it('refreshes once for many calls that meet an expired token, and retries each of them', async () => {
    t.advance(FIFTEEN_MINUTES_AND_A_BIT);
    const refreshes = office.jar.calls('/api/v1/auth/refresh');
    const cookieBefore = office.jar.cookies.get('bodega_refresh')?.value;
    const tokenBefore = staff().session.accessToken();

    const answers = await Promise.all([
      unwrap(staff().api.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } })),
      unwrap(staff().api.GET('/api/v1/products/{id}', { params: { path: { id: productId } } })),
      unwrap(staff().api.GET('/api/v1/customers/{id}', { params: { path: { id: customerId } } })),
      unwrap(staff().api.GET('/api/v1/stock', { params: { query: { productId } } })),
      unwrap(staff().api.GET('/api/v1/auth/me')),
    ]);
    expect(answers[0].id).toBe(orderId);
    expect(answers[3].items[0]).toMatchObject({ onHand: 36, reserved: 0, available: 36 });
    expect(office.jar.calls('/api/v1/auth/refresh') - refreshes).toBe(1);
    expect(office.jar.cookies.get('bodega_refresh')?.value).not.toBe(cookieBefore);
    expect(staff().session.accessToken()).not.toBe(tokenBefore);
    expect(office.signedOut).toEqual([]);
  });

  it('brings a dropped socket back with a fresh token after its own one expired', async () => {
    // The phone's token is now expired too; its socket stays up until the connection drops.
    expect(customerLive.realtime.state).toBe('connected');
    const refreshes = phone.jar.calls('/api/v1/auth/refresh');
    const before = customerLive.states.length;
    customerLive.realtime.socket.io.engine.close();
    await until(
      () => customerLive.states.length > before + 1 && customerLive.realtime.state === 'connected',
      'a reconnection',
    );
    expect(phone.jar.calls('/api/v1/auth/refresh') - refreshes).toBe(1);
    expect(customerLive.states.slice(before)).toEqual(['connecting', 'connected']);

    // And it still hears its orders.
    const again = await unwrap(
      phone.bodega.api.POST('/api/v1/orders', { body: { paymentTerms: 'cash', lines: [{ productId, quantity: 1 }] } }),
    );
    await event(customerLive.seen, 'order.created', (p) => p.id === again.id);
  });

  it('signs out everywhere when a spent refresh token is replayed, and says so', async () => {
    const stolen = phone.jar.cookies.get('bodega_refresh')!.value;
    await phone.bodega.session.refresh(); // the owner rotates it: `stolen` is now spent
    const thief = await fetch(`${baseUrl}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: stolen }),
    });
    expect(thief.status).toBe(401);

    // The server ends the family: the socket is closed, the next call's refresh is refused.
    await until(() => phone.signedOut.length > 0 || undefined, 'the signed-out signal');
    expect(phone.signedOut).toEqual(['session_ended']);
    expect(phone.bodega.session.state).toEqual({ status: 'signed_out', reason: 'session_ended' });
    expect(phone.bodega.session.accessToken()).toBeNull();
    await until(() => customerLive.realtime.state === 'disconnected' || undefined, 'a closed socket');
    const after = await phone.bodega.api.GET('/api/v1/orders');
    expect(after.response.status).toBe(401);
  });

  it('restores a session from the cookie on app start; signing out closes the socket and ends the other tab', async () => {
    // A second tab (or a reload): a new client on the same cookie jar, nothing in memory.
    const tabSignedOut: SignOutReason[] = [];
    const tab = createBodegaClient({ baseUrl, fetch: office.jar, onSignedOut: (r) => tabSignedOut.push(r) });
    expect(tab.session.state.status).toBe('unknown');
    expect((await tab.session.restore())?.email).toBe(ADMIN.email);
    expect((await unwrap(tab.api.GET('/api/v1/auth/me'))).role).toBe('admin');

    const refreshes = office.jar.calls('/api/v1/auth/refresh');
    expect(staffLive.realtime.state).toBe('connected');
    await office.bodega.session.signOut();
    expect(office.bodega.session.state).toEqual({ status: 'signed_out', reason: 'signed_out' });
    expect(office.signedOut).toEqual(['signed_out']);
    expect(office.jar.cookies.has('bodega_refresh')).toBe(false);
    await until(() => staffLive.realtime.state === 'disconnected' || undefined, 'a closed staff socket');
    await new Promise((r) => setTimeout(r, 200));
    expect(office.jar.calls('/api/v1/auth/refresh')).toBe(refreshes); // nothing tried to come back

    // The other tab shared the session: its next call finds it over.
    expect((await tab.api.GET('/api/v1/auth/me')).response.status).toBe(401);
    expect(tabSignedOut).toEqual(['session_ended']);

    const fresh = createBodegaClient({ baseUrl, fetch: office.jar });
    expect(await fresh.session.restore()).toBeNull();
    expect(fresh.session.state).toEqual({ status: 'signed_out', reason: 'no_session' });
  });
});
