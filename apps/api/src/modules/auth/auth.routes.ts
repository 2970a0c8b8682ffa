import {
  authResponse,
  changePasswordBody,
  forgotPasswordBody,
  loginBody,
  okSchema,
  problemResponses,
  refreshBody,
  registerBody,
  resetPasswordBody,
  updateMeBody,
  userSchema,
  type AuthResponse,
} from '@bodega/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { PAGE_COOKIE, pageCookieValue } from '../../platform/first-screen';
import { metaOf } from '../../platform/request-meta';
import { findUserById, toUser } from './auth.queries';
import { changePassword } from './change-password';
import { login } from './login';
import { DEVICE_COOKIE, DEVICE_TTL_DAYS, rememberDevice } from './login-device';
import { logout } from './logout';
import { refreshSession } from './refresh-session';
import { registerCustomer } from './register-customer';
import { requestPasswordReset } from './request-password-reset';
import { resetPassword } from './reset-password';
import { updateProfile } from './update-profile';

export const REFRESH_COOKIE = 'bodega_refresh';
const COOKIE_PATH = '/api/v1/auth';
/** Non-browser clients ask for the refresh token in the body with this header. */
const TRANSPORT_HEADER = 'x-refresh-token-transport';

const tags = ['auth'];
const authHeaders = z
  .object({
    [TRANSPORT_HEADER]: z
      .enum(['cookie', 'body'])
      .optional()
      .meta({ description: '`body`: also answer the refresh token in the JSON body (non-browser clients)' }),
  })
  .loose();
const refreshCookie = z.object({
  [REFRESH_COOKIE]: z.string().optional().meta({ description: 'The refresh token, when the body carries none' }),
});
/** Read by login-device.ts, which verifies its signature. */
const deviceCookie = z.object({
  [DEVICE_COOKIE]: z
    .string()
    .optional()
    .meta({ description: 'Device cookie from an earlier successful sign-in (opaque, signed by the server)' }),
});
const setsCookie = { 200: ['Set-Cookie'], 201: ['Set-Cookie'] } as const;

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const secure = ctx.config.publicUrl.startsWith('https://');
    const cookieDays = ctx.config.refreshTokenTtlDays;
    /** Per-IP limits on the auth routes, in multiples of AUTH_RATE_LIMIT_PER_MINUTE. */
    const strict = (times: number) => ({
      rateLimit: { max: ctx.config.rateLimit.authPerMinute * times, timeWindow: '1 minute' },
    });

    /**
     * The refresh token always goes to the httpOnly cookie; into the body only on request. After
     * a sign-in with the password, the browser also gets (or renews) its device cookie.
     */
    async function deliver(
      request: FastifyRequest,
      reply: FastifyReply,
      auth: AuthResponse,
      signedIn: 'with-password' | 'by-refresh' = 'with-password',
    ): Promise<AuthResponse> {
      reply.setCookie(REFRESH_COOKIE, auth.refreshToken ?? '', {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: COOKIE_PATH,
        maxAge: cookieDays * 86_400,
      });
      // The phone app's page cookie (platform/first-screen.ts): its session, for the catalog drawn by the server.
      const claims = await ctx.tokens.verify(auth.accessToken);
      if (claims && auth.user.role === 'customer') {
        reply.setCookie(PAGE_COOKIE, pageCookieValue(ctx, claims.sessionId), {
          httpOnly: true,
          sameSite: 'strict',
          secure,
          path: '/',
          maxAge: cookieDays * 86_400,
        });
      } else {
        // Someone else signed in on this browser: a customer's page must not be drawn for them.
        reply.clearCookie(PAGE_COOKIE, { path: '/' });
      }
      if (signedIn === 'with-password') {
        reply.setCookie(DEVICE_COOKIE, rememberDevice(ctx, request.cookies[DEVICE_COOKIE], auth.user.email), {
          httpOnly: true,
          sameSite: 'strict',
          secure,
          path: COOKIE_PATH,
          maxAge: DEVICE_TTL_DAYS * 86_400,
        });
      }
      if (request.headers[TRANSPORT_HEADER] === 'body') return auth;
      const { refreshToken: _kept, ...rest } = auth;
      return rest;
    }
    const clearCookie = (reply: FastifyReply) =>
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH }).clearCookie(PAGE_COOKIE, { path: '/' });

    app.post(
      '/auth/register',
      {
        config: { access: 'public', ...strict(1) },
        schema: {
          operationId: 'register',
          responseHeaders: setsCookie,
          tags,
          summary: 'Register as a customer (always the customer role)',
          headers: authHeaders,
          body: registerBody,
          response: { 201: authResponse, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await deliver(request, reply, await registerCustomer(ctx, request.body, metaOf(request)))),
    );

    app.post(
      '/auth/login',
      {
        config: { access: 'public', ...strict(3) },
        schema: {
          operationId: 'login',
          responseHeaders: setsCookie,
          tags,
          summary: 'Sign in',
          description:
            `Sets the \`${REFRESH_COOKIE}\` and \`${DEVICE_COOKIE}\` cookies (httpOnly, SameSite=Strict, path ${COOKIE_PATH}). ` +
            `Send \`${DEVICE_COOKIE}\` back on later sign-ins: a browser that signed in to the account before is ` +
            'throttled on its own failures only, so failures from elsewhere never lock its owner out. ' +
            `A customer also gets \`${PAGE_COOKIE}\` (httpOnly, SameSite=Strict, path /): no credential for the API, ` +
            "it lets the phone app's catalog page arrive drawn by the server.",
          headers: authHeaders,
          cookies: deviceCookie,
          body: loginBody,
          response: { 200: authResponse, ...problemResponses },
        },
      },
      async (request, reply) =>
        deliver(request, reply, await login(ctx, request.body, metaOf(request), request.cookies[DEVICE_COOKIE])),
    );

    app.post(
      '/auth/refresh',
      {
        config: { access: 'public', ...strict(6) },
        schema: {
          operationId: 'refreshSession',
          responseHeaders: setsCookie,
          cookies: refreshCookie,
          tags,
          summary: 'Rotate the refresh token (from the body or the cookie) for a new access token',
          headers: authHeaders,
          body: refreshBody,
          response: { 200: authResponse, ...problemResponses },
        },
      },
      async (request, reply) => {
        const token = request.body?.refreshToken ?? request.cookies[REFRESH_COOKIE];
        try {
          return await deliver(request, reply, await refreshSession(ctx, token), 'by-refresh');
        } catch (err) {
          clearCookie(reply);
          throw err;
        }
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { access: 'authenticated' },
        schema: {
          operationId: 'logout',
          responseHeaders: setsCookie,
          tags,
          summary: 'End this session',
          response: { 200: okSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        await logout(ctx, actorOf(request));
        clearCookie(reply);
        return { ok: true as const };
      },
    );

    app.get(
      '/auth/me',
      {
        config: { access: 'authenticated' },
        schema: {
          operationId: 'getMe',
          tags,
          summary: 'The signed-in user',
          response: { 200: userSchema, ...problemResponses },
        },
      },
      async (request) => {
        const user = await findUserById(ctx.db, actorOf(request).userId);
        if (!user) throw notFound('User');
        return toUser(user);
      },
    );

    app.patch(
      '/auth/me',
      {
        config: { access: 'authenticated' },
        schema: {
          operationId: 'updateMe',
          tags,
          summary: 'Change your own name or email (email needs the current password)',
          body: updateMeBody,
          response: { 200: userSchema, ...problemResponses },
        },
      },
      (request) => updateProfile(ctx, actorOf(request), request.body, metaOf(request)),
    );

    app.post(
      '/auth/change-password',
      {
        config: { access: 'authenticated', ...strict(1) },
        schema: {
          operationId: 'changePassword',
          responseHeaders: setsCookie,
          tags,
          summary: 'Change your password; every other session ends',
          headers: authHeaders,
          body: changePasswordBody,
          response: { 200: authResponse, ...problemResponses },
        },
      },
      async (request, reply) =>
        deliver(request, reply, await changePassword(ctx, actorOf(request), request.body, metaOf(request))),
    );

    app.post(
      '/auth/forgot-password',
      {
        config: { access: 'public', ...strict(1) },
        schema: {
          operationId: 'requestPasswordReset',
          tags,
          summary: 'Mail a password-reset link (the answer never says whether the email exists)',
          body: forgotPasswordBody,
          response: { 202: okSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        // Answered before any lookup: neither the body nor the timing says whether the email exists.
        requestPasswordReset(ctx, request.body.email, metaOf(request), request.body.app).catch((err: unknown) =>
          request.log.error({ err }, 'password reset request failed'),
        );
        return reply.code(202).send({ ok: true as const });
      },
    );

    app.post(
      '/auth/reset-password',
      {
        config: { access: 'public', ...strict(1) },
        schema: {
          operationId: 'resetPassword',
          tags,
          summary: 'Choose a new password with a mailed token; every session ends',
          body: resetPasswordBody,
          response: { 200: okSchema, ...problemResponses },
        },
      },
      async (request) => {
        await resetPassword(ctx, request.body, metaOf(request));
        return { ok: true as const };
      },
    );
  };
