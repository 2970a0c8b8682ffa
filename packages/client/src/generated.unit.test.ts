import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED, renderTypes } from '../scripts/generate-types';

describe('src/generated/api.ts', () => {
  it('is what packages/contract/openapi.json generates (run `npm run generate:client`)', async () => {
    const committed = readFileSync(GENERATED, 'utf8');
    const fresh = await renderTypes();
    expect(fresh === committed, 'the generated client types drifted: run `npm run generate:client`').toBe(true);
  });
});
