import { describe, expect, it } from 'vitest';
import { type CsvRecord, csvField, readCsv } from '../../../batch/src/data/csv.ts';
import { readLines } from '../../../batch/src/data/lines.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const all = (s: string, delimiter?: string): CsvRecord[] => [
  ...readCsv(bytes(s), delimiter === undefined ? {} : { delimiter }),
];

describe('readLines', () => {
  it('splits LF and CRLF lines, numbering from 1, without a trailing empty line', () => {
    const lines = [...readLines(bytes('a\r\nb\n\nc\n'))];
    expect(lines).toEqual([
      { text: 'a', line: 1 },
      { text: 'b', line: 2 },
      { text: '', line: 3 },
      { text: 'c', line: 4 },
    ]);
  });

  it('keeps multi-byte characters that straddle a chunk boundary', () => {
    const text = 'prêt-à-porter,😀\nzweite Zeile ü\n';
    for (let chunk = 1; chunk <= 7; chunk++) {
      expect([...readLines(bytes(text), chunk)].map((l) => l.text)).toEqual([
        'prêt-à-porter,😀',
        'zweite Zeile ü',
      ]);
    }
  });

  it('drops a UTF-8 byte-order mark', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('userId\n')]);
    expect([...readLines(withBom)][0]?.text).toBe('userId');
  });
});

describe('readCsv', () => {
  it('parses quoted fields with delimiters, doubled quotes and newlines inside', () => {
    const recs = all('id,title\r\n1,"Shirt, ""slim"" fit"\r\n2,"two\r\nlines"\r\n3,plain\r\n');
    expect(recs.map((r) => (r.ok ? r.fields : r.reason))).toEqual([
      ['id', 'title'],
      ['1', 'Shirt, "slim" fit'],
      ['2', 'two\nlines'],
      ['3', 'plain'],
    ]);
    // A record spanning lines is numbered by its first line; the next one keeps counting.
    expect(recs.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it('reads empty fields, including a trailing one and an empty quoted one', () => {
    expect(all('a,,b,\n"",x\n').map((r) => (r.ok ? r.fields : []))).toEqual([
      ['a', '', 'b', ''],
      ['', 'x'],
    ]);
  });

  it('reports text after a closing quote with its line number', () => {
    const recs = all('ok,1\n"bad"x,2\nok,3\n');
    expect(recs[1]).toMatchObject({ ok: false, line: 2 });
    expect(recs[1]?.ok === false && recs[1].reason).toMatch(/after closing quote/);
    expect(recs[2]).toMatchObject({ ok: true, fields: ['ok', '3'], line: 3 });
  });

  it('reports an unterminated quote and resumes on the following line', () => {
    const lines = ['a,1', '"never closed,2'];
    for (let i = 0; i < 150; i++) lines.push(`row${i},${i}`);
    const recs = all(`${lines.join('\n')}\n`);
    expect(recs[1]).toMatchObject({ ok: false, line: 2, reason: 'unterminated quoted field' });
    // Every following line is still read as its own record.
    expect(recs).toHaveLength(152);
    expect(recs[2]).toMatchObject({ ok: true, fields: ['row0', '0'], line: 3 });
    expect(recs.at(-1)).toMatchObject({ ok: true, fields: ['row149', '149'], line: 152 });
  });

  it('honours another delimiter', () => {
    expect(all('a;"b;c"\n', ';').map((r) => (r.ok ? r.fields : []))).toEqual([['a', 'b;c']]);
  });

  it('quotes fields for writing only when needed, and they read back unchanged', () => {
    const values = ['plain', 'with,comma', 'say "hi"', 'two\nlines'];
    const line = values.map((v) => csvField(v)).join(',');
    expect(csvField('plain')).toBe('plain');
    expect(all(`${line}\n`)[0]).toMatchObject({ ok: true, fields: values });
  });
});
