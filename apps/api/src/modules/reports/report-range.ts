import { DEFAULT_REPORT_DAYS, MAX_REPORT_DAYS } from '@bodega/contract';
import { addDays, daysInRange, localDay, type Day } from '@bodega/domain';
import type { Db } from '../../db/database';
import { AppError } from '../../platform/errors';
import { getSettings } from '../settings/settings.queries';

/** A report's days, both included, in the installation's time zone. */
export type ReportRange = { from: Day; to: Day; timeZone: string };

/** The range a request asks for; by default the 30 days ending today (local). */
export async function resolveRange(db: Db, now: Date, query: { from?: string; to?: string }): Promise<ReportRange> {
  const { timeZone } = await getSettings(db);
  const today = localDay(now, timeZone);
  const to = query.to ?? (query.from && query.from > today ? query.from : today);
  const from = query.from ?? addDays(to, 1 - DEFAULT_REPORT_DAYS);
  if (daysInRange(from, to) > MAX_REPORT_DAYS) {
    throw new AppError('validation_failed', 400, `A report covers at most ${MAX_REPORT_DAYS} days`, {
      errors: [{ path: 'querystring.from', message: `at most ${MAX_REPORT_DAYS} days before to` }],
    });
  }
  return { from, to, timeZone };
}
