import { can, rolesWith, type Capability } from '@bodega/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, AppContext } from '../context';
import { AppError } from '../errors';
import { changeStampExpression } from '../unchanged-cache';

/** Who may call a route: anyone, any signed-in user, or the roles holding a capability. */
export type Access = 'public' | 'authenticated' | Capability;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /**
     * The database's change stamp, read by the guard's session lookup in the same statement:
     * what `UnchangedCache` compares with, one round trip fewer for a cached answer.
     */
    changeStamp: string | undefined;
  }
  interface FastifyInstance {
    /** Every API route's declared access, keyed "METHOD /path": what the authorization matrix test checks. */
    routeAccess: Map<string, Access>;
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
  app.decorateRequest('changeStamp', undefined);
  app.decorate('routeAccess', new Map<string, Access>());

  const guard = async (request: FastifyRequest) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    const token = bearerToken(request.headers.authorization);
    if (!token) throw unauthenticated();
    const { actor, stamp } = await resolveToken(ctx, token);
    request.actor = actor;
    request.changeStamp = stamp;
    if (access !== 'authenticated' && !can(request.actor.role, access)) {
      throw new AppError('forbidden', 403, 'Your role may not do this');
    }
  };

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(apiPrefix)) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${route.method} ${route.url} declares no config.access`);
    for (const method of toArray(route.method)) app.routeAccess.set(`${method} ${route.url}`, access);
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

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header) : null;
  return match?.[1] ?? null;
}

/**
 * The caller behind an access token: the signature and expiry, then the session and the user
 * as the database has them now. Both the HTTP guard and the Socket.IO handshake use it.
 */
export async function actorFromToken(ctx: AppContext, token: string): Promise<Actor> {
  return (await resolveToken(ctx, token)).actor;
}

async function resolveToken(ctx: AppContext, token: string): Promise<{ actor: Actor; stamp: string | undefined }> {
  const claims = await ctx.tokens.verify(token);
  if (!claims) throw new AppError('invalid_token', 401, 'The access token is invalid or expired');
  const { actors, stamp } = await readSessions(ctx, [claims.sessionId]);
  const actor = actors.get(claims.sessionId);
  if (!actor || actor.userId !== claims.userId) {
    throw new AppError('invalid_token', 401, 'The session has ended; sign in again');
  }
  return { actor, stamp };
}

/**
 * Which of these sessions are live now (not revoked, not expired, their user active), each
 * with its actor as the database has it now. Live sockets are re-checked with it too.
 */
export async function liveSessions(ctx: AppContext, sessionIds: readonly number[]): Promise<Map<number, Actor>> {
  return (await readSessions(ctx, sessionIds)).actors;
}

/** `liveSessions`, with the database's change stamp read by the same statement (when a session is live). */
async function readSessions(
  ctx: AppContext,
  sessionIds: readonly number[],
): Promise<{ actors: Map<number, Actor>; stamp: string | undefined }> {
  if (sessionIds.length === 0) return { actors: new Map(), stamp: undefined };
  const rows = await ctx.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as session_id', 'u.id', 'u.role', 'u.customer_id', changeStampExpression(ctx.db).as('stamp')])
    .where('s.id', 'in', [...sessionIds])
    .where('u.status', '=', 'active')
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', ctx.now().toISOString())
    .execute();
  return {
    actors: new Map(
      rows.map((r) => [
        r.session_id,
        { userId: r.id, role: r.role, customerId: r.customer_id, sessionId: r.session_id },
      ]),
    ),
    stamp: rows[0] ? String(rows[0].stamp) : undefined,
  };
}

/** For handlers of authenticated routes: the guard has already set the actor. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}
