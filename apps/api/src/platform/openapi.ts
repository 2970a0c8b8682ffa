import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifySchema, RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * The OpenAPI document, exact: what the zod schemas say, plus what only the route knows
 * (operationId, other media types, response headers, error statuses, who may call it).
 * One place shapes every operation, so the 100-odd routes declare facts, not response maps.
 */

/** Response headers an operation may document, by name (see `responseHeaders`). */
export const RESPONSE_HEADERS = {
  ETag: {
    description: 'The version of the resource, `"<version>"`: send it back in `If-Match`',
    schema: { type: 'string' },
  },
  'Idempotent-Replayed': {
    description: '`true` when this answer replays the request first made with the same `Idempotency-Key`',
    schema: { type: 'string', enum: ['true'] },
  },
  'Set-Cookie': {
    description:
      'The refresh token in the `bodega_refresh` cookie (HttpOnly, SameSite=Strict, Path=/api/v1/auth); ' +
      'cleared on logout and on a refused refresh',
    schema: { type: 'string' },
  },
} as const;
export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

declare module 'fastify' {
  interface FastifySchema {
    /** Headers documented on the success answers, by status. Documentation only. */
    responseHeaders?: Readonly<Partial<Record<number, readonly ResponseHeaderName[]>>>;
    /** Cookies the route reads. Documentation only: Fastify does not validate cookies. */
    cookies?: z.ZodType;
    /** A multipart/form-data body. Documentation only: the handler reads it with `request.file()`. */
    multipartBody?: z.ZodType;
  }
}

const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/** Every problem answer the document names once, in `components.responses`. */
const PROBLEM_RESPONSES: Record<number, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: 'The request is not valid (`validation_failed`, `malformed_request`, …)' },
  401: { name: 'Unauthorized', description: 'No valid access token, or wrong credentials' },
  403: { name: 'Forbidden', description: 'Your role may not do this' },
  404: { name: 'NotFound', description: 'No such resource, or not yours to see' },
  409: { name: 'Conflict', description: 'A business rule refuses the request; `code` says which' },
  412: { name: 'PreconditionFailed', description: '`If-Match` or `version` is not the current version' },
  413: { name: 'ContentTooLarge', description: 'The body is larger than this operation accepts' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not in a media type this operation reads' },
  422: { name: 'UnprocessableContent', description: 'The request is well-formed but cannot be processed' },
  428: { name: 'PreconditionRequired', description: '`If-Match` (or `version` in the body) is required' },
  429: { name: 'TooManyRequests', description: 'Too many requests; `Retry-After` says when to try again' },
  503: { name: 'ServiceUnavailable', description: 'The service is not ready' },
};

/**
 * Writes that can meet a limit of packages/domain/src/limits.ts only once they read the
 * database (a stock level's or the inventory's value, a customer's balance): 422
 * `amount_too_large` (decision 0014). The fields' own bounds are 400s.
 */
const AMOUNT_LIMITED_WRITES = new Set([
  'createProduct',
  'updateProduct',
  'importProducts',
  'receiveStock',
  'adjustStock',
  'transferStock',
  'countStock',
  'receivePurchaseOrder',
  'placeOrder',
  'transitionOrder',
  'receiveReturn',
  'createManualDebt',
]);
/** Reads of sums over many rows: past the safe integer range they answer 422, never a 500. */
const SUMMING_READS = /^\/api\/v1\/(reports|inventory)\//;

const SUCCESS_DESCRIPTIONS: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content' };

type Json = Record<string, unknown>;
type TransformInput = Parameters<NonNullable<FastifyDynamicSwaggerOptions['transform']>>[0];

function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || (type.endsWith('+json') && type.startsWith('application/'));
}

/** The schema of one media type: JSON ones from zod; text as a string; anything else as bytes. */
function mediaSchema(type: string, schema: unknown): unknown {
  if (isJsonMediaType(type)) return schema;
  if (type.startsWith('text/') || type === 'application/x-ndjson') return { type: 'string' };
  return { type: 'string', format: 'binary' };
}

/** The media types of the success answer: declared by `produces`, else JSON, plus what `format=` offers. */
function successMediaTypes(produces: readonly string[] | undefined, querystring: Json | undefined): string[] {
  if (produces?.length) return [...produces];
  const format = (querystring?.['properties'] as Record<string, Json> | undefined)?.['format'];
  const formats = (format?.['enum'] as string[] | undefined) ?? [];
  return [
    'application/json',
    ...(formats.includes('csv') ? ['text/csv'] : []),
    ...(formats.includes('pdf') ? ['application/pdf'] : []),
  ];
}

function hasProperty(schema: unknown, name: string): boolean {
  const properties = (schema as Json | undefined)?.['properties'];
  return typeof properties === 'object' && properties !== null && name in properties;
}

/** Per route: zod to JSON Schema (the type provider's transform), then the facts only the route knows. */
function transform(input: TransformInput): ReturnType<NonNullable<FastifyDynamicSwaggerOptions['transform']>> {
  const route = input.route as RouteOptions;
  const { responseHeaders, cookies, multipartBody, produces, ...declared } = input.schema ?? {};
  const source = multipartBody ? { ...declared, body: multipartBody, consumes: ['multipart/form-data'] } : declared;
  const converted = jsonSchemaTransform({ ...input, schema: source });
  const schema = converted.schema as Json;
  if (schema['hide']) return converted;

  const method = String(route.method);
  if (typeof schema['operationId'] !== 'string') {
    throw new Error(
      `${method} ${input.url} has no operationId: add one to its route schema (verb-named, e.g. listProducts)`,
    );
  }
  const access = route.config?.access;
  const isPublic = access === undefined || access === 'public';
  const readsBody = schema['body'] !== undefined;
  const versioned = hasProperty(schema['body'], 'version') || hasProperty(schema['headers'], 'if-match');
  const rateLimited = (route.config as { rateLimit?: unknown } | undefined)?.rateLimit !== false;

  const responses = { ...((schema['response'] as Record<string, Json> | undefined) ?? {}) };
  const statuses = new Set(Object.keys(responses).map(Number));
  if (isPublic) statuses.delete(403);
  else statuses.add(401).add(403);
  if (readsBody) statuses.add(413).add(415);
  if (versioned) statuses.add(412);
  if (rateLimited) statuses.add(429);
  if (AMOUNT_LIMITED_WRITES.has(schema['operationId']) || (method === 'GET' && SUMMING_READS.test(input.url))) {
    statuses.add(422);
  }

  const mediaTypes = successMediaTypes(produces, schema['querystring'] as Json | undefined);
  const shaped: Record<string, Json> = {};
  for (const status of [...statuses].sort((a, b) => a - b)) {
    const jsonSchema = responses[status] ?? PROBLEM_REF;
    if (status >= 400) {
      shaped[status] = {
        description: PROBLEM_RESPONSES[status]?.description ?? 'Problem',
        content: { [PROBLEM_MEDIA_TYPE]: { schema: jsonSchema } },
      };
      continue;
    }
    const { description, ...body } = jsonSchema as Json & { description?: string };
    const headers = Object.fromEntries(
      (responseHeaders?.[status] ?? []).map((name) => {
        const header = RESPONSE_HEADERS[name];
        return [name, { description: header.description, ...header.schema }];
      }),
    );
    shaped[status] = {
      description: description ?? SUCCESS_DESCRIPTIONS[status] ?? 'Success',
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(body['type'] === 'null'
        ? { type: 'null' }
        : { content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: mediaSchema(type, body) }])) }),
    };
  }

  return {
    url: converted.url,
    schema: {
      ...schema,
      response: shaped,
      ...(isPublic ? { security: [] } : {}),
      // @fastify/swagger documents JSON Schema `cookies` as cookie parameters.
      ...(cookies ? { cookies: jsonSchemaOf(cookies) } : {}),
    } as FastifySchema,
  };
}

function jsonSchemaOf(schema: z.ZodType): Json {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Json;
  return json;
}

/** Every `#/components/<kind>/<name>` a value refers to. */
function refsIn(value: unknown, kind: string): Set<string> {
  const prefix = `#/components/${kind}/`;
  const found = new Set<string>();
  JSON.stringify(value, (key, inner: unknown) => {
    if (key === '$ref' && typeof inner === 'string' && inner.startsWith(prefix)) found.add(inner.slice(prefix.length));
    return inner;
  });
  return found;
}

/**
 * `anyOf` as zod leaves it after the type provider drops `z.any()` branches: a union with an
 * any-value member (`{}`) matches anything, and a union of one is that one.
 */
function simplifyUnions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(simplifyUnions);
  if (value === null || typeof value !== 'object') return value;
  const node = Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, simplifyUnions(inner)])) as Json;
  const members = node['anyOf'];
  if (!Array.isArray(members)) return node;
  const { anyOf: _members, ...rest } = node;
  if (members.some((member) => typeof member === 'object' && member !== null && !Object.keys(member).length)) {
    return rest;
  }
  if (members.length === 1 && !Object.keys(rest).some((key) => key in (members[0] as Json))) {
    return { ...rest, ...(members[0] as Json) };
  }
  return node;
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

type Operation = { responses?: Record<string, Json> };

/**
 * The whole document: the named zod schemas become components (only those the operations
 * reach: the type provider emits an input copy, `…Input`, of every named schema, and no
 * request body uses one), and the plain problem answers become shared responses.
 */
function transformObject(
  input: Parameters<typeof jsonSchemaTransformObject>[0],
): ReturnType<typeof jsonSchemaTransformObject> {
  const document = jsonSchemaTransformObject(input) as Json & {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas?: Record<string, unknown> } & Json;
  };
  const sharedResponses: Record<string, Json> = {};
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const shared = PROBLEM_RESPONSES[Number(status)];
        const content = response['content'] as Record<string, { schema?: unknown }> | undefined;
        const isPlainProblem =
          shared &&
          content &&
          Object.keys(content).length === 1 &&
          content[PROBLEM_MEDIA_TYPE]?.schema !== undefined &&
          JSON.stringify(content[PROBLEM_MEDIA_TYPE].schema) === JSON.stringify(PROBLEM_REF);
        if (!isPlainProblem) continue;
        sharedResponses[shared.name] = response;
        operation.responses![status] = { $ref: `#/components/responses/${shared.name}` };
      }
    }
  }

  const schemas = document.components.schemas ?? {};
  const reachable = new Set<string>();
  const pending = [...refsIn(document.paths, 'schemas'), ...refsIn(sharedResponses, 'schemas')];
  while (pending.length) {
    const name = pending.pop()!;
    if (reachable.has(name)) continue;
    reachable.add(name);
    pending.push(...refsIn(schemas[name], 'schemas'));
  }

  return simplifyUnions({
    ...document,
    // Relative: the document is served by the server it describes, whatever its address.
    servers: [{ url: '/', description: 'The server that serves this document' }],
    components: {
      ...document.components,
      schemas: sortedByKey(Object.fromEntries(Object.entries(schemas).filter(([name]) => reachable.has(name)))),
      responses: sortedByKey(sharedResponses),
    },
  }) as ReturnType<typeof jsonSchemaTransformObject>;
}

export const swaggerOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Bodega API',
      version: '1',
      description:
        'Inventory, orders and receivables for small and medium businesses. Errors are RFC 9457 problem+json.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  },
  transform,
  transformObject,
};
