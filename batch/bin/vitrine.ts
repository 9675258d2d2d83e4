/**
 * Entry point of the `vitrine` CLI (`npm run vitrine -- <command> …`, run with tsx).
 * Only wiring: the commands live in batch/src/cli/commands and are listed in registry.ts.
 */
import { main } from '../src/cli/main.ts';
import { COMMANDS } from '../src/cli/registry.ts';

process.exitCode = await main(process.argv.slice(2), COMMANDS);
