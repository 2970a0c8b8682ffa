import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: string;
let sales: string;
let wm: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  sales = (await t.createStaff('sales_staff')).token;
  wm = (await t.createStaff('warehouse_manager')).token;
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string | undefined, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, token, ...(payload ? { payload } : {}) });

describe('customer management', () => {
  it('creates with a generated code, reads, updates with a version check, and audits', async () => {
    const created = await api('POST', '/customers', sales, {
      name: 'Ferretería López',
      email: 'Compras@Lopez.example',
      taxId: 'B12345678',
      creditLimitCents: 500_00,
      paymentTermsDays: 30,
    });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({
      code: expect.stringMatching(/^C-\d{6}$/),
      email: 'compras@lopez.example',
      active: true,
      version: 1,
    });
    const updated = await api('PATCH', `/customers/${c.id}`, sales, { phone: '+34 600 000 000', version: 1 });
    expect(updated.json()).toMatchObject({ phone: '+34 600 000 000', version: 2 });
    const stale = await api('PATCH', `/customers/${c.id}`, sales, { phone: '1', version: 1 });
    expect(stale.statusCode).toBe(412);
    const audit = (await api('GET', `/audit-log?entity=customer&entityId=${c.id}`, admin)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['customer.updated', 'customer.created']);
    expect(audit.items[0].before.phone).toBeNull();
  });

  it('searches by name, code, email and tax id, and pages', async () => {
    for (const name of ['Panadería Sol', 'Panadería Luna', 'Kiosco 100%'])
      await api('POST', '/customers', sales, { name });
    const found = (await api('GET', '/customers?q=panader', wm)).json();
    expect(found.items.map((c: { name: string }) => c.name).sort()).toEqual(['Panadería Luna', 'Panadería Sol']);
    expect((await api('GET', `/customers?q=${encodeURIComponent('100%')}`, sales)).json().items).toHaveLength(1);
    const page = (await api('GET', '/customers?limit=2', sales)).json();
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('deactivates and reactivates; an inactive customer cannot order', async () => {
    const c = (await api('POST', '/customers', sales, { name: 'Temporal' })).json();
    expect((await api('PATCH', `/customers/${c.id}`, sales, { active: false })).json().active).toBe(false);
    const p = await t.insertProduct();
    await api('POST', '/stock/receipts', wm, { lines: [{ productId: p, quantity: 5, unitCostCents: 1 }] });
    const refused = await api('POST', '/orders', sales, {
      customerId: c.id,
      paymentTerms: 'cash',
      lines: [{ productId: p, quantity: 1 }],
    });
    expect(refused.json().code).toBe('customer_inactive');
    expect((await api('PATCH', `/customers/${c.id}`, sales, { active: true })).json().active).toBe(true);
    expect(
      (
        await api('POST', '/orders', sales, {
          customerId: c.id,
          paymentTerms: 'cash',
          lines: [{ productId: p, quantity: 1 }],
        })
      ).statusCode,
    ).toBe(201);
  });

  it('roles: warehouse reads only, customers and strangers neither', async () => {
    const customer = (await t.registerCustomer()).accessToken;
    expect((await api('GET', '/customers', wm)).statusCode).toBe(200);
    expect((await api('POST', '/customers', wm, { name: 'X' })).statusCode).toBe(403);
    expect((await api('GET', '/customers', customer)).statusCode).toBe(403);
    expect((await api('GET', '/customers/1', customer)).statusCode).toBe(403);
    expect((await api('GET', '/customers', undefined)).statusCode).toBe(401);
  });
});

describe('deleting a customer', () => {
  it('needs a reason and an admin, is refused while an order is open, and keeps history readable', async () => {
    const reg = await t.registerCustomer();
    const id = reg.user.customerId!;
    const p = await t.insertProduct();
    await api('POST', '/stock/receipts', wm, { lines: [{ productId: p, quantity: 5, unitCostCents: 1 }] });
    const order = (
      await api('POST', '/orders', reg.accessToken, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] })
    ).json();

    expect((await api('DELETE', `/customers/${id}`, sales, { reason: 'asked to be forgotten' })).statusCode).toBe(403);
    expect((await api('DELETE', `/customers/${id}`, admin, {})).statusCode).toBe(400);
    const blocked = await api('DELETE', `/customers/${id}`, admin, { reason: 'asked to be forgotten' });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('customer_has_obligations');

    await api('POST', `/orders/${order.id}/transitions`, sales, { to: 'cancelled' });
    const deleted = await api('DELETE', `/customers/${id}`, admin, { reason: 'asked to be forgotten' });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({
      active: false,
      deleteReason: 'asked to be forgotten',
      deletedAt: expect.any(String),
    });
    // Their login ends at once; staff still read the record and its orders.
    expect((await api('GET', '/auth/me', reg.accessToken)).statusCode).toBe(401);
    expect((await api('GET', `/customers/${id}`, sales)).json().deletedAt).not.toBeNull();
    expect((await api('GET', `/orders?customerId=${id}`, sales)).json().items).toHaveLength(1);
    expect((await api('GET', '/customers?q=' + encodeURIComponent(reg.user.email), sales)).json().items).toEqual([]);
    expect(
      (await api('GET', '/customers?deleted=true', sales)).json().items.map((c: { id: number }) => c.id),
    ).toContain(id);
    const audit = (await api('GET', `/audit-log?entity=customer&entityId=${id}&action=customer.deleted`, admin)).json();
    expect(audit.items[0]).toMatchObject({
      reason: 'asked to be forgotten',
      before: { active: true, deletedAt: null },
    });
    // A deleted customer cannot be ordered for or edited.
    const again = await api('POST', '/orders', sales, {
      customerId: id,
      paymentTerms: 'cash',
      lines: [{ productId: p, quantity: 1 }],
    });
    expect(again.statusCode).toBe(404);
    expect((await api('PATCH', `/customers/${id}`, sales, { name: 'Back' })).statusCode).toBe(404);
  });
});

describe('self-service profile', () => {
  it('lets a customer read and edit their contact details but not their limits', async () => {
    const reg = await t.registerCustomer({ name: 'Lucía' });
    const me = (await api('GET', '/customers/me', reg.accessToken)).json();
    // With the installation's currency, so the phone prices the catalog without another request.
    expect(me).toMatchObject({
      id: reg.user.customerId,
      name: 'Lucía',
      creditLimitCents: 0,
      currency: t.ctx.config.currency,
    });
    expect(me.currency).toMatch(/^[A-Z]{3}$/);
    expect(me.notes).toBeUndefined();
    const edited = await api('PATCH', '/customers/me', reg.accessToken, {
      phone: '555-0101',
      address: 'Calle Mayor 1',
    });
    expect(edited.json()).toMatchObject({ phone: '555-0101', address: 'Calle Mayor 1', currency: me.currency });
    for (const payload of [
      { creditLimitCents: 1_000_000 },
      { paymentTermsDays: 90 },
      { active: true },
      { code: 'VIP' },
    ]) {
      expect((await api('PATCH', '/customers/me', reg.accessToken, payload)).statusCode).toBe(400);
    }
    expect((await api('GET', '/customers/me', sales)).statusCode).toBe(404);
  });
});

describe("a customer's credit", () => {
  it('counts open debts and pending credit orders against the limit; a customer reads only their own', async () => {
    const c = (await api('POST', '/customers', sales, { name: 'Crédito SA', creditLimitCents: 100_00 })).json();
    const p = await t.insertProduct({ priceCents: 10_00 });
    await api('POST', '/stock/receipts', wm, { lines: [{ productId: p, quantity: 10, unitCostCents: 1 }] });
    const fresh = (await api('GET', `/customers/${c.id}/credit`, sales)).json();
    expect(fresh).toEqual({
      customerId: c.id,
      creditLimitCents: 100_00,
      balanceCents: 0,
      pendingCreditCents: 0,
      availableCreditCents: 100_00,
    });
    const place = (quantity: number) =>
      api('POST', '/orders', sales, { customerId: c.id, paymentTerms: 'credit', lines: [{ productId: p, quantity }] });
    const first = (await place(3)).json();
    await api('POST', `/orders/${first.id}/transitions`, sales, { to: 'confirmed' });
    const second = (await place(2)).json();
    const credit = (await api('GET', `/customers/${c.id}/credit`, admin)).json();
    expect(credit).toMatchObject({
      balanceCents: first.totalCents,
      pendingCreditCents: second.totalCents,
      availableCreditCents: 100_00 - first.totalCents - second.totalCents,
    });

    expect((await api('GET', `/customers/${c.id}/credit`, wm)).statusCode).toBe(403);
    const reg = await t.registerCustomer();
    expect((await api('GET', `/customers/${c.id}/credit`, reg.accessToken)).statusCode).toBe(404);
    const own = await api('GET', `/customers/${reg.user.customerId}/credit`, reg.accessToken);
    expect(own.json()).toMatchObject({ creditLimitCents: 0, availableCreditCents: 0 });
    expect((await api('GET', '/customers/999999/credit', sales)).statusCode).toBe(404);
  });
});
