/**
 * The shape of a `vitrine` subcommand. Each lives in cli/commands/<name>.ts, exports one
 * `defineCommand({...})`, and is listed once in cli/registry.ts.
 *
 * `options` is a zod object: the CLI derives the flags, their parsing and `--help` from it, and
 * hands `run` the validated, defaulted value. Reuse the job-config schemas from '#shared/schemas'
 * for hyper-parameters (`mf: MfConfig`) so that each option is documented in exactly one place.
 */
import type { z } from 'zod';
import type { JobContext } from '../observe/index.ts';

/**
 * What a command gets besides its options: the job context (logger tagged with the command name,
 * progress) that it hands on to jobs, plus stdout.
 */
export interface CommandContext extends JobContext {
  /** Writes human/machine output to stdout (a command's result, e.g. a metrics table). */
  print(text: string): void;
}

export interface Command<S extends z.ZodObject = z.ZodObject> {
  /** Subcommand name, lowercase with dashes: `train`, `gan-train`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Optional paragraph shown by `vitrine <name> --help`. */
  description?: string;
  /** Usage examples shown by `--help`. */
  examples?: string[];
  options: S;
  /** Option that a leading bare argument fills (`vitrine rollback v12` = `--version v12`). */
  positional?: string;
  /** Does the work; returns the exit code (default 0). Throw AppError for expected failures. */
  run(options: z.output<S>, ctx: CommandContext): Promise<number | undefined> | number | undefined;
}

/**
 * Declares a command with its options type inferred from the schema.
 *
 * @example
 * export const hello = defineCommand({
 *   name: 'hello', summary: 'greets', options: z.object({ name: z.string().default('world').describe('who') }),
 *   run: (o, ctx) => { ctx.print(`hello ${o.name}`); return 0; },
 * });
 */
export function defineCommand<S extends z.ZodObject>(command: Command<S>): Command<S> {
  return command;
}
