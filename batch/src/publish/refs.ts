/**
 * Every blob a manifest references, found by walking the document rather than by naming its
 * fields: retention must never miss one (a missed ref would let GC delete a live blob), and a
 * walk stays complete when the schema gains artifacts (generator, creatives, …).
 */
import { BlobRef, type Manifest } from '#shared/schemas';

/**
 * All distinct `BlobRef`s inside `manifest`, by key.
 *
 * @example
 * for (const ref of manifestBlobRefs(m).values()) await readBlob(store, ref);
 */
export function manifestBlobRefs(manifest: Manifest | unknown): Map<string, BlobRef> {
  const found = new Map<string, BlobRef>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const asRef = BlobRef.safeParse(value);
    if (asRef.success) {
      found.set(asRef.data.key, asRef.data);
      return;
    }
    for (const v of Object.values(value)) visit(v);
  };
  visit(manifest);
  return found;
}
