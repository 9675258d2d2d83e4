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

/** A progress reporter opened on its first report, for work that learns its total only then. */
export interface LateProgress {
  update(done: number, total: number, note?: string): void;
  /** Finishes the bar if one was opened. */
  finish(): void;
}

/**
 * Progress of `label` through `ctx`, opened when the first `update` names the total.
 *
 * @example
 * const bar = lateProgress(ctx, 'creatives');
 * await buildLibrary({ onProgress: (done, total) => bar.update(done, total) });
 * bar.finish();
 */
export function lateProgress(ctx: JobContext, label: string): LateProgress {
  let bar: Progress | undefined;
  return {
    update(done, total, note) {
      bar ??= ctx.progress(label, total);
      bar.update(done, note);
    },
    finish: () => bar?.finish(),
  };
}
