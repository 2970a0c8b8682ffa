import * as z from 'zod';

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
    pendingOrderLifetimeMinutes: z
      .number()
      .int()
      .min(5)
      .max(43_200)
      .meta({
        description:
          "how long a customer's own unconfirmed order holds its stock before it expires (cancelled, stock released); " +
          'fixed for each order when it is placed',
      }),
    maxPendingOrdersPerCustomer: z.number().int().min(1).max(1000).meta({
      description: 'how many unexpired pending orders a customer account may hold; staff orders do not count',
    }),
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
  // A day: an order placed in the evening is still there when staff confirm it next morning.
  pendingOrderLifetimeMinutes: 1440,
  maxPendingOrdersPerCustomer: 5,
};

export const updateSettingsBody = settingsSchema.partial().strict();
export type UpdateSettingsBody = z.infer<typeof updateSettingsBody>;
