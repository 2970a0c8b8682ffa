import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
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
 * A failure is logged and retried on the next tick; the timers never keep the process alive.
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
  if (!enabled) return;
  let timers: NodeJS.Timeout[] = [];
  let running: Promise<void> | null = null;

  const tick = () => {
    running ??= takeValueSnapshot(ctx, { actor: null, meta: null })
      .then((snapshot) => {
        if (snapshot.created)
          ctx.log.info({ day: snapshot.day, valueCents: snapshot.valueCents }, 'inventory snapshot taken');
      })
      .catch((err: unknown) => ctx.log.error({ err }, 'inventory snapshot failed; retrying on the next tick'))
      .finally(() => {
        running = null;
      });
  };

  // Started once the app is ready, that is after migrations have run.
  app.addHook('onReady', async () => {
    timers = [setTimeout(tick, firstRunDelayMs).unref(), setInterval(tick, intervalMs).unref()];
  });
  // onClose hooks run in reverse order: this one finishes a running tick before the database closes.
  app.addHook('onClose', async () => {
    for (const timer of timers) clearTimeout(timer);
    await running;
  });
}
