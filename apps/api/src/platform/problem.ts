import { ERROR_STATUS, type ErrorCode, type ErrorStatus, type Problem } from '@bodega/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from './errors';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Answers problem+json with the code's own status (`status` names it at the call site). */
export function sendProblem<C extends ErrorCode>(
  reply: FastifyReply,
  _status: ErrorStatus<C>,
  code: C,
  detail: string,
  errors?: FieldError[],
  extra: Record<string, unknown> = {},
): FastifyReply {
  const status = ERROR_STATUS[code];
  const body: Problem = {
    ...extra,
    type: `urn:bodega:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    requestId: String(reply.request.id),
    ...(errors && errors.length ? { errors } : {}),
  };
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}

/** Fastify's own 4xx errors, by their code, mapped to our stable codes (and so to their statuses). */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_request',
};

function statusToCode(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 413:
      return 'payload_too_large';
    case 414:
      return 'uri_too_long';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return 'malformed_request';
  }
}

/** zod's verdict on an integer beyond ±Number.MAX_SAFE_INTEGER. */
function isUnsafeInteger(issue: { code: string; origin?: unknown }): boolean {
  return (issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'int';
}

/** One error handler for the whole API: problem+json, stable codes, no internals on 5xx. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      for (const [name, value] of Object.entries(error.details.headers ?? {})) reply.header(name, value);
      return sendProblem(reply, error.status, error.code, error.message, error.details.errors, error.details.extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const errors = error.validation.map((v) => ({
        path: [
          where,
          ...String(v.instancePath ?? '')
            .split('/')
            .filter(Boolean),
        ].join('.'),
        message: v.message ?? 'is invalid',
      }));
      return sendProblem(reply, 400, 'validation_failed', 'The request is not valid', errors);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response failed its schema');
      // A read whose figures add up past the safe integer range (decision 0014) wrote nothing:
      // say so, rather than 500. A write's answer is bounded before its transaction commits.
      if ((request.method === 'GET' || request.method === 'HEAD') && error.cause.issues.some(isUnsafeInteger)) {
        return sendProblem(
          reply,
          422,
          'amount_too_large',
          'A figure of this answer is too large to send exactly; ask for a shorter period or fewer rows',
        );
      }
      return sendProblem(reply, 500, 'internal_error', 'Something went wrong on our side');
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      if (status === 429) return sendProblem(reply, 429, 'rate_limited', 'Too many requests; slow down');
      const code = (error.code && FASTIFY_CODES[error.code]) || statusToCode(status);
      // Fastify's 4xx messages describe the request, not our internals; keep them short.
      const detail =
        code === 'malformed_request' && error.code?.includes('JSON') ? 'The body is not valid JSON' : error.message;
      return sendProblem(reply, ERROR_STATUS[code], code, detail);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, 'internal_error', 'Something went wrong on our side');
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      404,
      'not_found',
      `No route for ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}`,
    ),
  );
}
