/** The one way from untrusted input to a schema's value: zod failures and stored bytes. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { decodeJson, issueText, zodError } from '#shared/schemas';

const Item = z.object({ itemId: z.string().min(1), price: z.number().nonnegative() }).strict();
const failure = (value: unknown) => {
  const parsed = Item.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error;
};

describe('zodError', () => {
  it('names the first issue’s field in the message and in `field`', () => {
    const e = zodError(failure({ itemId: 'a', price: -1 }), 'invalid_argument', 'body');
    expect(e).toMatchObject({ kind: 'invalid_argument', field: 'price' });
    expect(e.message).toMatch(/^body price: Too small/);
  });

  it('prefixes the field with where the value sits (`at`)', () => {
    const e = zodError(failure({ itemId: '', price: 1 }), 'invalid_argument', '', { at: 'items.3' });
    expect(e.field).toBe('items.3.itemId');
    expect(e.message).toMatch(/^items\.3\.itemId: /);
  });

  it('names an unknown key itself, and attaches no field to corrupt stored documents', () => {
    const e = zodError(failure({ itemId: 'a', price: 1, extra: 1 }), 'corrupt', 'manifest', { key: 'k' });
    expect(e.message).toMatch(/^manifest extra: /);
    expect(e.field).toBeUndefined();
    expect(e.key).toBe('k');
  });

  it('issueText gives "<field>: <message>"', () => {
    expect(issueText(failure({ itemId: 'a', price: 'x' }))).toMatch(/^price: Invalid input/);
  });
});

describe('decodeJson', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('returns the schema’s value for valid UTF-8 JSON', () => {
    expect(decodeJson(bytes('{"itemId":"a","price":2}'), Item, 'item')).toEqual({
      ok: true,
      value: { itemId: 'a', price: 2 },
    });
  });

  it('reports invalid UTF-8, invalid JSON and a schema mismatch as corrupt, naming the key', () => {
    const cases: [Uint8Array | string, RegExp][] = [
      [new Uint8Array([0x7b, 0xff, 0x7d]), /not valid UTF-8 JSON/],
      ['{"itemId":', /not valid UTF-8 JSON/],
      ['{"itemId":"a","price":-3}', /item does not match its schema at price: /],
    ];
    for (const [input, message] of cases) {
      const got = decodeJson(input, Item, 'item', 'blobs/x');
      expect(got.ok).toBe(false);
      if (got.ok) continue;
      expect(got.error).toMatchObject({ kind: 'corrupt', key: 'blobs/x' });
      expect(got.error.message).toMatch(message);
    }
  });
});
