import { describe, expect, it } from 'vitest';
import { compareKeys, MAX_KEY_BYTES, utf8Length, validateKey, validatePrefix } from '#shared/storage';

describe('blob keys', () => {
  it('accepts ordinary nested keys, dots inside names and hidden files', () => {
    for (const key of ['a', 'manifests/current.json', 'blobs/ab/cd.bin', '.hidden', 'a/..b/c.', 'ü/✓']) {
      expect(validateKey(key)).toEqual({ ok: true, value: key });
    }
  });

  it('limits keys to 1024 UTF-8 bytes, not UTF-16 units', () => {
    expect(MAX_KEY_BYTES).toBe(1024);
    expect(validateKey('é'.repeat(512)).ok).toBe(true); // 1024 bytes
    const error = validateKey('é'.repeat(513)); // 1026 bytes, only 513 UTF-16 units
    expect(error.ok).toBe(false);
    expect(error.ok ? undefined : error.error.kind).toBe('invalid_argument');
    expect(utf8Length('a\u00e9\u20ac\u{1f600}')).toBe(1 + 2 + 3 + 4);
  });

  it('accepts prefixes that end in "/" or inside a segment, and rejects escaping ones', () => {
    for (const prefix of ['', 'a/', 'a/b', 'a/.', 'a/..x']) expect(validatePrefix(prefix).ok).toBe(true);
    for (const prefix of ['/a', 'a//', '../', 'a/../b', 'a\\b'])
      expect(validatePrefix(prefix).ok).toBe(false);
  });

  it('orders keys by code point (UTF-8 byte order), like S3 and R2', () => {
    // UTF-16 order would put U+1F600 (surrogates D83D…) before U+FFFD; code-point order does not.
    const keys = ['\u{1f600}', '\ufffd', 'b', 'a/b', 'a-b', 'a'];
    expect([...keys].sort(compareKeys)).toEqual(['a', 'a-b', 'a/b', 'b', '\ufffd', '\u{1f600}']);
  });
});
