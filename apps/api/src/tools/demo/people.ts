import {
  createCustomerBody,
  createLocationBody,
  createUserBody,
  registerBody,
  updateCustomerBody,
  updateSettingsBody,
} from '@bodega/contract';
import type { StaffRole } from '@bodega/domain';
import type { Db } from '../../db/database';
import { registerCustomer } from '../../modules/auth/register-customer';
import { createCustomer } from '../../modules/customers/create-customer';
import { updateCustomer } from '../../modules/customers/update-customer';
import { createLocation } from '../../modules/inventory/create-location';
import { getSettings } from '../../modules/settings/settings.queries';
import { updateSettings } from '../../modules/settings/update-settings';
import { createUser } from '../../modules/users/create-user';
import type { BootstrapResult } from '../../modules/users/bootstrap-admin';
import type { Actor, AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { Random } from '../random';
import {
  BUSINESS_PATTERNS_EN,
  BUSINESS_PATTERNS_ES,
  CITIES,
  CUSTOMER_NOTES,
  FIRST_NAMES_EN,
  FIRST_NAMES_ES,
  NOUNS_EN,
  NOUNS_ES,
  STREETS,
  SURNAMES_EN,
  SURNAMES_ES,
} from './vocabulary';
import { DEMO_META, type DemoCustomer, type PayerProfile, type Segment, type World } from './world';

export const DEMO_PASSWORD = 'demo-password-1';

export const STAFF: readonly {
  email: string;
  name: string;
  role: StaffRole;
  key: 'warehouse' | 'sales' | 'cashier';
}[] = [
  { email: 'almacen@demo.local', name: 'Marta Almacén', role: 'warehouse_manager', key: 'warehouse' },
  { email: 'ventas@demo.local', name: 'Diego Ventas', role: 'sales_staff', key: 'sales' },
  { email: 'caja@demo.local', name: 'Sofía Caja (tienda)', role: 'sales_staff', key: 'cashier' },
];

/** The demo's staff sign-ins as printed after a load: the admin (as this start made or found it), then the demo staff. */
export function staffCredentials(
  ctx: AppContext,
  bootstrapped: BootstrapResult,
): { who: string; email: string; password: string }[] {
  return [
    {
      who: 'admin',
      email: ctx.config.admin.email,
      password:
        bootstrapped.created && bootstrapped.generatedPassword
          ? bootstrapped.generatedPassword
          : (ctx.config.admin.password ?? '(unchanged: the password printed at the first start)'),
    },
    ...STAFF.map((s) => ({ who: s.role, email: s.email, password: DEMO_PASSWORD })),
  ];
}

const actorOf = (user: { id: number; role: Actor['role']; customer_id: number | null }): Actor => ({
  userId: user.id,
  role: user.role,
  customerId: user.customer_id,
  sessionId: 0,
});

export async function findAdmin(db: Db, email: string): Promise<Actor | null> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'role', 'customer_id', 'email'])
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  const admin = rows.find((r) => r.email === email) ?? rows[0];
  return admin ? actorOf(admin) : null;
}

/** The staff accounts, through createUser; on a --force run the ones that exist are reused. */
export async function ensureStaff(w: World): Promise<void> {
  for (const staff of STAFF) {
    const existing = await w.ctx.db
      .selectFrom('users')
      .select(['id', 'role', 'customer_id'])
      .where('email', '=', staff.email)
      .executeTakeFirst();
    if (existing) {
      w.actors[staff.key] = actorOf(existing);
      continue;
    }
    const body = createUserBody.parse({
      email: staff.email,
      name: staff.name,
      role: staff.role,
      password: DEMO_PASSWORD,
    });
    const user = await createUser(w.ctx, w.actors.admin, body, DEMO_META);
    w.actors[staff.key] = { userId: user.id, role: user.role, customerId: null, sessionId: 0 };
  }
}

/** The shop and the back room beside the default main warehouse. */
export async function ensureLocations(w: Pick<World, 'ctx' | 'actors' | 'locations'>): Promise<void> {
  const find = (code: string) =>
    w.ctx.db
      .selectFrom('locations')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase()))
      .executeTakeFirst();
  const main = await w.ctx.db
    .selectFrom('locations')
    .select('id')
    .where('is_default', '=', 1)
    .executeTakeFirstOrThrow();
  w.locations.main = main.id;
  const wanted = [
    { key: 'shop' as const, code: 'SHOP', name: 'Tienda Centro (shop)', address: 'Av. San Martín 1450' },
    { key: 'back' as const, code: 'BACK', name: 'Trastienda / back room', address: null },
  ];
  for (const location of wanted) {
    const existing = await find(location.code);
    if (existing) {
      w.locations[location.key] = existing.id;
      continue;
    }
    const body = createLocationBody.parse({ code: location.code, name: location.name, address: location.address });
    w.locations[location.key] = (await createLocation(w.ctx, w.actors.admin, body, DEMO_META)).id;
  }
}

/** Business details for invoices and statements, unless someone already set them. */
export async function ensureSettings(w: Pick<World, 'ctx' | 'actors'>): Promise<void> {
  const settings = await getSettings(w.ctx.db);
  if (settings.businessName !== 'Bodega' || settings.businessTaxId) return;
  const body = updateSettingsBody.parse({
    businessName: 'Ferretería y Almacén La Bodega',
    businessTaxId: '30-71234567-9',
    businessAddress: 'Av. San Martín 1450, Buenos Aires',
    businessEmail: 'ventas@labodega.example',
    businessPhone: '+54 11 4555-0142',
  });
  await updateSettings(w.ctx, w.actors.admin, body, DEMO_META);
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '')
    .toLowerCase();

export type PersonDraft = {
  name: string;
  first: string;
  last: string;
  business: boolean;
  segment: Segment;
  spanish: boolean;
};

/** A person or a business, with a Spanish or an English name. */
export function draftPerson(random: Random): PersonDraft {
  const spanish = random.chance(0.55);
  const first = random.pick(spanish ? FIRST_NAMES_ES : FIRST_NAMES_EN);
  const last = random.pick(spanish ? SURNAMES_ES : SURNAMES_EN);
  if (!random.chance(0.45)) {
    const other = SURNAMES_ES.filter((n) => n !== last);
    const second = spanish && random.chance(0.4) ? ` ${random.pick(other)}` : '';
    return { name: `${first} ${last}${second}`, first, last, business: false, segment: 'mixed', spanish };
  }
  const { pattern, segment } = random.pick(spanish ? BUSINESS_PATTERNS_ES : BUSINESS_PATTERNS_EN);
  const name = pattern
    .replace('{S}', last)
    .replace('{F}', first)
    .replace('{N}', random.pick(spanish ? NOUNS_ES : NOUNS_EN));
  return { name, first, last, business: true, segment, spanish };
}

function phoneNumber(random: Random, spanish: boolean): string {
  const d = (n: number) => Array.from({ length: n }, () => random.int(0, 9)).join('');
  if (!spanish) return `+1 555-01${d(2)}-${d(4)}`;
  return random.chance(0.6) ? `+54 11 4${d(3)}-${d(4)}` : `+34 6${d(2)} ${d(3)} ${d(3)}`;
}

function taxIdOf(random: Random, spanish: boolean): string {
  const d = (n: number) => Array.from({ length: n }, () => random.int(0, 9)).join('');
  return spanish ? `30-${d(8)}-${d(1)}` : `EIN ${d(2)}-${d(7)}`;
}

/** Credit terms: most businesses buy on account; most people pay cash. */
function terms(random: Random, business: boolean): { creditLimitCents: number; paymentTermsDays: number } {
  if (business ? random.chance(0.15) : random.chance(0.7)) return { creditLimitCents: 0, paymentTermsDays: 0 };
  if (!business) return { creditLimitCents: random.pick([20_000, 30_000, 50_000]), paymentTermsDays: 15 };
  return {
    creditLimitCents: random.pick([150_000, 250_000, 400_000, 600_000, 1_000_000]),
    paymentTermsDays: random.pick([15, 30, 30, 30, 45, 60]),
  };
}

/** Phone, tax id, address, notes and (most of the time) an email, `n` making the email unique. */
export function draftContact(random: Random, draft: PersonDraft, n: number) {
  const slug = ascii(draft.business ? draft.name : `${draft.first}.${draft.last}`);
  const domain = random.pick(['example.com', 'example.org', 'example.net']);
  const phone = random.chance(0.85) ? phoneNumber(random, draft.spanish) : null;
  const taxId = draft.business ? taxIdOf(random, draft.spanish) : null;
  const address = random.chance(0.8) ? `${random.pick(STREETS)} ${random.int(10, 4999)}, ${random.pick(CITIES)}` : null;
  const notes = random.chance(0.15) ? random.pick(CUSTOMER_NOTES) : null;
  const email = random.chance(0.8) ? `${slug}${n}@${domain}` : null;
  return { phone, taxId, address, notes, email };
}

/** The sign-in email of a customer who registered: first.last@demo.local, numbered when taken. */
export function loginEmail(draft: PersonDraft, taken: Set<string>): string {
  const base = ascii(`${draft.first}.${draft.last}`);
  let email = `${base}@demo.local`;
  for (let n = 2; taken.has(email); n++) email = `${base}${n}@demo.local`;
  taken.add(email);
  return email;
}

/** Room for the scripted cases' orders on account, whatever the catalog's prices. */
const SHOWCASE_CREDIT_LIMIT_CENTS = 2_000_000;

const PROFILES: Readonly<Record<PayerProfile, number>> = { punctual: 55, late: 25, partial: 12, defaulter: 8 };

export type CustomerPlan = { count: number; linked: number };

/**
 * About a hundred customers (or ten thousand): businesses and people, Spanish and English
 * names, credit terms. A few register themselves (so they can sign in) and then get their
 * terms from staff, as in the real flow. The walk-in customer takes the counter sales. The
 * last one is kept for the scripted cases (`w.showcase`), out of the random history.
 */
export async function createCustomers(w: World, onProgress: (done: number) => void): Promise<void> {
  const random = w.random.fork('customers');
  const { size, ctx, actors } = w;

  const walkInBody = createCustomerBody.parse({
    code: 'MOSTRADOR',
    name: 'Consumidor final (mostrador)',
    notes: 'Walk-in sales at the shop counter / ventas de mostrador',
  });
  let walkInId: number;
  try {
    walkInId = (await createCustomer(ctx, actors.sales, walkInBody, DEMO_META)).id;
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'conflict')) throw err;
    walkInId = (
      await ctx.db.selectFrom('customers').select('id').where('code', '=', 'MOSTRADOR').executeTakeFirstOrThrow()
    ).id;
  }
  w.walkIn = {
    id: walkInId,
    name: walkInBody.name,
    segment: 'mixed',
    business: false,
    creditLimitCents: 0,
    paymentTermsDays: 0,
    profile: 'punctual',
    weight: 0,
    actor: null,
    email: null,
  };

  const takenEmails = new Set(
    (await ctx.db.selectFrom('users').select('email').execute()).map((u) => u.email.toLowerCase()),
  );
  for (let i = 0; i < size.customers; i++) {
    const linked = i < size.linkedUsers;
    // The last one is the scripted cases' customer (demo/cases.ts): a business on account.
    const showcase = i === size.customers - 1 && !linked;
    let draft = draftPerson(random);
    // The ones with a login registered in the mobile app themselves: people, not companies.
    while (linked && draft.business) draft = draftPerson(random);
    while (showcase && !draft.business) draft = draftPerson(random);
    const drawnTerms = linked
      ? { creditLimitCents: random.pick([50_000, 80_000]), paymentTermsDays: 15 }
      : terms(random, draft.business);
    const { creditLimitCents, paymentTermsDays } = showcase
      ? { creditLimitCents: SHOWCASE_CREDIT_LIMIT_CENTS, paymentTermsDays: 30 }
      : drawnTerms;
    const { email: contactEmail, ...contact } = draftContact(random, draft, i + 1);
    const details = { ...contact, creditLimitCents, paymentTermsDays };
    let actor: Actor | null = null;
    let id: number;
    let email = contactEmail;
    if (linked) {
      email = loginEmail(draft, takenEmails);
      const body = registerBody.parse({
        email,
        password: DEMO_PASSWORD,
        name: draft.name,
        phone: details.phone ?? undefined,
      });
      const auth = await registerCustomer(ctx, body, DEMO_META);
      id = auth.user.customerId!;
      actor = { userId: auth.user.id, role: 'customer', customerId: id, sessionId: 0 };
      // Staff then set the terms a registered customer cannot set for themselves.
      await updateCustomer(ctx, actors.sales, id, updateCustomerBody.parse(details), DEMO_META);
    } else {
      const body = createCustomerBody.parse({ name: draft.name, email, ...details });
      id = (await createCustomer(ctx, actors.sales, body, DEMO_META)).id;
    }
    const customer: DemoCustomer = {
      id,
      name: draft.name,
      segment: draft.segment,
      business: draft.business,
      creditLimitCents,
      paymentTermsDays,
      profile: linked ? 'punctual' : random.weighted(PROFILES),
      // Businesses buy more often than people; a few regulars buy most.
      weight: (draft.business ? 3 : 1) / Math.pow(random.int(1, Math.max(2, size.customers)), 0.35),
      actor,
      email,
    };
    if (showcase) w.showcase = customer;
    else w.customers.push(customer);
    if (i % 20 === 0) onProgress(i + 1);
  }
  onProgress(size.customers);
}
