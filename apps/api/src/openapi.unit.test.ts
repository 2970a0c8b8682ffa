import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_FILE, renderOpenApiDocument } from './openapi-document';

type Operation = {
  operationId?: string;
  security?: unknown[];
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
};

describe('the OpenAPI document', () => {
  let served: string;
  let document: Document;
  beforeAll(async () => {
    served = await renderOpenApiDocument();
    document = JSON.parse(served) as Document;
  });
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );

  it('is the committed packages/contract/openapi.json', () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    // Not toEqual on 400 kB: a diff that size says nothing; the fix is one command.
    expect(served === committed, 'packages/contract/openapi.json is stale: run `npm run openapi` and commit it').toBe(
      true,
    );
  });

  it('names every operation once', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('says who may call every operation, and answers errors as problem+json', () => {
    for (const { name, operation } of operations()) {
      expect(operation.security, name).toBeDefined();
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400 || response.$ref) continue;
        expect(Object.keys(response.content ?? {}), `${name} ${status}`).toEqual(['application/problem+json']);
      }
    }
  });

  it('declares the files the API answers', () => {
    const contentOf = (path: string, status = '200') =>
      Object.keys(document.paths[path]!['get']!.responses[status]!.content ?? {});
    expect(contentOf('/api/v1/orders/{id}/invoice.pdf')).toEqual(['application/pdf']);
    expect(contentOf('/api/v1/customers/{id}/statement')).toEqual(['application/json', 'text/csv', 'application/pdf']);
    expect(contentOf('/api/v1/reports/sales')).toEqual(['application/json', 'text/csv']);
    expect(contentOf('/media/products/{file}')).toEqual(['image/webp']);
    const csv = operations().filter(({ operation }) => operation.responses['200']?.content?.['text/csv']);
    expect(csv.length).toBeGreaterThanOrEqual(13);
  });
});
