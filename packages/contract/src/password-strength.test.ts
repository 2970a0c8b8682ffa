import { describe, expect, it } from 'vitest';
import { PASSWORD_TOO_WEAK, passwordWeakness, strongPasswordSchema } from './password-strength';

describe('password strength rule', () => {
  it('refuses common, repeated, sequential and keyboard-walk passwords, with a reason', async () => {
    expect(await passwordWeakness('aaaaaaaaaa')).toMatchObject({ warning: 'simpleRepeat' });
    expect(await passwordWeakness('password12')).toMatchObject({ warning: 'common' });
    expect(await passwordWeakness('1234567890')).toMatchObject({ score: 0 });
    expect(await passwordWeakness('qwertyuiop')).toMatchObject({ score: 0 });
    expect(await passwordWeakness('P@ssw0rd!!')).not.toBeNull();
    expect(await passwordWeakness('contraseña123')).not.toBeNull();
  });

  it('accepts a passphrase', async () => {
    expect(await passwordWeakness('velvet kayak orbits lantern')).toBeNull();
  });

  it("refuses a password made of the account's email or name", async () => {
    expect(await passwordWeakness('marisolquintana')).toBeNull();
    expect(
      await passwordWeakness('marisolquintana', ['marisol.quintana@example.com', 'Marisol Quintana']),
    ).toMatchObject({
      warning: 'userInputs',
    });
  });

  it('gives the forms one asynchronous schema with the length bounds and the message code', async () => {
    const schema = strongPasswordSchema(['ana@example.com']);
    expect((await schema.safeParseAsync('velvet kayak orbits lantern')).success).toBe(true);
    const weak = await schema.safeParseAsync('password12');
    expect(weak.success).toBe(false);
    expect(weak.error?.issues.map((i) => i.message)).toEqual([PASSWORD_TOO_WEAK]);
    const short = await schema.safeParseAsync('Xk2#');
    expect(short.error?.issues[0]?.code).toBe('too_small');
  });
});
