import type { FastifyInstance } from 'fastify';
import { AppError } from './errors';

/** Where in a value the first NUL character sits, if any. */
function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.${key}`;
    const found = findNul(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Text with a NUL character is refused before validation: no field needs one, SQLite would
 * cut the text there and PostgreSQL refuses it outright.
 */
export function installInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const where =
      findNul(request.params, 'params') ?? findNul(request.query, 'querystring') ?? findNul(request.body, 'body');
    if (where) {
      throw new AppError('validation_failed', 400, 'The request is not valid', {
        errors: [{ path: where, message: 'must not contain NUL characters' }],
      });
    }
  });
}
