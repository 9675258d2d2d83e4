export type { Command, CommandContext } from './command.ts';
export { defineCommand } from './command.ts';
export { parseArgs, UsageError, validateOptions } from './flags.ts';
export { renderCommandHelp, renderCommandList } from './help.ts';
export { main } from './main.ts';
export type { FlagSpec, FlagType } from './schema-flags.ts';
export { flagSpecs } from './schema-flags.ts';
