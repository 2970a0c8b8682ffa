import { ERROR_CODES } from '@bodega/contract';
import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import es from '../locales/es.json';

describe("the kit's shared words", () => {
  it('name every error code the API can answer, in English and Spanish', () => {
    for (const code of ERROR_CODES) {
      expect(en.errors, code).toHaveProperty(code);
      expect(es.errors, code).toHaveProperty(code);
    }
  });
});
