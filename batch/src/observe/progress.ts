/**
 * Progress for long work (training sweeps, loading 10M events, scoring users).
 *
 * On a terminal: one bar redrawn in place on stderr (at most every 100 ms), e.g.
 *   train users  [██████████░░░░░░░░░░]  52%  5200/10000  12.3s  eta 11.4s
 * Elsewhere (CI, a container log, a pipe): no carriage returns — a `progress` JSON log line at
 * most every `intervalMs` (default 10 s) and one at the end, so logs stay one event per line.
 */
import type { Logger } from './log.ts';
import { type LineStream, setBarFrame, terminalColumns } from './terminal.ts';

export interface Progress {
  /** Sets the amount done so far (absolute, not an increment); `note` is shown after the bar. */
  update(done: number, note?: string): void;
  /** Marks the task finished (draws 100% / logs a final line). Idempotent. */
  finish(note?: string): void;
}

export interface ProgressOptions {
  /** Where the TTY bar is drawn (default process.stderr). */
  stream?: LineStream;
  /** Receives the periodic lines when the stream is not a TTY. */
  logger?: Logger;
  /** Minimum time between non-TTY lines (default 10 000 ms). */
  intervalMs?: number;
  /** Clock in ms, injectable for tests. */
  now?: () => number;
}

const BAR_WIDTH = 20;

/** A count as people read it: whole numbers as they are, a fraction to 3 significant digits. */
const amount = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(3))));
const TTY_REDRAW_MS = 100;

/**
 * Starts reporting progress of `label` out of `total` units.
 *
 * @example
 * const bar = createProgress('train', config.iterations, { logger: log });
 * for (let it = 1; it <= n; it++) { sweep(); bar.update(it); }
 * bar.finish();
 */
export function createProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const tty = stream.isTTY === true;
  const interval = options.intervalMs ?? 10_000;
  let last = Number.NEGATIVE_INFINITY;
  let done = 0;
  let finished = false;

  const stats = () => {
    const elapsed = (now() - started) / 1000;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const eta = frac > 0 && frac < 1 ? (elapsed / frac) * (1 - frac) : 0;
    return { elapsed, frac, eta };
  };

  const draw = (note?: string) => {
    const { elapsed, frac, eta } = stats();
    if (tty) {
      const filled = Math.round(frac * BAR_WIDTH);
      const bar = ` [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`;
      const pct = `${Math.floor(frac * 100)}`.padStart(3);
      let numbers = ` ${pct}%  ${amount(done)}/${amount(total)}  ${elapsed.toFixed(1)}s`;
      if (!finished && frac < 1) numbers += `  eta ${eta.toFixed(1)}s`;
      const width = terminalColumns(stream) - 1;
      // On a narrow terminal the note goes first, then the bar; %, counts and ETA always stay.
      let line = `${label} ${bar}${numbers}${note ? `  ${note}` : ''}`;
      if (line.length > width) line = `${label} ${bar}${numbers}`;
      if (line.length > width) line = `${label}${numbers}`;
      setBarFrame(stream, finished ? null : line);
      stream.write(`\r\x1b[2K${line}${finished ? '\n' : ''}`);
    } else {
      options.logger?.info('progress', {
        task: label,
        done,
        total,
        pct: Math.round(frac * 1000) / 10,
        elapsedS: Math.round(elapsed * 10) / 10,
        ...(finished ? {} : { etaS: Math.round(eta * 10) / 10 }),
        ...(note ? { note } : {}),
      });
    }
  };

  return {
    update(value, note) {
      if (finished) return;
      done = value;
      const t = now();
      if (t - last < (tty ? TTY_REDRAW_MS : interval)) return;
      last = t;
      draw(note);
    },
    finish(note) {
      if (finished) return;
      finished = true;
      done = Math.max(done, total);
      draw(note);
    },
  };
}
