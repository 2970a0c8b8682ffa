import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { startRecurring } from '../../platform/recurring';
import { expireDueOrders } from './expire-orders';

export type ExpirySchedulerOptions = {
  intervalMs?: number;
  firstRunDelayMs?: number;
  /** Test apps run no background timers by default; tests call `expireDueOrders` themselves. */
  enabled?: boolean;
};

/**
 * Expires overdue pending orders every minute on every server; each order's conditional
 * cancellation makes that exactly once however many servers sweep. Between ticks, a move of
 * an overdue order expires it first (`transitionOrder`), so being late costs no correctness.
 */
export function startExpiryScheduler(
  ctx: AppContext,
  app: FastifyInstance,
  { intervalMs = 60_000, firstRunDelayMs = 10_000, enabled = ctx.config.env !== 'test' }: ExpirySchedulerOptions = {},
): void {
  startRecurring(app, ctx.log, {
    what: 'pending order expiry',
    intervalMs,
    firstRunDelayMs,
    enabled,
    run: async () => {
      const expired = await expireDueOrders(ctx);
      if (expired > 0) ctx.log.info({ expired }, 'pending orders expired');
    },
  });
}
