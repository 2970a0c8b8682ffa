import type { FastifyRequest } from 'fastify';
import type { RequestMeta } from './context';

export function metaOf(request: FastifyRequest): RequestMeta {
  const ua = request.headers['user-agent'];
  return { requestId: String(request.id), ip: request.ip, userAgent: ua ? ua.slice(0, 300) : null };
}
