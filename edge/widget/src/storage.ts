/**
 * Web Storage that never throws: Safari private mode, blocked third-party storage and full
 * quotas all make `localStorage` throw, and a widget must not break the page over it. Falls back
 * to memory for the life of the page.
 */

const memory = new Map<string, string>();

function area(kind: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return window[kind];
  } catch {
    return null;
  }
}

/** Parsed JSON at `key`, or null when absent, unreadable or not JSON. */
export function readJson<T>(kind: 'localStorage' | 'sessionStorage', key: string): T | null {
  let text: string | null = null;
  try {
    text = area(kind)?.getItem(key) ?? null;
  } catch {
    text = null;
  }
  text ??= memory.get(`${kind}:${key}`) ?? null;
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** Stores `value` as JSON at `key` (in memory when storage refuses). */
export function writeJson(kind: 'localStorage' | 'sessionStorage', key: string, value: unknown): void {
  const text = JSON.stringify(value);
  try {
    const store = area(kind);
    if (store !== null) {
      store.setItem(key, text);
      return;
    }
  } catch {
    // fall through to memory
  }
  memory.set(`${kind}:${key}`, text);
}

/** Forgets `key` everywhere. */
export function remove(kind: 'localStorage' | 'sessionStorage', key: string): void {
  memory.delete(`${kind}:${key}`);
  try {
    area(kind)?.removeItem(key);
  } catch {
    // nothing to do
  }
}
