/**
 * edge/lib's per-isolate services: one set per isolate for its vars, rebuilt only when the vars
 * change, and an explicit `createServices(env)` that binds a set of its own to an env object.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isolateServices } from '../../edge/lib/index.ts';

const Vars = z.object({ TTL: z.coerce.number().int().positive() });

function counted() {
  let built = 0;
  const services = isolateServices(Vars, (config, env: { TTL?: string; name: string }) => ({
    ttl: config.TTL,
    name: env.name,
    serial: ++built,
  }));
  return { ...services, built: () => built };
}

describe('isolate services', () => {
  it('builds once per isolate: other env objects with the same vars share the set', () => {
    const s = counted();
    const first = s.servicesFor({ TTL: '5', name: 'a' });
    expect(s.servicesFor({ TTL: '5', name: 'b' })).toBe(first);
    expect(first).toMatchObject({ ttl: 5, serial: 1 });
    expect(s.built()).toBe(1);
  });

  it('rebuilds when the vars change, never serving a set built for other vars', () => {
    const s = counted();
    s.servicesFor({ TTL: '5', name: 'a' });
    expect(s.servicesFor({ TTL: '7', name: 'a' })).toMatchObject({ ttl: 7, serial: 2 });
  });

  it('gives the env object passed to createServices its own set, leaving the isolate set alone', () => {
    const s = counted();
    const shared = s.servicesFor({ TTL: '5', name: 'a' });
    const own = { TTL: '5', name: 'test' };
    const created = s.createServices(own);
    expect(created).not.toBe(shared);
    expect(s.servicesFor(own)).toBe(created);
    expect(s.servicesFor({ TTL: '5', name: 'c' })).toBe(shared);
  });

  it('throws precondition_failed naming a var that does not parse', () => {
    const s = counted();
    expect(() => s.servicesFor({ TTL: 'soon', name: 'a' })).toThrow(
      expect.objectContaining({ kind: 'precondition_failed', field: 'TTL' }),
    );
    expect(() => s.createServices({ TTL: '-1', name: 'a' })).toThrow(
      expect.objectContaining({ kind: 'precondition_failed' }),
    );
  });
});
