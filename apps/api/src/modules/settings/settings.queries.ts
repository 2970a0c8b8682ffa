import { SETTINGS_DEFAULTS, settingsSchema, type Settings } from '@bodega/contract';
import { localDay, type Day } from '@bodega/domain';
import { parseJson, type Db, type Tx } from '../../db/database';

/** Stored values over the defaults; a stored value that no longer validates falls back. */
export async function getSettings(db: Db | Tx): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, parseJson(r.value)]));
  const merged: Record<string, unknown> = { ...SETTINGS_DEFAULTS };
  for (const key of Object.keys(SETTINGS_DEFAULTS) as (keyof Settings)[]) {
    const value = settingsSchema.shape[key].safeParse(stored[key]);
    if (value.success) merged[key] = value.data;
  }
  return merged as Settings;
}

/** The installation's calendar day at `now` (its time zone is a setting). */
export async function today(db: Db | Tx, now: string): Promise<Day> {
  return localDay(new Date(now), (await getSettings(db)).timeZone);
}
