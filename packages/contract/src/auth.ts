import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, ROLES, USER_STATUSES } from '@bodega/domain';
import * as z from 'zod';
import { emailAddress, emailSchema, text } from './common';

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH);

export const userSchema = z
  .object({
    id: z.number().int(),
    email: emailAddress,
    name: z.string(),
    role: z.enum(ROLES),
    status: z.enum(USER_STATUSES),
    customerId: z.number().int().nullable(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const registerBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: text(120),
  phone: z.string().trim().max(40).optional(),
});
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type LoginBody = z.infer<typeof loginBody>;

/** The refresh token may come in the body (mobile) or in the httpOnly cookie (web). */
export const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(200).optional() }).nullish();

export const authResponse = z
  .object({
    accessToken: z.string(),
    expiresIn: z.number().int().meta({ description: 'seconds until the access token expires' }),
    refreshToken: z.string().optional(),
    user: userSchema,
  })
  .meta({ id: 'AuthResponse' });
export type AuthResponse = z.infer<typeof authResponse>;

export const updateMeBody = z
  .strictObject({
    name: text(120).optional(),
    email: emailSchema.optional(),
    currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH).optional(),
  })
  .refine((b) => b.email === undefined || b.currentPassword !== undefined, {
    message: 'currentPassword is required to change the email',
    path: ['currentPassword'],
  });
export type UpdateMeBody = z.infer<typeof updateMeBody>;

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: passwordSchema,
});
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

export const PASSWORD_RESET_APPS = ['mobile', 'admin'] as const;
export const forgotPasswordBody = z.strictObject({
  email: emailSchema,
  app: z
    .enum(PASSWORD_RESET_APPS)
    .default('mobile')
    .meta({ description: 'which app the mailed link opens: mobile `/reset-password`, admin `/admin/reset-password`' }),
});
export type ForgotPasswordBody = z.infer<typeof forgotPasswordBody>;
export const resetPasswordBody = z.strictObject({
  token: z.string().min(20).max(200),
  newPassword: passwordSchema,
});
export type ResetPasswordBody = z.infer<typeof resetPasswordBody>;
