import { ERROR_CODES, ERROR_STATUS } from '@bodega/contract';
import { describe, expect, it } from 'vitest';
import { AppError, conflict } from './errors';

describe('AppError', () => {
  it("always carries its code's one status", () => {
    for (const code of ERROR_CODES) {
      const status = ERROR_STATUS[code];
      expect(new AppError(code, status, 'x').status).toBe(status);
    }
    expect(conflict('sku_taken', 'taken').status).toBe(409);
  });

  it('does not compile with a status that is not its code’s, and sends the code’s status regardless', () => {
    // @ts-expect-error invalid_token answers 401; a bad reset link is invalid_reset_token (400)
    expect(new AppError('invalid_token', 400, 'x').status).toBe(401);
    // @ts-expect-error a wrong current password is current_password_incorrect (403), not a failed login
    expect(new AppError('invalid_credentials', 403, 'x').status).toBe(401);
    // @ts-expect-error conflict() takes only the codes that answer 409
    expect(conflict('discount_needs_admin', 'x').status).toBe(403);
  });
});
