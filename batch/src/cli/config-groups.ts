/**
 * The job configurations a command takes as dotted flag groups (`--mf.factors`, `--eval.k`, …),
 * each defaulting to its schema's own defaults, so every command that trains, evaluates, indexes,
 * publishes or loads spells them the same way.
 */
import type * as z from 'zod';
import {
  CreativeLoopConfig,
  EvalConfig,
  GanTrainConfig,
  IndexConfig,
  LoadConfig,
  MfConfig,
  PublishConfig,
} from '#shared/schemas';

const GROUPS = {
  mf: MfConfig,
  eval: EvalConfig,
  index: IndexConfig,
  publish: PublishConfig,
  load: LoadConfig,
  creatives: CreativeLoopConfig,
  gan: GanTrainConfig,
} as const;

type Groups = typeof GROUPS;

/** `schema`, with its own defaults when the command line gives none of its flags. */
function defaulted<S extends z.ZodType>(schema: S): z.ZodDefault<S> {
  return schema.default(schema.parse({}) as z.util.NoUndefined<z.core.output<S>>);
}

/**
 * The option groups `names`, ready to spread into a command's options object.
 *
 * @example
 * const TrainOptions = z.object({ data: z.string(), ...configGroups('mf', 'eval', 'load') });
 */
export function configGroups<K extends keyof Groups>(...names: K[]): { [P in K]: z.ZodDefault<Groups[P]> } {
  return Object.fromEntries(names.map((n) => [n, defaulted(GROUPS[n])])) as {
    [P in K]: z.ZodDefault<Groups[P]>;
  };
}
