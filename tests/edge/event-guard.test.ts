/**
 * The per-session event limit when its limiter binding fails: one failing call must neither
 * reject the whole request nor drop the other sessions' verdicts.
 */
import { describe, expect, it } from 'vitest';
import { screenEvents } from '../../edge/src/events/guard.ts';
import type { ValidEvent } from '../../edge/src/events/validate.ts';

const event = (index: number, sessionId: string): ValidEvent => ({
  index,
  eventId: `e${index}`,
  userId: undefined,
  sessionId,
  stream: 'events/',
  line: '{}',
});

/** A limiter that fails for `broken`, refuses `over` and allows everything else. */
const limiter = {
  async limit({ key }: { key: string }): Promise<{ success: boolean }> {
    if (key.endsWith(':broken')) throw new Error('rate limiter unavailable');
    return { success: !key.endsWith(':over') };
  },
};

describe('per-session event limit', () => {
  it('lets a session through when its limiter call fails, and still applies the others', async () => {
    const env = { EVENTS_SESSION_RATE_LIMITER: limiter } as unknown as Env;
    const events = [event(0, 'broken'), event(1, 'over'), event(2, 'fine')];
    const screened = await screenEvents(env, new Request('https://shop.example/v1/events'), 'pk', events);
    expect(screened.kept.map((e) => e.sessionId)).toEqual(['broken', 'fine']);
    expect(screened.rejected).toEqual([
      expect.objectContaining({ index: 1, eventId: 'e1', field: 'sessionId' }),
    ]);
    expect(screened.limited).toBe(false);
  });
});
