import { problemResponses, settingsSchema, updateSettingsBody } from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { metaOf } from '../../platform/request-meta';
import { getSettings } from './settings.queries';
import { updateSettings } from './update-settings';

const tags = ['settings'];

export const settingsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/settings',
      {
        config: { access: 'settings.manage' },
        schema: {
          operationId: 'getSettings',
          tags,
          summary: 'Installation settings',
          response: { 200: settingsSchema, ...problemResponses },
        },
      },
      () => getSettings(ctx.db),
    );
    app.patch(
      '/settings',
      {
        config: { access: 'settings.manage' },
        schema: {
          operationId: 'updateSettings',
          tags,
          summary: 'Change settings',
          body: updateSettingsBody,
          response: { 200: settingsSchema, ...problemResponses },
        },
      },
      (request) => updateSettings(ctx, actorOf(request), request.body, metaOf(request)),
    );
  };
