import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context';

export const inventoryRoutes =
  (_ctx: AppContext): FastifyPluginAsyncZod =>
  async () => {};
