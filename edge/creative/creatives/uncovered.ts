/**
 * What a banner's copy lacks, said the same way by every banner route (items and categories):
 * the code points no face has (`U+8FDE U+8863`) in an `X-Vitrine-Uncovered` header and a
 * `copy_uncovered` log line. A shop whose titles or taxonomy are in a script no bundled face draws
 * (CJK, Arabic) gets boxes — or the copy's fallback title — and would otherwise never know.
 */
import { codePointList } from '#shared/creatives';
import { type LogFields, log } from '../../lib/index.ts';

/**
 * The header value for a freshly rendered banner's `uncovered` code points (undefined when every
 * character is drawn), logged with `banner` naming it. A cache hit reuses the stored value and
 * logs nothing: the render that filled the cache did.
 *
 * @example
 * const uncovered = reportUncovered(rendered.uncovered, { category: 'women/连衣裙' }); // 'U+8863 U+88D9 U+8FDE'
 */
export function reportUncovered(uncovered: readonly number[], banner: LogFields): string | undefined {
  if (uncovered.length === 0) return undefined;
  const codePoints = codePointList(uncovered);
  log('warn', 'copy_uncovered', { ...banner, codePoints });
  return codePoints;
}

/** The `X-Vitrine-Uncovered` response header for `uncovered` (none when the copy is fully drawn). */
export function uncoveredHeader(uncovered: string | undefined): Record<string, string> {
  return uncovered === undefined ? {} : { 'x-vitrine-uncovered': uncovered };
}
