/** A progress bar opened by its first report, with the total that report names. */
import { describe, expect, it } from 'vitest';
import { type JobContext, lateProgress, type Progress } from '../../../batch/src/observe/index.ts';

function recordingContext() {
  const opened: {
    label: string;
    total: number;
    updates: [number, string | undefined][];
    finished: number;
  }[] = [];
  const ctx = {
    progress(label: string, total: number): Progress {
      const bar = { label, total, updates: [] as [number, string | undefined][], finished: 0 };
      opened.push(bar);
      return {
        update: (done, note) => void bar.updates.push([done, note]),
        finish: () => void bar.finished++,
      };
    },
  } as JobContext;
  return { ctx, opened };
}

describe('lateProgress', () => {
  it('opens one bar on the first update, with its total, and finishes it', () => {
    const { ctx, opened } = recordingContext();
    const bar = lateProgress(ctx, 'gan train');
    expect(opened).toHaveLength(0);
    bar.update(1, 10, 'D 0.5');
    bar.update(2, 10);
    bar.finish();
    expect(opened).toEqual([
      {
        label: 'gan train',
        total: 10,
        updates: [
          [1, 'D 0.5'],
          [2, undefined],
        ],
        finished: 1,
      },
    ]);
  });

  it('finishing before any update opens nothing', () => {
    const { ctx, opened } = recordingContext();
    lateProgress(ctx, 'creatives').finish();
    expect(opened).toEqual([]);
  });
});
