/**
 * The anonymous shopping session: an id and the items touched in it, kept in `localStorage` so
 * every widget on every page of the shop (and every tab) shares them. A session ends after 30
 * minutes without activity, the usual web-analytics convention; the next page starts a new one.
 * The items are what `POST /v1/recommendations` folds into a vector for a visitor the model has
 * never seen.
 */
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
  const session = valid(stored, now)
    ? { id: stored.id, items: stored.items.filter((i) => typeof i === 'string'), touchedAt: now }
    : { id: `s-${randomId()}`, items: [], touchedAt: now };
  writeJson('localStorage', SESSION_KEY, session);
  return session;
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
