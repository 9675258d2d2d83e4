/**
 * One `vitrine` invocation in-process, as a user would type it: the exit code, what went to
 * stdout and stderr, and the log lines (JSON, parsed) at `level` and above.
 */
import { main } from '../../batch/src/cli/main.ts';
import { COMMANDS } from '../../batch/src/cli/registry.ts';
import { createLogger, type LogLevel } from '../../batch/src/observe/index.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  logs: Record<string, unknown>[];
}

/**
 * @example
 * const { code, out, logs } = await runVitrine(['catalogue', 'import', feed]);
 */
export async function runVitrine(argv: readonly string[], level: LogLevel = 'info'): Promise<CliRun> {
  let out = '';
  let err = '';
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({ write: (line) => logs.push(JSON.parse(line)), level, format: 'json' });
  const code = await main(argv, COMMANDS, {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    logger,
  });
  return { code, out, err, logs };
}
