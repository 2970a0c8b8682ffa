import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

export type RecurringTask = {
  /** For the log line of a failed run. */
  what: string;
  intervalMs: number;
  firstRunDelayMs: number;
  enabled: boolean;
  run: () => Promise<void>;
};

/**
 * Runs a background task shortly after the app is ready, then every `intervalMs`, one run at
 * a time. A failure is logged and retried on the next tick; the timers never keep the process
 * alive, and closing the app waits for a run in progress before the database closes. Every
 * server runs its own: the task itself must be once-only (a unique key or a conditional write).
 */
export function startRecurring(app: FastifyInstance, log: FastifyBaseLogger, task: RecurringTask): void {
  if (!task.enabled) return;
  let timers: NodeJS.Timeout[] = [];
  let running: Promise<void> | null = null;

  const tick = () => {
    running ??= task
      .run()
      .catch((err: unknown) => log.error({ err }, `${task.what} failed; retrying on the next tick`))
      .finally(() => {
        running = null;
      });
  };

  // Started once the app is ready, that is after migrations have run.
  app.addHook('onReady', async () => {
    timers = [setTimeout(tick, task.firstRunDelayMs).unref(), setInterval(tick, task.intervalMs).unref()];
  });
  // onClose hooks run in reverse order: this one finishes a running tick before the database closes.
  app.addHook('onClose', async () => {
    for (const timer of timers) clearTimeout(timer);
    await running;
  });
}
