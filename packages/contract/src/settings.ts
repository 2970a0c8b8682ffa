import { z } from 'zod';

/** Installation settings an admin edits; every key has a default. */
export const settingsSchema = z
  .object({
    businessName: z.string().trim().min(1).max(120),
    businessTaxId: z.string().trim().max(40),
    businessAddress: z.string().trim().max(300),
    businessEmail: z.string().trim().max(254),
    businessPhone: z.string().trim().max(40),
    timeZone: z
      .string()
      .max(64)
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'unknown IANA time zone'),
  })
  .meta({ id: 'Settings' });
export type Settings = z.infer<typeof settingsSchema>;

export const SETTINGS_DEFAULTS: Settings = {
  businessName: 'Bodega',
  businessTaxId: '',
  businessAddress: '',
  businessEmail: '',
  businessPhone: '',
  timeZone: 'UTC',
};

export const updateSettingsBody = settingsSchema.partial().strict();
export type UpdateSettingsBody = z.infer<typeof updateSettingsBody>;
