/**
 * `JobContext`: what a job or pipeline stage gets to report with — a logger and a progress
 * factory. It lives below jobs/, pipeline/ and cli/ so that library code never imports the CLI;
 * the CLI's `CommandContext` extends it with `print` (stdout), and library callers (tests, the
 * demo, the edge fixture builder) use `quietContext`.
 */
import { createLogger, type Logger, type LogLevel } from './log.ts';
import { createProgress, type Progress } from './progress.ts';

export interface JobContext {
  /** Structured logger, already tagged by the caller (e.g. with the command name). */
  log: Logger;
  /** A progress reporter (TTY bar or periodic log lines). */
  progress(label: string, total: number): Progress;
}

/**
 * A context for library callers: JSON-lines logs to stderr at `VITRINE_LOG_LEVEL` (or a given
 * level) and progress as periodic log lines, never a bar.
 *
 * @example
 * await runPipeline({ data, store }, quietContext('warn'));
 */
export function quietContext(level?: LogLevel): JobContext {
  const log = createLogger(level === undefined ? {} : { level });
  return {
    log,
    // A non-TTY stream: the bar reports through the logger instead of drawing on stderr.
    progress: (label, total) =>
      createProgress(label, total, { logger: log, stream: { isTTY: false, write: () => true } }),
  };
}
