import type { DomainEvent } from '@bodega/contract';
import { EventEmitter } from 'node:events';

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
}
