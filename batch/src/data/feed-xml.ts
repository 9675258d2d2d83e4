/**
 * Product items of an XML feed: RSS 2.0 `<item>` or Atom `<entry>` elements whose children are
 * the feed fields (`<g:id>`, `<title>`, `<g:price>`, …, in the `g:` namespace or none).
 *
 * Why not an XML library: a product feed is a flat list of flat records, and we need the line
 * each item starts on for error reports; a scanner over `readLines` gives both, never holds more
 * than one item's text, and needs no dependency. What it handles: CDATA sections, the five named
 * entities and numeric character references, self-closing elements, Atom's `<link href="…"/>`.
 * Nested elements (`<g:shipping>…`) have no text value and are left out like empty fields
 * (no field we map is nested). An item longer than `MAX_ITEM_CHARS`, or never closed, is a bad row.
 */
import { readLines } from './lines.ts';

/** One item's fields (element local names as written, first occurrence wins), or why not. */
export type XmlItem =
  | { ok: true; fields: Record<string, string>; line: number; text: string }
  | { ok: false; reason: string; line: number; text: string };

/** Longest item accepted (characters): a feed item is a few KB; more is a broken file. */
export const MAX_ITEM_CHARS = 1 << 20;

const OPEN = /<(item|entry)(?=[\s>/])[^>]*>/;

/**
 * Yields every `<item>` / `<entry>` of an XML feed with the line it starts on.
 *
 * @example
 * for (const item of readXmlItems(bytes)) if (item.ok) use(item.fields['g:price']);
 */
export function* readXmlItems(bytes: Uint8Array): Generator<XmlItem> {
  let buf = '';
  let bufLine = 1; // line on which `buf` starts
  let open: { tag: string; line: number } | null = null;
  for (const { text, line } of readLines(bytes)) {
    if (open === null) {
      buf = text;
      bufLine = line;
    } else {
      buf += `\n${text}`;
    }
    for (;;) {
      if (open === null) {
        const m = OPEN.exec(buf);
        if (!m) break;
        const start = bufLine + countLines(buf, m.index);
        open = { tag: m[1] as string, line: start };
        buf = buf.slice(m.index + m[0].length);
        bufLine = start;
        if (m[0].endsWith('/>')) {
          yield { ok: false, reason: `empty <${open.tag}/>`, line: start, text: m[0] };
          open = null;
        }
        continue;
      }
      const close = buf.indexOf(`</${open.tag}>`);
      if (close < 0) {
        if (buf.length > MAX_ITEM_CHARS) {
          yield tooLong(open, buf);
          open = null;
          buf = '';
        }
        break;
      }
      const inner = buf.slice(0, close);
      yield { ok: true, fields: itemFields(inner), line: open.line, text: inner.trim() };
      bufLine += countLines(buf, close);
      buf = buf.slice(close + open.tag.length + 3);
      open = null;
    }
  }
  if (open !== null) {
    yield { ok: false, reason: `<${open.tag}> is never closed`, line: open.line, text: buf.slice(0, 200) };
  }
}

function tooLong(open: { tag: string; line: number }, buf: string): XmlItem {
  return {
    ok: false,
    reason: `<${open.tag}> is longer than ${MAX_ITEM_CHARS} characters`,
    line: open.line,
    text: buf.slice(0, 200),
  };
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const CHILD = /<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/\1\s*>)/g;

/** The child elements of one item: name → text (first occurrence of a name wins). */
function itemFields(inner: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of inner.matchAll(CHILD)) {
    const name = m[1] as string;
    if (name in fields) continue;
    const body = m[3];
    if (body === undefined) {
      // Self-closing: Atom links carry their value in href.
      fields[name] = decodeEntities(/\bhref\s*=\s*"([^"]*)"/.exec(m[2] ?? '')?.[1] ?? '');
      continue;
    }
    fields[name] = elementText(body);
  }
  return fields;
}

/** Text of an element body: CDATA verbatim, entities decoded; '' when it holds child elements. */
function elementText(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const c = rest.indexOf('<![CDATA[');
    const plain = c < 0 ? rest : rest.slice(0, c);
    if (/<[A-Za-z_]/.test(plain)) return ''; // nested elements: not a value
    out += decodeEntities(plain);
    if (c < 0) return out.trim();
    const end = rest.indexOf(']]>', c + 9);
    if (end < 0) return (out + rest.slice(c + 9)).trim();
    out += rest.slice(c + 9, end);
    rest = rest.slice(end + 3);
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * XML entity and character references decoded; an unknown one is left as written.
 *
 * @example
 * decodeEntities('Tom &amp; Jerry &#8211; &#x2764;'); // 'Tom & Jerry – ❤'
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
