import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';

/** One message as the SMTP server received it. */
type Received = { envelopeTo: string[]; headers: string; text: string };

const received: Received[] = [];
let smtp: SMTPServer;
let t: TestApp;

/** Decodes the body of a single-part message (quoted-printable, base64 or plain). */
function decodeBody(headers: string, body: string): string {
  const encoding = /^content-transfer-encoding:\s*([\w-]+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function parseMessage(raw: string, envelopeTo: string[]): Received {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  return { envelopeTo, headers, text: decodeBody(headers, body) };
}

function messagesTo(email: string): Received[] {
  return received.filter((m) => m.envelopeTo.includes(email.toLowerCase()));
}

/** Waits (bounded) until `count` messages addressed to `email` have arrived. */
async function waitForMail(email: string, count = 1, timeoutMs = 10_000): Promise<Received> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mails = messagesTo(email);
    if (mails.length >= count) return mails[count - 1]!;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no mail #${count} for ${email} within ${timeoutMs} ms (got ${messagesTo(email).length})`);
}

const LINK = /http:\/\/bodega\.test\/reset-password\?token=([A-Za-z0-9_-]+)/;

function tokenFrom(mail: Received): string {
  const match = LINK.exec(mail.text);
  if (!match?.[1]) throw new Error(`no reset link in the mail:\n${mail.text}`);
  return match[1];
}

/**
 * forgot-password is limited per IP (a handful per minute); each test speaks from its own
 * address so the suite does not trip the limit it is not testing.
 */
let ipSeq = 0;
const nextIp = () => `10.0.7.${++ipSeq}`;

async function forgot(email: string, ip: string) {
  return t.request({
    method: 'POST',
    url: '/api/v1/auth/forgot-password',
    payload: { email },
    remoteAddress: ip,
  });
}

async function reset(token: string, newPassword: string, ip: string) {
  return t.request({
    method: 'POST',
    url: '/api/v1/auth/reset-password',
    payload: { token, newPassword },
    remoteAddress: ip,
  });
}

async function loginStatus(email: string, password: string, ip: string) {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });
  return { status: res.statusCode, code: res.statusCode === 200 ? undefined : (res.json().code as string) };
}

/** Asks for a reset and returns the token from the mail that arrives. */
async function mailedToken(email: string, ip: string, nth = 1): Promise<string> {
  const res = await forgot(email, ip);
  expect(res.statusCode).toBe(202);
  return tokenFrom(await waitForMail(email, nth));
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
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('password reset by mail', () => {
  it('mails a link whose token sets a new password and ends every existing session', async () => {
    const ip = nextIp();
    const customer = await t.registerCustomer();
    const email = customer.user.email;
    // The tokens from before the reset work until then.
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', token: customer.accessToken })).statusCode).toBe(
      200,
    );

    const res = await forgot(email, ip);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ ok: true });

    const mail = await waitForMail(email);
    expect(mail.envelopeTo).toEqual([email]);
    expect(mail.headers).toMatch(new RegExp(`^to:.*${email.replace(/[.+]/g, '\\$&')}`, 'im'));
    const token = tokenFrom(mail);

    const newPassword = 'brand-new-password-9';
    const done = await reset(token, newPassword, ip);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ ok: true });

    expect(await loginStatus(email, newPassword, ip)).toEqual({ status: 200, code: undefined });
    expect(await loginStatus(email, customer.password, ip)).toEqual({ status: 401, code: 'invalid_credentials' });

    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: customer.accessToken });
    expect(me.statusCode).toBe(401);

    const refresh = await t.request({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-refresh-token-transport': 'body' },
      payload: { refreshToken: customer.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
  });

  it('refuses a token used a second time', async () => {
    const ip = nextIp();
    const customer = await t.registerCustomer();
    const token = await mailedToken(customer.user.email, ip);

    expect((await reset(token, 'first-new-password-1', ip)).statusCode).toBe(200);
    const again = await reset(token, 'second-new-password-2', ip);
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('invalid_token');
    // The second attempt changed nothing.
    expect((await loginStatus(customer.user.email, 'first-new-password-1', ip)).status).toBe(200);
    expect((await loginStatus(customer.user.email, 'second-new-password-2', ip)).status).toBe(401);
  });

  it('refuses a token older than PASSWORD_RESET_TTL_MINUTES (45 by default)', async () => {
    const ip = nextIp();
    const customer = await t.registerCustomer();
    const token = await mailedToken(customer.user.email, ip);

    t.advance(46 * 60_000);
    const late = await reset(token, 'too-late-password-1', ip);
    expect(late.statusCode).toBe(400);
    expect(late.json().code).toBe('invalid_token');
    expect((await loginStatus(customer.user.email, customer.password, ip)).status).toBe(200);
  });

  it('only the newest link works when a reset is asked for twice', async () => {
    const ip = nextIp();
    const customer = await t.registerCustomer();
    const first = await mailedToken(customer.user.email, ip, 1);
    const second = await mailedToken(customer.user.email, ip, 2);
    expect(second).not.toBe(first);

    const old = await reset(first, 'from-first-link-1', ip);
    expect(old.statusCode).toBe(400);
    expect(old.json().code).toBe('invalid_token');

    expect((await reset(second, 'from-second-link-2', ip)).statusCode).toBe(200);
    expect((await loginStatus(customer.user.email, 'from-second-link-2', ip)).status).toBe(200);
  });

  it('answers an unknown email exactly like a known one and sends no mail', async () => {
    const ip = nextIp();
    const customer = await t.registerCustomer();
    const unknown = `nobody-${Date.now()}@test.local`;

    const known = await forgot(customer.user.email, ip);
    const stranger = await forgot(unknown, ip);
    expect(stranger.statusCode).toBe(known.statusCode);
    expect(stranger.statusCode).toBe(202);
    expect(stranger.body).toBe(known.body);
    expect(stranger.headers['content-type']).toBe(known.headers['content-type']);

    await waitForMail(customer.user.email);
    await new Promise((r) => setTimeout(r, 500));
    expect(messagesTo(unknown)).toHaveLength(0);
  });

  it('writes the reset to the audit log without any password hash', async () => {
    const ip = nextIp();
    const customer = await t.registerCustomer();
    const token = await mailedToken(customer.user.email, ip);
    expect((await reset(token, 'audited-password-1', ip)).statusCode).toBe(200);

    const res = await t.request({
      method: 'GET',
      url: '/api/v1/audit-log?entity=user&action=user.password_reset',
      token: await t.adminToken(),
    });
    expect(res.statusCode).toBe(200);
    const entries = res.json().items as { action: string; entity: string; entityId: string | null }[];
    const entry = entries.find((e) => e.entityId === String(customer.user.id));
    expect(entry).toMatchObject({ action: 'user.password_reset', entity: 'user' });
    expect(res.body).not.toContain('$argon2');
  });
});
