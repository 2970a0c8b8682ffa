import { createHash, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Config } from '../../config';

const ISSUER = 'bodega';
const AUDIENCE = 'bodega-api';

export type AccessClaims = { userId: number; sessionId: number };

/** Tokens whose signature was checked, kept until they expire (LRU beyond this many). */
const VERIFIED_TOKENS = 10_000;

export function accessTokenSigner(config: Config, now: () => Date = () => new Date()) {
  const key = new TextEncoder().encode(config.jwtSecret);
  // A token's signature and claims never change: an HMAC check per request (a Web Crypto job)
  // is paid once per token. Only its expiry is checked again, against the clock; the session
  // behind it is still re-read on every request by the guard.
  const verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();
  return {
    ttlSeconds: config.accessTokenTtlSeconds,
    sign(claims: AccessClaims): Promise<string> {
      return new SignJWT({ sid: claims.sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(String(claims.userId))
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(now())
        .setExpirationTime(Math.floor(now().getTime() / 1000) + config.accessTokenTtlSeconds)
        .sign(key);
    },
    /** Returns the claims of a valid token, or null for anything else (expired, forged, alg none…). */
    async verify(token: string): Promise<AccessClaims | null> {
      const known = verified.get(token);
      if (known) {
        if (now().getTime() < known.expiresAtMs) return known.claims;
        verified.delete(token);
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          requiredClaims: ['exp', 'sub'],
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: now(),
        });
        const userId = Number(payload.sub);
        const sessionId = payload['sid'];
        if (!Number.isSafeInteger(userId) || typeof sessionId !== 'number' || !Number.isSafeInteger(sessionId))
          return null;
        const claims = { userId, sessionId };
        verified.set(token, { claims, expiresAtMs: Number(payload.exp) * 1000 });
        if (verified.size > VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
        return claims;
      } catch {
        return null;
      }
    },
  };
}
export type AccessTokenSigner = ReturnType<typeof accessTokenSigner>;

/** An opaque random token for the client and the hash we keep of it. */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOpaqueToken(token) };
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
