import { describe, expect, it } from 'vitest';
import { decodeEntities, readXmlItems } from '../../../batch/src/data/feed-xml.ts';

const items = (xml: string) => [...readXmlItems(new TextEncoder().encode(xml))];

describe('readXmlItems', () => {
  it('reads RSS items with g: fields, CDATA and entities, with the line each starts on', () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<rss xmlns:g="http://base.google.com/ns/1.0"><channel><title>Shop &amp; Co</title>',
      '<item>',
      '  <g:id>a-1</g:id><title>Salt &amp; Pepper &#8211; set</title>',
      '  <description><![CDATA[<b>bold</b> & raw]]></description>',
      '</item><item><g:id>a-2</g:id><g:shipping><g:country>DE</g:country></g:shipping></item>',
      '</channel></rss>',
    ].join('\n');
    const got = items(xml);
    expect(got.map((i) => i.line)).toEqual([3, 6]);
    expect(got[0]).toMatchObject({
      ok: true,
      fields: { 'g:id': 'a-1', title: 'Salt & Pepper – set', description: '<b>bold</b> & raw' },
    });
    expect(got[1]).toMatchObject({ ok: true, fields: { 'g:id': 'a-2', 'g:shipping': '' } });
  });

  it('reads Atom entries, taking a link from its href', () => {
    const got = items(
      '<feed><entry><g:id>x</g:id><link href="https://s.example/p?a=1&amp;b=2"/></entry></feed>',
    );
    expect(got[0]).toMatchObject({ ok: true, fields: { 'g:id': 'x', link: 'https://s.example/p?a=1&b=2' } });
  });

  it('reports an item that is never closed instead of dropping it silently', () => {
    const got = items('<rss><item><g:id>ok</g:id></item>\n<item><g:id>cut</g:id>\n');
    expect(got).toHaveLength(2);
    expect(got[1]).toMatchObject({ ok: false, line: 2, reason: '<item> is never closed' });
  });

  it('does not mistake <items> or <itemCount> for an item', () => {
    expect(items('<items><itemCount>3</itemCount></items>')).toEqual([]);
  });
});

describe('decodeEntities', () => {
  it('decodes named, decimal and hex references and leaves unknown ones', () => {
    expect(decodeEntities('&lt;a&gt; &quot;&apos; &#233; &#x1F600; &nbsp;')).toBe('<a> "\' é 😀 &nbsp;');
  });
});
