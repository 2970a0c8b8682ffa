import {
  alertEvent,
  orderEvent,
  paymentEvent,
  stockAvailabilityEvent,
  stockChangedEvent,
  type DomainEvent,
  type ServerToClientEvents,
} from '@bodega/contract';
import { isStaffRole, ownRecordsOnly, rolesWith, type Capability } from '@bodega/domain';
import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyInstance } from 'fastify';
import { Server, type Socket } from 'socket.io';
import { actorFromToken, bearerToken, liveSessions } from './auth/guard';
import type { Actor, AppContext } from './context';
import { AppError } from './errors';
import type { RedisConnections } from './redis';

export const SOCKET_PATH = '/socket.io';
export const STAFF_ROOM = 'staff';
export const CATALOG_ROOM = 'catalog';
export const roleRoom = (role: string) => `role:${role}`;
export const customerRoom = (customerId: number) => `customer:${customerId}`;
export const userRoom = (userId: number) => `user:${userId}`;
export const sessionRoom = (sessionId: number) => `session:${sessionId}`;

export type RealtimeOptions = {
  /** How often live sockets' sessions are re-read from the database (default one minute). */
  sweepIntervalMs?: number;
};

type SocketData = { actor: Actor };
type ClientToServerEvents = Record<string, never>;
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The rooms a socket joins: who it is, and the audiences it belongs to. */
export function roomsOf(actor: Actor): string[] {
  const rooms = [userRoom(actor.userId), sessionRoom(actor.sessionId)];
  if (!ownRecordsOnly(actor.role)) return [...rooms, STAFF_ROOM, roleRoom(actor.role)];
  rooms.push(CATALOG_ROOM);
  if (actor.customerId !== null) rooms.push(customerRoom(actor.customerId));
  return rooms;
}

/** The staff roles' rooms for a capability of the policy: customers only ever get their own records. */
const staffWith = (capability: Capability) => rolesWith(capability).filter(isStaffRole).map(roleRoom);

export type Delivery = Readonly<{ name: DomainEvent['name']; rooms: string[]; payload: unknown }>;

/**
 * Who receives an event, and in what shape. The one routing table: staff by the policy's
 * read capability for the records involved, a customer only their own orders and payments
 * and product availability. Payloads pass through the contract's schemas, which drop any
 * field they do not declare, so a cost added to an event by mistake never reaches a socket.
 */
export function deliveriesOf(event: DomainEvent): Delivery[] {
  const { name } = event;
  switch (event.name) {
    case 'stock.changed':
      return [
        { name, rooms: staffWith('stock.read'), payload: stockChangedEvent.parse(event.payload) },
        { name, rooms: [CATALOG_ROOM], payload: stockAvailabilityEvent.parse(event.payload) },
      ];
    case 'alert.opened':
    case 'alert.resolved':
      return [{ name, rooms: staffWith('ledger.read'), payload: alertEvent.parse(event.payload) }];
    case 'order.created':
    case 'order.updated':
      return [
        {
          name,
          rooms: [...staffWith('orders.read'), customerRoom(event.payload.customerId)],
          payload: orderEvent.parse(event.payload),
        },
      ];
    case 'payment.recorded':
    case 'payment.voided':
      return [
        {
          name,
          rooms: [...staffWith('receivables.read'), customerRoom(event.payload.customerId)],
          payload: paymentEvent.parse(event.payload),
        },
      ];
  }
}

const refusal = (code: string, message: string) => Object.assign(new Error(message), { data: { code } });

/**
 * Socket.IO on the API's own HTTP server. A socket must present a valid access token of a live
 * session (the same check as the HTTP guard); it then joins its rooms and receives the domain
 * events published on `ctx.events` (after commit) that `deliveriesOf` routes to those rooms.
 * With Redis, the adapter carries every emit and disconnect to the sockets of all servers.
 */
export function installRealtime(
  app: FastifyInstance,
  ctx: AppContext,
  redis: RedisConnections | undefined,
  { sweepIntervalMs = 60_000 }: RealtimeOptions = {},
): RealtimeServer {
  const io: RealtimeServer = new Server(app.server, {
    path: SOCKET_PATH,
    serveClient: false,
    // Clients send nothing but the handshake (its token) to the server.
    maxHttpBufferSize: 16 * 1024,
    cors: ctx.config.corsOrigins.length ? { origin: [...ctx.config.corsOrigins], credentials: true } : undefined,
    ...(redis
      ? { adapter: createAdapter(redis.publisher, redis.subscriber, { key: `${redis.keyPrefix}:socket.io` }) }
      : {}),
  });

  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const fromAuth = typeof auth === 'object' && auth && 'token' in auth ? auth.token : undefined;
    const token = typeof fromAuth === 'string' ? fromAuth : bearerToken(socket.handshake.headers.authorization);
    if (!token) return next(refusal('unauthenticated', 'Sign in to continue'));
    actorFromToken(ctx, token).then(
      (actor) => {
        socket.data.actor = actor;
        next();
      },
      (err: unknown) => {
        if (err instanceof AppError) return next(refusal(err.code, err.message));
        ctx.log.error({ err }, 'socket handshake failed');
        next(refusal('internal_error', 'The server could not check the token; try again'));
      },
    );
  });

  io.on('connection', (socket: RealtimeSocket) => {
    void socket.join(roomsOf(socket.data.actor));
  });

  const unsubscribe = ctx.events.subscribe((event) => {
    // After commit, on the request's path: a failure here must not turn a committed write into a 500.
    try {
      for (const d of deliveriesOf(event)) {
        (io.to(d.rooms).emit as (name: string, payload: unknown) => boolean)(d.name, d.payload);
      }
    } catch (err) {
      ctx.log.error({ err, event: event.name }, 'real-time event not sent');
    }
  });
  const unsubscribeAccess = ctx.events.onAccessChange((change) => {
    const room = 'userId' in change ? userRoom(change.userId) : sessionRoom(change.sessionId);
    try {
      io.in(room).disconnectSockets(true);
    } catch (err) {
      ctx.log.error({ err, room }, 'sockets not disconnected; the periodic check will');
    }
  });

  // A second line behind the revocation events: every socket's session is re-read now and
  // then, and a socket whose session ended or whose role changed is dropped (it reconnects
  // with a fresh token, or not at all).
  let sweeping: Promise<void> | null = null;
  const sweep = async () => {
    const sockets = [...io.of('/').sockets.values()];
    const ids = [...new Set(sockets.map((s) => s.data.actor.sessionId))];
    const live = new Map<number, Actor>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const [id, actor] of await liveSessions(ctx, ids.slice(i, i + 500))) live.set(id, actor);
    }
    for (const socket of sockets) {
      const was = socket.data.actor;
      const now = live.get(was.sessionId);
      if (!now || now.role !== was.role || now.customerId !== was.customerId) socket.disconnect(true);
    }
  };
  const timer = setInterval(() => {
    sweeping ??= sweep()
      .catch((err: unknown) => ctx.log.error({ err }, 'socket session sweep failed'))
      .finally(() => {
        sweeping = null;
      });
  }, sweepIntervalMs).unref();

  // Stop taking sockets before the HTTP server stops accepting; in-flight requests still finish.
  app.addHook('preClose', async () => {
    clearInterval(timer);
    io.local.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    unsubscribeAccess();
    await sweeping;
    await io.close();
  });
  return io;
}
