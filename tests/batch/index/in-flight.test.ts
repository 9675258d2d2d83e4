import { describe, expect, it } from 'vitest';
import { InFlight } from '../../../batch/src/index/in-flight.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('InFlight', () => {
  it('never runs more than its limit at once, and drain waits for every task', async () => {
    const slots = new InFlight(3);
    let running = 0;
    let most = 0;
    const finished: number[] = [];
    for (let i = 0; i < 20; i++) {
      await slots.run(async () => {
        running++;
        most = Math.max(most, running);
        await sleep(1 + (i % 4));
        running--;
        finished.push(i);
      });
    }
    await slots.drain();
    expect(most).toBe(3);
    expect(finished.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('rethrows the first failure from drain and starts nothing after it', async () => {
    const slots = new InFlight(2);
    const started: number[] = [];
    const attempt = async () => {
      for (let i = 0; i < 10; i++) {
        await slots.run(async () => {
          started.push(i);
          await sleep(2);
          if (i === 1) throw new Error('put 1 failed');
        });
      }
    };
    await expect(attempt()).rejects.toThrow('put 1 failed');
    await expect(slots.drain()).rejects.toThrow('put 1 failed');
    expect(started.length).toBeLessThan(10);
  });

  it('refuses a limit below one', () => {
    expect(() => new InFlight(0)).toThrow(RangeError);
  });
});
