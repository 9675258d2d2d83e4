/**
 * A `CommandContext` for library callers (tests, the demo, the edge test setup) that run jobs
 * without the CLI: JSON-lines logs to stderr at `VITRINE_LOG_LEVEL` (or a given level), progress
 * as periodic log lines, and printing discarded.
 */
import type { CommandContext } from '../cli/command.ts';
import { createLogger, type LogLevel } from '../cli/log.ts';
import { createProgress } from '../cli/progress.ts';

/**
 * @example
 * await runPipeline({ data, store }, quietContext('warn'));
 */
export function quietContext(level?: LogLevel): CommandContext {
  const log = createLogger(level === undefined ? {} : { level });
  return {
    log,
    // A non-TTY stream: the bar reports through the logger instead of drawing on stderr.
    progress: (label, total) =>
      createProgress(label, total, { logger: log, stream: { isTTY: false, write: () => true } }),
    print: () => {},
  };
}
