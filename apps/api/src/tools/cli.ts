import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config';
import type { Db } from '../db/database';
import { loadDotEnv } from '../env-file';

/*
 * The one preamble of every `npm run` tool (demo, backup, restore, db:copy, db:migrate):
 * arguments and their usage text, --help, .env and the configuration, the database, exit codes.
 *
 *   0  done            1  refused or failed (a bad configuration included)
 *   2  bad arguments, or nothing done on purpose (a PostgreSQL hint where SQLite was meant)
 */

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;
type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O & typeof HELP; strict: true; allowPositionals: true }>
>['values'];

/** A message for stderr and the exit code to stop with: thrown from a tool's `args` or `run`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export type Tool<O extends Options, A, D extends Db | undefined> = {
  /** Printed by --help, and after a parse error. */
  usage: string;
  options?: O;
  allowPositionals?: boolean;
  /** Checks and converts the arguments, before the configuration is read (throw a CliError with 2). */
  args?: (values: Values<O>, positionals: string[]) => A;
  /** Opens the database the tool works on; it is destroyed after `run`, whatever happens. */
  database?: (config: Config, args: A) => D | Promise<D>;
  /** The tool's work: its exit code (none is 0). */
  run: (tool: { args: A; config: Config; db: D }) => Promise<number | void>;
};

/** Runs a tool: `await runCli({ usage, options, args, run })` is the whole of a `*-cli.ts` file. */
export async function runCli<
  O extends Options = Record<never, never>,
  A = undefined,
  D extends Db | undefined = undefined,
>(tool: Tool<O, A, D>): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: { ...tool.options, ...HELP },
      allowPositionals: tool.allowPositionals ?? false,
      strict: true,
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${tool.usage}`);
    process.exit(2);
  }
  if (parsed.values.help) {
    console.log(tool.usage);
    process.exit(0);
  }
  const code = await exitCodeOf(async () => {
    const values = parsed.values as unknown as Values<O>;
    const args = tool.args ? tool.args(values, parsed.positionals) : (undefined as A);
    const config = configuration();
    const db = (await tool.database?.(config, args)) as D;
    try {
      return await tool.run({ args, config, db });
    } finally {
      await db?.destroy();
    }
  });
  if (code) process.exit(code);
}

/** .env, then the environment: a bad setting is one line naming every problem, exit 1. */
function configuration(): Config {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new CliError(`Invalid configuration: ${err.message.replaceAll('\n', '; ')}`, 1);
  }
}

async function exitCodeOf(work: () => Promise<number | void>): Promise<number> {
  try {
    return (await work()) ?? 0;
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    console.error(err.message);
    return err.exitCode;
  }
}
