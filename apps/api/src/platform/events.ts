import type { DomainEvent } from '@bodega/contract';
import { EventEmitter } from 'node:events';

/**
 * Access that ended or changed, published after its transaction commits: every session of a
 * user (disabled, password changed or reset, customer deleted, role changed) or one session
 * (logout, refresh-token reuse). Internal, never sent to clients: the real-time layer
 * disconnects the matching sockets, which must then reconnect with a valid token.
 */
export type AccessChange = { userId: number } | { sessionId: number };

/**
 * In-process publish/subscribe for domain events. Transactions publish here only after they
 * commit (see `inTransaction`); the real-time layer and tests subscribe.
 */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: DomainEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Call after the transaction that revoked or changed the access commits. */
  publishAccessChange(change: AccessChange): void {
    this.emitter.emit('access', change);
  }

  onAccessChange(listener: (change: AccessChange) => void): () => void {
    this.emitter.on('access', listener);
    return () => this.emitter.off('access', listener);
  }
}
