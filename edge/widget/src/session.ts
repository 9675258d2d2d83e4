/**
 * The anonymous shopping session: an id and the items touched in it, kept in `localStorage` so
 * every widget on every page of the shop (and every tab) shares them. A session ends after 30
 * minutes without activity, the usual web-analytics convention; the next page starts a new one.
 * The items are what `POST /v1/recommendations` folds into a vector for a visitor the model has
 * never seen.
 *
 * The session also keeps where it came from, for the segment cold start (a stranger with no
 * items yet is ranked by the taste of visitors who arrived the same way): the referrer of its
 * first page — only its origin (scheme and host: no path, no query, which can name searches or
 * people) — and the category of the first page that names one (its landing category).
 */
import { isCategoryId } from '../../../shared/src/schemas/category-id.ts';
import { readJson, remove, writeJson } from './storage.ts';

export const SESSION_KEY = 'vitrine:session';
const IDLE_MS = 30 * 60_000;
/** Most recent items kept (the API folds in at most 200; recent ones say most). */
const MAX_ITEMS = 50;

export interface Session {
  id: string;
  /** Touched item ids, oldest first, no repeats. */
  items: string[];
  touchedAt: number;
  /** Origin of the site the session arrived from; `''` = typed in or bookmarked (direct). */
  referrer?: string;
  /** Category id of the session's first page that named one. */
  landingCategory?: string;
}

/**
 * The landing referrer as the edge may see it: the origin of `document.referrer` when it is
 * another site's, `''` when there is none (direct), undefined when it is this shop's own page
 * (the visit began before this session: the true source is unknown) or not an http(s) URL.
 */
export function landingReferrer(referrer: string, here: string): string | undefined {
  if (referrer === '') return '';
  try {
    const url = new URL(referrer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin === new URL(here).origin ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/** A random id: UUID where the page is a secure context, else 128 random bits in hex. */
export function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function valid(s: Session | null, now: number): s is Session {
  return (
    s !== null &&
    typeof s.id === 'string' &&
    Array.isArray(s.items) &&
    typeof s.touchedAt === 'number' &&
    now - s.touchedAt < IDLE_MS
  );
}

/** The live session (a new one when none or expired); reading it counts as activity. */
export function currentSession(now = Date.now()): Session {
  const stored = readJson<Session>('localStorage', SESSION_KEY);
  let session: Session;
  if (valid(stored, now)) {
    session = { ...stored, items: stored.items.filter((i) => typeof i === 'string'), touchedAt: now };
  } else {
    session = { id: `s-${randomId()}`, items: [], touchedAt: now };
    const referrer = landingReferrer(document.referrer, location.href);
    if (referrer !== undefined) session.referrer = referrer;
  }
  writeJson('localStorage', SESSION_KEY, session);
  return session;
}

/** Records the page's category as the landing one, unless the session already has one. */
export function notePageCategory(category: string | undefined, now = Date.now()): Session {
  const session = currentSession(now);
  if (session.landingCategory === undefined && category !== undefined && isCategoryId(category)) {
    session.landingCategory = category;
    writeJson('localStorage', SESSION_KEY, session);
  }
  return session;
}

/** The session's context fields as the API takes them (absent ones left out). */
export function sessionContext(session: Session): { referrer?: string; landingCategory?: string } {
  return {
    ...(typeof session.referrer === 'string' ? { referrer: session.referrer } : {}),
    ...(typeof session.landingCategory === 'string' && isCategoryId(session.landingCategory)
      ? { landingCategory: session.landingCategory }
      : {}),
  };
}

/** Records that the shopper touched `itemId` (moved to the end if already there). */
export function touchItem(itemId: string, now = Date.now()): Session {
  const session = currentSession(now);
  session.items = [...session.items.filter((i) => i !== itemId), itemId].slice(-MAX_ITEMS);
  writeJson('localStorage', SESSION_KEY, session);
  return session;
}

/** Starts over (a "forget me" link or the demo's reset button). */
export function resetSession(): void {
  remove('localStorage', SESSION_KEY);
}
