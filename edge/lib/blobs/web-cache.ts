/**
 * The slice of the Web Cache API the Workers use for colo-level caching (`caches.default` in
 * workerd); anything with this shape (an in-memory map in a benchmark) can stand in.
 */

/** `match`/`put`/`delete` by URL string, as `caches.default` provides them. */
export interface WebCache {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
  delete(request: string): Promise<boolean>;
}

/**
 * `caches.default` where the runtime has it (workerd), else undefined (Node, benchmarks).
 *
 * @example
 * const colo = defaultColoCache();
 */
export function defaultColoCache(): WebCache | undefined {
  return (globalThis as { caches?: { default?: WebCache } }).caches?.default;
}
