import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { startMailbox, type Mailbox, type Received } from '../../test/mailbox';

let mailbox: Mailbox;
let t: TestApp;

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
  return tokenFrom(await mailbox.waitForMail(email, nth));
}

beforeAll(async () => {
  mailbox = await startMailbox();
  t = await createTestApp({ SMTP_URL: mailbox.url });
});

afterAll(async () => {
  await t?.close();
  await mailbox?.close();
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

    const mail = await mailbox.waitForMail(email);
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

  it("mails a link into the back office when asked with app: 'admin', and the token works the same", async () => {
    const ip = nextIp();
    const { user } = await t.registerCustomer();
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/forgot-password',
      payload: { email: user.email, app: 'admin' },
      remoteAddress: ip,
    });
    expect(res.statusCode).toBe(202);
    const mail = await mailbox.waitForMail(user.email);
    const match = /http:\/\/bodega\.test\/admin\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
    expect(match?.[1], mail.text).toBeDefined();
    expect(LINK.test(mail.text)).toBe(false);
    expect((await reset(match![1]!, 'admin-link-password-1', ip)).statusCode).toBe(200);
    expect((await loginStatus(user.email, 'admin-link-password-1', ip)).status).toBe(200);
  });

  it('refuses an app it does not know', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/forgot-password',
      payload: { email: 'someone@test.local', app: 'desktop' },
      remoteAddress: nextIp(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
  });

  it('refuses a token used a second time', async () => {
    const ip = nextIp();
    const customer = await t.registerCustomer();
    const token = await mailedToken(customer.user.email, ip);

    expect((await reset(token, 'first-new-password-1', ip)).statusCode).toBe(200);
    const again = await reset(token, 'second-new-password-2', ip);
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('invalid_reset_token');
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
    expect(late.json().code).toBe('invalid_reset_token');
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
    expect(old.json().code).toBe('invalid_reset_token');

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

    await mailbox.waitForMail(customer.user.email);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailbox.messagesTo(unknown)).toHaveLength(0);
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
