import { createHash, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Config } from '../../config';

const ISSUER = 'bodega';
const AUDIENCE = 'bodega-api';

export type AccessClaims = { userId: number; sessionId: number };

export function accessTokenSigner(config: Config, now: () => Date = () => new Date()) {
  const key = new TextEncoder().encode(config.jwtSecret);
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
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: now(),
        });
        const userId = Number(payload.sub);
        const sessionId = payload['sid'];
        if (!Number.isSafeInteger(userId) || typeof sessionId !== 'number' || !Number.isSafeInteger(sessionId))
          return null;
        return { userId, sessionId };
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
