/**
 * Erasure from the data store: rewrites the edge's NDJSON files (`events/`, `impressions/`)
 * without the lines of deleted users, and without the anonymous events of the sessions those
 * users' events link to them (a session that logged in is the same person before the login).
 *
 * A line that does not parse but contains a deleted id is removed too: torn or not, it is that
 * person's data. Files that do not contain any of the ids as text are not parsed at all, and a
 * file left empty is deleted. The edge only ever writes new keys, so rewriting an old key in
 * place cannot race with ingestion (each put is atomic: the BlobStore contract).
 */
import { EVENTS_PREFIX, IMPRESSIONS_PREFIX } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { readLines } from '../data/lines.ts';

export interface ErasureResult {
  /** Files rewritten (or deleted when nothing was left). */
  files: number;
  /** Lines removed. */
  lines: number;
  /** Anonymous sessions linked to the deleted users (their `session:<id>` keys are suppressed too). */
  sessions: string[];
}

interface Subject {
  userId?: unknown;
  sessionId?: unknown;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function parse(text: string): Subject | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Subject) : null;
  } catch {
    return null;
  }
}

async function eventKeys(store: BlobStore, prefixes: readonly string[]): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of prefixes)
    for (const { key } of await store.list(prefix)) if (key.endsWith('.ndjson')) keys.push(key);
  return keys;
}

/**
 * Removes every event of `userIds` (and of their linked sessions) from the store's event files.
 *
 * @example
 * const { lines, sessions } = await eraseSubjects(openStore('s3://shop/vitrine'), new Set(['u-42']));
 */
export async function eraseSubjects(
  store: BlobStore,
  userIds: ReadonlySet<string>,
  prefixes: readonly string[] = [EVENTS_PREFIX, IMPRESSIONS_PREFIX],
  /** Called with the keys about to be rewritten, before any is (compacted.ts drops their Parquet). */
  beforeRewrite: (keys: string[]) => Promise<void> = async () => {},
): Promise<ErasureResult> {
  const result: ErasureResult = { files: 0, lines: 0, sessions: [] };
  if (userIds.size === 0) return result;
  const needles = [...userIds];
  const touched: { key: string; text: string }[] = [];
  const sessions = new Set<string>();
  // Pass 1: which files mention a deleted id at all, and which sessions those users had.
  for (const key of await eventKeys(store, prefixes)) {
    const text = decoder.decode(await store.get(key));
    if (!needles.some((id) => text.includes(id))) continue;
    touched.push({ key, text });
    for (const { text: line } of readLines(encoder.encode(text))) {
      const e = parse(line);
      if (e && typeof e.userId === 'string' && userIds.has(e.userId) && typeof e.sessionId === 'string')
        sessions.add(e.sessionId);
    }
  }
  // Linked sessions' anonymous events may sit in files that name no user id: look again.
  if (sessions.size > 0) {
    const seen = new Set(touched.map((t) => t.key));
    for (const key of await eventKeys(store, prefixes)) {
      if (seen.has(key)) continue;
      const text = decoder.decode(await store.get(key));
      if ([...sessions].some((s) => text.includes(s))) touched.push({ key, text });
    }
  }
  const drop = (line: string): boolean => {
    const e = parse(line);
    if (e === null) return needles.some((id) => line.includes(id));
    if (typeof e.userId === 'string') return userIds.has(e.userId);
    return typeof e.sessionId === 'string' && sessions.has(e.sessionId);
  };
  await beforeRewrite(touched.map((t) => t.key));
  for (const { key, text } of touched) {
    const kept: string[] = [];
    let removed = 0;
    for (const { text: line } of readLines(encoder.encode(text))) {
      if (line.trim() !== '' && drop(line)) removed++;
      else kept.push(line);
    }
    if (removed === 0) continue;
    result.files++;
    result.lines += removed;
    if (kept.every((l) => l.trim() === '')) await store.delete(key);
    else
      await store.put(key, encoder.encode(`${kept.join('\n')}\n`), { contentType: 'application/x-ndjson' });
  }
  result.sessions = [...sessions].sort();
  return result;
}
