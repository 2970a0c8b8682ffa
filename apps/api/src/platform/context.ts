import type { Role } from '@bodega/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import type { Db } from '../db/database';
import type { AccessTokenSigner } from './auth/tokens';
import type { EventBus } from './events';
import type { Mailer } from './mail';
import type { CounterStore } from './throttle';

/** What every use-case may need from the platform; built once in `buildApp`. */
export type AppContext = Readonly<{
  config: Config;
  db: Db;
  log: FastifyBaseLogger;
  mailer: Mailer;
  tokens: AccessTokenSigner;
  counters: CounterStore;
  events: EventBus;
  /** The clock every use-case reads; tests move it forward instead of sleeping. */
  now: () => Date;
}>;

/** The authenticated caller, as the auth hook found it in the database on this request. */
export type Actor = Readonly<{
  userId: number;
  role: Role;
  customerId: number | null;
  sessionId: number;
}>;

/** Where a request came from: recorded in the audit log and used by throttles. */
export type RequestMeta = Readonly<{ requestId: string; ip: string; userAgent: string | null }>;
