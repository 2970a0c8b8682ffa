import type { PurchaseOrder } from '@bodega/contract';
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, pdfText, type TestApp } from '../../test/harness';

/** One message as the SMTP server received it, its MIME parts split out. */
type Part = { headers: string; body: Buffer };
type Received = { envelopeTo: string[]; headers: string; parts: Part[] };

const received: Received[] = [];
let smtp: SMTPServer;
let t: TestApp;
let wm: string;

function decode(headers: string, body: string): Buffer {
  const encoding = /^content-transfer-encoding:\s*([\w-]+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1');
  }
  return Buffer.from(body, 'utf8');
}

function split(raw: string): { headers: string; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  return at === -1
    ? { headers: raw, body: '' }
    : { headers: raw.slice(0, at), body: raw.slice(at).replace(/^\r?\n\r?\n/, '') };
}

/** A multipart/mixed message's parts (the text, then the attachments), decoded. */
function parseMessage(raw: string, envelopeTo: string[]): Received {
  const { headers, body } = split(raw);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
  const chunks = boundary ? body.split(`--${boundary}`).slice(1, -1) : [body];
  const parts = chunks.map((chunk) => {
    const part = split(chunk.replace(/^\r?\n/, ''));
    return { headers: part.headers, body: decode(part.headers, part.body) };
  });
  return { envelopeTo, headers, parts };
}

/** The Subject header, its RFC 2047 encoded words decoded. */
function subjectOf(mail: Received): string {
  const line = /^subject:\s*(.*)$/im.exec(mail.headers.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? '';
  return line
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

async function waitForMail(email: string, count = 1, timeoutMs = 10_000): Promise<Received> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mails = received.filter((m) => m.envelopeTo.includes(email));
    if (mails.length >= count) return mails[count - 1]!;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no mail #${count} for ${email} within ${timeoutMs} ms`);
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((a) => a.address.toLowerCase());
        received.push(parseMessage(Buffer.concat(chunks).toString('utf8'), to));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = smtp.server.address() as AddressInfo;
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  wm = (await t.createStaff('warehouse_manager')).token;
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
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

    const mail = await waitForMail('ventas@herrajes.example');
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
    const first = await waitForMail('pedidos@ruiz.example');
    expect(subjectOf(first)).toBe(`Purchase order ${po.number} — Bodega`);
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/purchase-orders/${po.id}/email?lang=es`,
      token: wm,
    });
    expect(again.statusCode, again.body).toBe(200);
    const second = await waitForMail('pedidos@ruiz.example', 2);
    expect(subjectOf(second)).toBe(`Pedido de compra ${po.number} — Bodega`);
    expect(await pdfText(second.parts[1]!.body)).toContain(`Pedido de compra ${po.number}`);
  });

  it('sends without mail when the supplier has no email; mailing on demand is then a 409', async () => {
    const before = received.length;
    const po = await sendOrder(t, wm, { name: 'Sin Correo' });
    expect(po).toMatchObject({ status: 'sent', emailedAt: null, emailedTo: null });
    const res = await t.request({ method: 'POST', url: `/api/v1/purchase-orders/${po.id}/email`, token: wm });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('email_unavailable');
    expect(received.length).toBe(before);
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
