import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS } from './errors';

describe('error codes', () => {
  it('give every code one HTTP error status', () => {
    expect(ERROR_CODES).toEqual(Object.keys(ERROR_STATUS));
    for (const code of ERROR_CODES) expect(ERROR_STATUS[code], code).toBeGreaterThanOrEqual(400);
  });

  it('are documented in docs/api.md with the same status', () => {
    const doc = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
    const documented = new Map<string, number>();
    for (const [, codes, status] of doc.matchAll(/^\| (`[a-z_]+`(?:, `[a-z_]+`)*) +\| (\d{3}) +\|/gm)) {
      for (const [, code] of codes!.matchAll(/`([a-z_]+)`/g)) documented.set(code!, Number(status));
    }
    expect(Object.fromEntries(documented)).toEqual(ERROR_STATUS);
  });
});
