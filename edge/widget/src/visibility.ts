/**
 * "Seen" for impressions: at least half of the widget on screen, the usual viewability rule,
 * so recommendations rendered below the fold and never scrolled to are not counted as shown.
 */

/**
 * Calls `onSeen` once, the first time half of `element` is visible (at once where the browser
 * has no IntersectionObserver). Returns a function that stops watching.
 *
 * @example
 * const stop = whenSeen(widget, () => reportImpression());
 */
export function whenSeen(element: Element, onSeen: () => void): () => void {
  if (typeof IntersectionObserver !== 'function') {
    onSeen();
    return () => undefined;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      onSeen();
    },
    { threshold: 0.5 },
  );
  observer.observe(element);
  return () => observer.disconnect();
}
