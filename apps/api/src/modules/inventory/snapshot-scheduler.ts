import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { startRecurring } from '../../platform/recurring';
import { takeValueSnapshot } from './take-value-snapshot';

export type SnapshotSchedulerOptions = {
  intervalMs?: number;
  firstRunDelayMs?: number;
  /** Test apps run no background timers by default, so that no test sees a snapshot it did not take. */
  enabled?: boolean;
};

/**
 * Takes the day's inventory snapshot if it is missing: shortly after the server is ready, then
 * every ten minutes, so a day is covered within minutes of local midnight and a server that was
 * down catches up when it returns. Every server runs this; UNIQUE(day) keeps one row per day.
 */
export function startSnapshotScheduler(
  ctx: AppContext,
  app: FastifyInstance,
  {
    intervalMs = 10 * 60_000,
    firstRunDelayMs = 15_000,
    enabled = ctx.config.env !== 'test',
  }: SnapshotSchedulerOptions = {},
): void {
  startRecurring(app, ctx.log, {
    what: 'inventory snapshot',
    intervalMs,
    firstRunDelayMs,
    enabled,
    run: async () => {
      const snapshot = await takeValueSnapshot(ctx, { actor: null, meta: null });
      if (snapshot.created)
        ctx.log.info({ day: snapshot.day, valueCents: snapshot.valueCents }, 'inventory snapshot taken');
    },
  });
}
