import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const DEVICE = 'bodega_device';

function attempt(email: string, password: string, ip: string, device?: string) {
  return t.request({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: ip,
    payload: { email, password },
    ...(device === undefined ? {} : { cookies: { [DEVICE]: device } }),
  });
}

function deviceCookieOf(res: LightMyRequestResponse): string {
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === DEVICE);
  expect(cookie, 'device cookie').toBeDefined();
  return cookie!.value;
}

/** A stranger's 10 addresses × 5 wrong passwords: the account's lock for unknown devices is full. */
async function lockOutUnknownDevices(email: string, net: number) {
  for (let host = 1; host <= 10; host++) {
    for (let i = 0; i < 5; i++) {
      const res = await attempt(email, `wrong-guess-${host}-${i}`, `198.18.${net}.${host}`);
      expect(res.statusCode).toBe(401);
    }
  }
}

/**
 * Changes one character of the token's signature. Not the last one: in base64url the last of 43
 * characters carries 2 padding bits, so A↔B (or B, C, D → A) would decode to the same bytes and
 * the "tampered" cookie would still be valid one run in sixteen.
 */
function tamper(cookie: string): string {
  const at = cookie.length - 2;
  const swapped = cookie[at] === 'A' ? 'B' : 'A';
  return cookie.slice(0, at) + swapped + cookie.slice(at + 1);
}

describe('device cookie against account lockout', () => {
  it('sets a long-lived httpOnly SameSite=Strict device cookie on the auth path after a sign-in', async () => {
    const c = await t.registerCustomer();
    const res = await attempt(c.user.email, c.password, '192.0.2.10');
    const cookie = res.cookies.find((k) => k.name === DEVICE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth', maxAge: 365 * 86_400 });
    // The token names no account.
    expect(cookie!.value).not.toContain(c.user.email);
    // A failed sign-in leaves no device cookie.
    const failed = await attempt(c.user.email, 'not-the-password', '192.0.2.10');
    expect(failed.cookies.find((k) => k.name === DEVICE)).toBeUndefined();
  });

  it("keeps the admin's own browser signing in through a distributed lockout, and nothing else", async () => {
    const home = '192.0.2.20';
    const ownersDevice = deviceCookieOf(await attempt(ADMIN.email, ADMIN.password, home));
    const c = await t.registerCustomer();
    const customersDevice = deviceCookieOf(await attempt(c.user.email, c.password, home));

    await lockOutUnknownDevices(ADMIN.email, 1);

    // A device that never signed in is throttled, even with the right password from an address
    // that signed in before...
    const unknown = await attempt(ADMIN.email, ADMIN.password, home);
    expect(unknown.statusCode).toBe(429);
    expect(unknown.json().code).toBe('too_many_login_attempts');
    expect(Number(unknown.headers['retry-after'])).toBeGreaterThan(800);
    // ...and so is the guesser, from a fresh address.
    expect((await attempt(ADMIN.email, 'one-more-guess', '198.18.1.99')).statusCode).toBe(429);

    // The owner's browser, with the cookie of its earlier sign-in, gets in: at home or elsewhere.
    const owner = await attempt(ADMIN.email, ADMIN.password, home, ownersDevice);
    expect(owner.statusCode).toBe(200);
    expect(owner.json().user.email).toBe(ADMIN.email);
    expect((await attempt(ADMIN.email, ADMIN.password, '203.0.113.50', ownersDevice)).statusCode).toBe(200);

    // A forged or tampered cookie is no exemption.
    const forged = `${Math.floor(t.ctx.now().getTime() / 1000).toString(36)}.${'A'.repeat(22)}.${'B'.repeat(43)}`;
    for (const bad of [tamper(ownersDevice), forged, 'garbage', `${ownersDevice}x`, 'x'.repeat(5000)]) {
      const res = await attempt(ADMIN.email, ADMIN.password, home, bad);
      expect(res.statusCode, bad.slice(0, 40)).toBe(429);
    }
    // Nor is a genuine device cookie of another account.
    expect((await attempt(ADMIN.email, ADMIN.password, home, customersDevice)).statusCode).toBe(429);
    // The stranger's failures did not touch the customer's sign-in on that browser.
    expect((await attempt(c.user.email, c.password, home, customersDevice)).statusCode).toBe(200);
  });

  it('locks a trusted device that fails too often on its own, without locking the owner elsewhere', async () => {
    const c = await t.registerCustomer();
    const laptop = deviceCookieOf(await attempt(c.user.email, c.password, '192.0.2.30'));
    const phone = deviceCookieOf(await attempt(c.user.email, c.password, '192.0.2.31'));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await attempt(c.user.email, `guess-${i}-x`, '198.18.3.1', laptop)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await attempt(c.user.email, c.password, '192.0.2.30', laptop);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The owner's other device and an unknown one are not affected: the failures were the laptop's.
    expect((await attempt(c.user.email, c.password, '192.0.2.31', phone)).statusCode).toBe(200);
    expect((await attempt(c.user.email, c.password, '192.0.2.32')).statusCode).toBe(200);
  });

  it('remembers several accounts signed in on one browser', async () => {
    const [a, b] = [await t.registerCustomer(), await t.registerCustomer()];
    const first = deviceCookieOf(await attempt(a.user.email, a.password, '192.0.2.40'));
    const both = deviceCookieOf(await attempt(b.user.email, b.password, '192.0.2.40', first));
    await lockOutUnknownDevices(a.user.email, 4);
    await lockOutUnknownDevices(b.user.email, 5);
    expect((await attempt(a.user.email, a.password, '192.0.2.40')).statusCode).toBe(429);
    expect((await attempt(a.user.email, a.password, '192.0.2.40', both)).statusCode).toBe(200);
    expect((await attempt(b.user.email, b.password, '192.0.2.40', both)).statusCode).toBe(200);
  });

  it('gives a registration its device cookie too', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      remoteAddress: '192.0.2.50',
      payload: { email: 'fresh-device@test.local', name: 'Lucía Fresh', password: 'velvet kayak orbits lantern' },
    });
    expect(res.statusCode).toBe(201);
    const device = res.cookies.find((k) => k.name === DEVICE)!.value;
    await lockOutUnknownDevices('fresh-device@test.local', 6);
    expect(
      (await attempt('fresh-device@test.local', 'velvet kayak orbits lantern', '192.0.2.50', device)).statusCode,
    ).toBe(200);
  });

  it('documents the device cookie in the OpenAPI document', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const params = doc.paths['/api/v1/auth/login'].post.parameters as { in: string; name: string }[];
    expect(params).toContainEqual(expect.objectContaining({ in: 'cookie', name: DEVICE }));
  });

  // Moves the clock a year on: runs last.
  it('stops trusting a device cookie a year after it was issued', async () => {
    const c = await t.registerCustomer();
    const device = deviceCookieOf(await attempt(c.user.email, c.password, '192.0.2.60'));
    t.advance(366 * 86_400_000);
    await lockOutUnknownDevices(c.user.email, 7);
    expect((await attempt(c.user.email, c.password, '192.0.2.60', device)).statusCode).toBe(429);
  });
});
