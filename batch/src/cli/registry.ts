/**
 * Every `vitrine` subcommand, in the order `vitrine --help` lists them.
 * To add one: create cli/commands/<name>.ts exporting a `defineCommand(...)`, import it here and
 * append it to the list. Nothing else needs to change.
 */
import type { Command } from './command.ts';
import { catalogueImportCommand } from './commands/catalogue.ts';
import { compactEventsCommand } from './commands/compact-events.ts';
import {
  creativesApproveCommand,
  creativesListCommand,
  creativesRejectCommand,
} from './commands/creatives.ts';
import { evalCommand } from './commands/eval.ts';
import { ganCreativesCommand } from './commands/gan-creatives.ts';
import { ganEvalCommand } from './commands/gan-eval.ts';
import { ganExportCommand } from './commands/gan-export.ts';
import { ganTrainCommand } from './commands/gan-train.ts';
import { importOrdersCommand } from './commands/import.ts';
import { indexCommand } from './commands/index.ts';
import { pipelineCommand } from './commands/pipeline.ts';
import { publishCommand } from './commands/publish.ts';
import { reportCommand } from './commands/report.ts';
import { rollbackCommand } from './commands/rollback.ts';
import { trainCommand } from './commands/train.ts';
import { usersDeleteCommand } from './commands/users.ts';

// biome-ignore lint/suspicious/noExplicitAny: heterogeneous list; each command's run is typed by its own schema
export const COMMANDS: Command<any>[] = [
  pipelineCommand,
  catalogueImportCommand,
  importOrdersCommand,
  trainCommand,
  evalCommand,
  indexCommand,
  publishCommand,
  rollbackCommand,
  reportCommand,
  compactEventsCommand,
  usersDeleteCommand,
  ganTrainCommand,
  ganEvalCommand,
  ganExportCommand,
  ganCreativesCommand,
  creativesListCommand,
  creativesApproveCommand,
  creativesRejectCommand,
];
