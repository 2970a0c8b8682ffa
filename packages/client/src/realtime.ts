import type { ServerToClientEvents } from '@bodega/contract';
import { io, type Socket } from 'socket.io-client';
import type { BodegaClient } from './client';

export type RealtimeState = 'connecting' | 'connected' | 'disconnected';
export type RealtimeSocket = Socket<ServerToClientEvents, Record<string, never>>;

export type Realtime = {
  /** The typed socket: `socket.on('order.updated', (order) => …)`. */
  socket: RealtimeSocket;
  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void;
  readonly state: RealtimeState;
  /** Called now and on every change of state; a new `connected` is the moment to refetch what is on screen. */
  subscribe(listener: (state: RealtimeState) => void): () => void;
  close(): void;
};

type ConnectError = Error & { data?: { code?: string } };

/**
 * The live events of docs/realtime.md over the client's session: connected while signed in,
 * every (re)connection presents the current access token, an expired token is refreshed once
 * and the socket tried again, and signing out closes it.
 */
export function createRealtime(client: BodegaClient, options: { url?: string; path?: string } = {}): Realtime {
  const { session } = client;
  const url = options.url ?? client.baseUrl;
  const opts = {
    path: options.path ?? '/socket.io',
    autoConnect: false,
    // A function: asked again on every (re)connection, so it always sends the current token.
    auth: (cb: (data: object) => void) => cb({ token: session.accessToken() }),
  };
  const socket: RealtimeSocket = url ? io(url, opts) : io(opts);

  let state: RealtimeState = 'disconnected';
  const listeners = new Set<(state: RealtimeState) => void>();
  const set = (next: RealtimeState) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener(state);
  };
  let closed = false;
  /** Set after a refresh made for this socket, so that a token refused twice does not loop. */
  let renewed = false;

  const start = () => {
    if (closed || socket.connected || !session.accessToken()) return;
    set('connecting');
    socket.connect();
  };
  /** The server refused or ended us: refresh once, then try again (or stay down if signed out). */
  const renewAndRetry = async () => {
    if (renewed) return set('disconnected');
    renewed = true;
    set('connecting');
    const token = await session.refresh().catch(() => null);
    if (token) start();
    else set('disconnected');
  };

  socket.on('connect', () => {
    renewed = false;
    set('connected');
  });
  socket.on('connect_error', (err: ConnectError) => {
    // A refused handshake is not retried by Socket.IO; a transport failure is (socket.active).
    if (socket.active) return set('connecting');
    if (err.data?.code === 'invalid_token' || err.data?.code === 'unauthenticated') return void renewAndRetry();
    set('disconnected');
  });
  socket.on('disconnect', (reason) => {
    if (closed || !session.accessToken()) return set('disconnected');
    // The server ended this socket (sign-out elsewhere, role change…): Socket.IO will not come back by itself.
    if (reason === 'io server disconnect') return void renewAndRetry();
    set(socket.active ? 'connecting' : 'disconnected');
  });
  socket.io.on('reconnect_attempt', () => set('connecting'));

  const unsubscribe = session.subscribe((s) => {
    if (s.status === 'signed_in') start();
    else {
      socket.disconnect();
      set('disconnected');
    }
  });
  // A new token after a refresh: a socket that is down comes back with it.
  const offToken = session.onToken(() => {
    if (!socket.connected && !socket.active) start();
  });
  start();

  return {
    socket,
    on(event, handler) {
      socket.on(event, handler as never);
      return () => void socket.off(event, handler as never);
    },
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      listener(state);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      unsubscribe();
      offToken();
      socket.disconnect();
      set('disconnected');
    },
  };
}
