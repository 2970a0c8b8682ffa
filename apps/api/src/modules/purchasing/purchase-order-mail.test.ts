import type { PurchaseOrder } from '@bodega/contract';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, pdfText, type TestApp } from '../../test/harness';
import { startMailbox, subjectOf, type Mailbox } from '../../test/mailbox';

let mailbox: Mailbox;
let t: TestApp;
let wm: string;

beforeAll(async () => {
  mailbox = await startMailbox();
  t = await createTestApp({ SMTP_URL: mailbox.url });
  wm = (await t.createStaff('warehouse_manager')).token;
});

afterAll(async () => {
  await t?.close();
  await mailbox?.close();
});

async function sendOrder(app: TestApp, token: string, supplier: object, query = '?lang=en') {
  const s = (await app.request({ method: 'POST', url: '/api/v1/suppliers', token, payload: supplier })).json();
  const productId = await app.insertProduct({ name: 'Brass hinge 60mm' });
  const po = (
    await app.request({
      method: 'POST',
      url: '/api/v1/purchase-orders',
      token,
      payload: { supplierId: s.id, lines: [{ productId, quantity: 40, unitCostCents: 75 }] },
    })
  ).json<PurchaseOrder>();
  const res = await app.request({
    method: 'POST',
    url: `/api/v1/purchase-orders/${po.id}/transitions${query}`,
    token,
    payload: { to: 'sent' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<PurchaseOrder>();
}

describe('emailing purchase orders', () => {
  it('mails the PDF to the supplier when the order is sent', async () => {
    const po = await sendOrder(t, wm, { name: 'Herrajes Sur', email: 'Ventas@Herrajes.example' });
    expect(po).toMatchObject({ status: 'sent', emailedTo: 'ventas@herrajes.example' });
    expect(po.emailedAt).not.toBeNull();

    const mail = await mailbox.waitForMail('ventas@herrajes.example');
    expect(subjectOf(mail)).toBe(`Purchase order ${po.number} — Bodega`);
    const [text, attachment] = mail.parts;
    expect(text!.body.toString('utf8')).toContain(`purchase order ${po.number}`);
    expect(attachment!.headers).toMatch(/content-type: application\/pdf/i);
    expect(attachment!.headers).toContain(`${po.number}.pdf`);
    const pdf = await pdfText(attachment!.body);
    expect(pdf).toContain(`Purchase order ${po.number}`);
    expect(pdf).toContain('Herrajes Sur');
    expect(pdf).toContain('Brass hinge 60mm');
    expect(pdf).toContain('$30.00');

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity', '=', 'purchase_order')
      .where('entity_id', '=', String(po.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'purchase_order.created',
      'purchase_order.sent',
      'purchase_order.emailed',
    ]);
  });

  it('writes in the language asked for, and mails again on demand', async () => {
    const po = await sendOrder(t, wm, { name: 'Maderas Ruiz', email: 'pedidos@ruiz.example' }, '');
    const first = await mailbox.waitForMail('pedidos@ruiz.example');
    expect(subjectOf(first)).toBe(`Purchase order ${po.number} — Bodega`);
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/purchase-orders/${po.id}/email?lang=es`,
      token: wm,
    });
    expect(again.statusCode, again.body).toBe(200);
    const second = await mailbox.waitForMail('pedidos@ruiz.example', 2);
    expect(subjectOf(second)).toBe(`Pedido de compra ${po.number} — Bodega`);
    expect(await pdfText(second.parts[1]!.body)).toContain(`Pedido de compra ${po.number}`);
  });

  it('sends without mail when the supplier has no email; mailing on demand is then a 409', async () => {
    const before = mailbox.received.length;
    const po = await sendOrder(t, wm, { name: 'Sin Correo' });
    expect(po).toMatchObject({ status: 'sent', emailedAt: null, emailedTo: null });
    const res = await t.request({ method: 'POST', url: `/api/v1/purchase-orders/${po.id}/email`, token: wm });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('email_unavailable');
    expect(mailbox.received.length).toBe(before);
  });

  it('still sends the order when the mail server is down', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    try {
      const token = (await down.createStaff('warehouse_manager')).token;
      const po = await sendOrder(down, token, { name: 'Unlucky', email: 'x@unlucky.example' });
      expect(po).toMatchObject({ status: 'sent', emailedAt: null });
    } finally {
      await down.close();
    }
  });
});
