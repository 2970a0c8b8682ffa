import { can, rolesWith, type Capability } from '@bodega/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, AppContext } from '../context';
import { AppError } from '../errors';

/** Who may call a route: anyone, any signed-in user, or the roles holding a capability. */
export type Access = 'public' | 'authenticated' | Capability;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const unauthenticated = () => new AppError('unauthenticated', 401, 'Sign in to continue');

/**
 * The route guard. Every route under /api/v1 declares `config.access`; a route without it
 * fails at start-up. The caller is re-read from the database on every request, so a disabled
 * user, a revoked session or a changed role takes effect on the very next request.
 */
export function installGuard(app: FastifyInstance, ctx: AppContext, apiPrefix: string): void {
  app.decorateRequest('actor', null);

  const guard = async (request: FastifyRequest) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    request.actor = await authenticate(ctx, request);
    if (access !== 'authenticated' && !can(request.actor.role, access)) {
      throw new AppError('forbidden', 403, 'Your role may not do this');
    }
  };

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(apiPrefix)) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${route.method} ${route.url} declares no config.access`);
    if (access === 'public') return;
    // A route-level hook, added after the rate limiter's: throttling comes before any token check.
    route.onRequest = [...toArray(route.onRequest), guard];
    route.schema ??= {};
    // HEAD routes share their GET route's schema object: describe it once.
    if (route.schema.security) return;
    const who = access === 'authenticated' ? 'any signed-in user' : `roles: ${rolesWith(access).join(', ')}`;
    Object.assign(route.schema, {
      security: [{ bearerAuth: [] }],
      description: [route.schema.description, `Access: ${who}.`].filter(Boolean).join('\n\n'),
    });
  });
}

function toArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<Actor> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header) : null;
  if (!match?.[1]) throw unauthenticated();
  const claims = await ctx.tokens.verify(match[1]);
  if (!claims) throw new AppError('invalid_token', 401, 'The access token is invalid or expired');
  const row = await ctx.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.role', 'u.status', 'u.customer_id', 's.revoked_at', 's.expires_at'])
    .where('s.id', '=', claims.sessionId)
    .where('s.user_id', '=', claims.userId)
    .executeTakeFirst();
  if (!row || row.status !== 'active' || row.revoked_at !== null || row.expires_at <= ctx.now().toISOString()) {
    throw new AppError('invalid_token', 401, 'The session has ended; sign in again');
  }
  return { userId: row.id, role: row.role, customerId: row.customer_id, sessionId: claims.sessionId };
}

/** For handlers of authenticated routes: the guard has already set the actor. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}
