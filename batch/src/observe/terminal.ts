/**
 * The stderr line a progress bar is drawn on. On a terminal the bar is redrawn in place (no
 * newline), so anything else written to the same stream must first clear it and then redraw it,
 * or a log line ends up glued to the bar (`sweep 1/15 items{"ts":…}`). Progress bars register
 * their current frame here; loggers write through `writeAbove`.
 */

export interface LineStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

const bars = new WeakMap<LineStream, string>();

/** Records the frame (without `\r` or newline) now shown on `stream`; null when none is. */
export function setBarFrame(stream: LineStream, frame: string | null): void {
  if (frame === null) bars.delete(stream);
  else bars.set(stream, frame);
}

/**
 * Writes one line above the bar on `stream` (clearing and redrawing it), or just the line.
 *
 * @example
 * writeAbove(process.stderr, '08:00:01 info  train.sweep iteration=3');
 */
export function writeAbove(stream: LineStream, line: string): void {
  const frame = bars.get(stream);
  stream.write(frame === undefined ? `${line}\n` : `\r\x1b[2K${line}\n${frame}`);
}

/** Usable width of a terminal: a pseudo-terminal may report 0 columns (or none), meaning unknown. */
export function terminalColumns(stream: LineStream): number {
  const columns = stream.columns ?? 0;
  return columns > 0 ? columns : 120;
}
