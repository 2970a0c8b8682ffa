import { existsSync } from 'node:fs';

/** A `.env` in the working directory, when present, fills variables not already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
