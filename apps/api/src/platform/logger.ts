import { createRequire } from 'node:module';
import type { Config } from '../config';

/** Never in a log line: bearer tokens, cookies (refresh token, device cookie). */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

/**
 * pino-pretty's entry file, resolved from this module at run time — from apps/api/dist/server.js
 * too, where the bundle leaves pino and its transports in node_modules. Undefined where it is
 * not installed (it is a devDependency).
 */
export function resolvePrettyTarget(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('pino-pretty');
  } catch {
    return undefined;
  }
}

/**
 * The API's pino options. Production and tests write one JSON object a line, for machines; in
 * development (the default NODE_ENV) lines a person reads, through pino-pretty in pino's worker
 * thread, or JSON when pino-pretty is not installed.
 */
export function loggerOptions(config: Pick<Config, 'env' | 'logLevel'>, prettyTarget = resolvePrettyTarget) {
  const options = { level: config.logLevel, redact: REDACT };
  const target = config.env === 'development' ? prettyTarget() : undefined;
  if (!target) return options;
  return { ...options, transport: { target, options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } };
}
