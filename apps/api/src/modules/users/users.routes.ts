import {
  createUserBody,
  idParams,
  listUsersQuery,
  pageOf,
  problemResponses,
  updateUserBody,
  userSchema,
} from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { metaOf } from '../../platform/request-meta';
import { findUserById, toUser } from '../auth/auth.queries';
import { createUser } from './create-user';
import { updateUser } from './update-user';
import { listUsers } from './users.queries';

const tags = ['users'];

export const userRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/users',
      {
        config: { access: 'users.manage' },
        schema: {
          operationId: 'listUsers',
          tags,
          summary: 'List users',
          querystring: listUsersQuery,
          response: { 200: pageOf(userSchema), ...problemResponses },
        },
      },
      (request) => listUsers(ctx.db, request.query),
    );

    app.post(
      '/users',
      {
        config: { access: 'users.manage' },
        schema: {
          operationId: 'createUser',
          tags,
          summary: 'Create a staff user',
          body: createUserBody,
          response: { 201: userSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createUser(ctx, actorOf(request), request.body, metaOf(request))),
    );

    app.get(
      '/users/:id',
      {
        config: { access: 'users.manage' },
        schema: {
          operationId: 'getUser',
          tags,
          summary: 'One user',
          params: idParams,
          response: { 200: userSchema, ...problemResponses },
        },
      },
      async (request) => {
        const user = await findUserById(ctx.db, request.params.id);
        if (!user) throw notFound('User');
        return toUser(user);
      },
    );

    app.patch(
      '/users/:id',
      {
        config: { access: 'users.manage' },
        schema: {
          operationId: 'updateUser',
          tags,
          summary: "Change a user's role or status (disabling ends their sessions)",
          params: idParams,
          body: updateUserBody,
          response: { 200: userSchema, ...problemResponses },
        },
      },
      (request) => updateUser(ctx, actorOf(request), request.params.id, request.body, metaOf(request)),
    );
  };
