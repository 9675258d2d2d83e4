import { describe, expect, it } from 'vitest';
import { createLogger, createProgress } from '../../../batch/src/observe/index.ts';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('progress', () => {
  it('draws one in-place bar on a TTY and ends it with a newline', () => {
    let screen = '';
    const c = clock();
    const bar = createProgress('train', 10, {
      stream: { isTTY: true, columns: 200, write: (s) => (screen += s) },
      now: c.now,
    });
    bar.update(5);
    c.advance(1000);
    bar.update(5, 'sweep 3/6');
    bar.finish();
    const frames = screen.split('\r').filter(Boolean);
    expect(frames[0]).toContain('50%');
    expect(frames[1]).toMatch(/50%\s+5\/10\s+1\.0s\s+eta 1\.0s\s+sweep 3\/6/);
    expect(frames.at(-1)).toMatch(/100%\s+10\/10 .*\n$/);
    expect(screen.split('\n').length).toBe(2); // no line feeds until the end
  });

  it('writes periodic JSON progress lines (no carriage returns) when not a TTY', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ write: (l) => lines.push(JSON.parse(l)) });
    const c = clock();
    const bar = createProgress('load', 100, {
      stream: { isTTY: false, write: () => {} },
      logger,
      intervalMs: 10_000,
      now: c.now,
    });
    bar.update(1);
    c.advance(5_000);
    bar.update(40); // within the interval: not logged
    c.advance(6_000);
    bar.update(60);
    bar.finish();
    expect(lines.map((l) => l.done)).toEqual([1, 60, 100]);
    expect(lines[1]).toMatchObject({
      level: 'info',
      event: 'progress',
      task: 'load',
      total: 100,
      pct: 60,
      elapsedS: 11,
    });
    expect(lines[1]!.etaS).toBeCloseTo(7.3, 1);
  });
});

describe('logger', () => {
  it('writes one JSON object per line with ts, level, event and fields, honouring the level', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), level: 'info', now: () => new Date(0) }).child({
      command: 'train',
    });
    log.debug('hidden');
    log.info('train.sweep', { iteration: 2, loss: Number.NaN });
    log.error('failed', { error: Object.assign(new Error('boom'), { kind: 'not_found' }) });
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual({
      ts: '1970-01-01T00:00:00.000Z',
      level: 'info',
      event: 'train.sweep',
      command: 'train',
      iteration: 2,
      loss: 'NaN',
    });
    expect(JSON.parse(lines[1]!).error).toEqual({ name: 'Error', message: 'boom', kind: 'not_found' });
  });
});

describe('terminal output', () => {
  const tty = (columns: number) => {
    let screen = '';
    return { stream: { isTTY: true, columns, write: (s: string) => (screen += s) }, screen: () => screen };
  };

  /** A `train items` bar 2 s in, at 4 of 10 with a note, on a terminal `columns` wide. */
  const fourOfTen = (columns: number) => {
    const t = tty(columns);
    const c = clock();
    const bar = createProgress('train items', 10, { stream: t.stream, now: c.now });
    c.advance(2000);
    bar.update(4, 'sweep 1/15 items');
    return t;
  };

  it('keeps the percentage and ETA on a pseudo-terminal that reports 0 columns', () => {
    const t = fourOfTen(0);
    expect(t.screen()).toMatch(/ 40%\s+4\/10\s+2\.0s\s+eta 3\.0s\s+sweep 1\/15 items$/);
  });

  it('drops the note, then the bar, but never the numbers on a narrow terminal', () => {
    const t = fourOfTen(40);
    const frame = t.screen().split('\r\x1b[2K').at(-1) as string;
    expect(frame).toBe('train items  40%  4/10  2.0s  eta 3.0s');
  });

  it('shows a fractional amount to 3 significant digits, never a raw float', () => {
    const t = tty(200);
    const bar = createProgress('index', 1, { stream: t.stream, now: clock().now });
    bar.update(0.24545454545454545);
    expect(t.screen()).toMatch(/ 24%\s+0\.245\/1\s/);
    expect(t.screen()).not.toContain('0.2454');
  });

  it('shows an error field as its message in a human line, as an object in a JSON line', () => {
    const lines: string[] = [];
    const error = Object.assign(new Error('no complete kept version'), { kind: 'not_found' });
    for (const format of ['human', 'json'] as const)
      createLogger({ write: (l) => lines.push(l), format, now: () => new Date(0) }).error('failed', {
        error,
        bug: new TypeError('x is undefined'),
      });
    expect(lines[0]).toBe(
      '00:00:00 error failed error=no complete kept version bug=TypeError: x is undefined',
    );
    expect(JSON.parse(lines[1] as string)).toMatchObject({
      error: { name: 'Error', message: 'no complete kept version', kind: 'not_found' },
      bug: { name: 'TypeError', message: 'x is undefined' },
    });
  });

  it('writes a log line above the bar instead of gluing it to the bar', async () => {
    const { writeAbove } = await import('../../../batch/src/observe/terminal.ts');
    const t = tty(200);
    const c = clock();
    const bar = createProgress('load', 10, { stream: t.stream, now: c.now });
    bar.update(5, 'sweep 1/15 items');
    const log = createLogger({
      write: (l) => writeAbove(t.stream, l),
      format: 'human',
      now: () => new Date(0),
    });
    log.info('train.sweep', { iteration: 1, seconds: 0.24545454545454545 });
    const lines = t.screen().split('\n');
    const cleared = '\r\x1b[2K00:00:00 info  train.sweep iteration=1 seconds=0.2455';
    expect(lines[0]?.endsWith(`sweep 1/15 items${cleared}`)).toBe(true);
    expect(lines[1]).toMatch(/^load .* 50%/); // the bar is redrawn below the line
  });
});
