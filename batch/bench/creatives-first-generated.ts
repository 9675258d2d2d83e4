/**
 * With the generator deadline (CREATIVE_GENERATOR_DEADLINE_MS) the first answer to a cold
 * category banner may be a library stand-in (`X-Vitrine-Fallback: generator_slow`) while the
 * generator Worker starts; the shopper sees the generated banner only on a later request (from the
 * colo cache the background run filled, or drawn by then). The cold benches report both moments:
 * this asks again, back to back, until an answer is generated, and says when that was.
 */

/** The part of an HTTP answer these helpers read. */
export interface Answer {
  status: number;
  headers: Headers;
}

export interface FirstGenerated {
  /** From the first request's start to the end of the first generated answer. */
  ms: number;
  /** Answers up to and including the generated one. */
  asked: number;
  /** `X-Vitrine-Cache` of the generated answer (`hit`: the entry the background run put). */
  cache: string;
}

/**
 * What drew an answer: `generated`, `library (generator_slow)`, `copy-only (no_generator)`, ….
 *
 * @example
 * sourceOf(res); // 'library (generator_slow)'
 */
export function sourceOf(answer: Answer): string {
  const source = answer.headers.get('x-vitrine-creative') ?? '?';
  const why = answer.headers.get('x-vitrine-fallback');
  return why === null ? source : `${source} (${why})`;
}

/**
 * The first generated answer: `first` when it is one, else `ask()` again until one is (each of
 * those asks waits at most the deadline itself, so the moment is known to within one deadline).
 *
 * @example
 * const t0 = performance.now();
 * const first = await fetch(url);
 * const generated = await untilGenerated(() => fetch(url), first, t0);
 */
export async function untilGenerated(
  ask: () => Promise<Answer>,
  first: Answer,
  t0: number,
  limitMs = 60_000,
): Promise<FirstGenerated> {
  let answer = first;
  let asked = 1;
  while (answer.headers.get('x-vitrine-creative') !== 'generated') {
    if (answer.status !== 200 || performance.now() - t0 > limitMs)
      throw new Error(
        `no generated banner after ${asked} answers (last: ${answer.status} ${sourceOf(answer)})`,
      );
    answer = await ask();
    asked++;
  }
  return { ms: performance.now() - t0, asked, cache: answer.headers.get('x-vitrine-cache') ?? '?' };
}
