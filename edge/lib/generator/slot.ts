/**
 * The isolate's generator: created once per model (keyed by the generator blob's sha256) as a
 * memoised promise, so concurrent first requests share one download and one session, and
 * replaced when the manifest names another blob — the previous one is released once the new
 * one is ready (after its queued runs). Both sides of the generator service binding keep one:
 * the generator Worker (edge/generator) for its onnxruntime session, the creative Worker
 * (edge/creative) for its client of that Worker, so a broken model is remembered on both sides.
 *
 * A generator that fails to load (missing blob, digest mismatch, onnxruntime refuses it) is
 * remembered as failed for `retryMs`: requests meanwhile go straight to the fallback instead of
 * downloading and parsing the same broken bytes again; after that the next request retries.
 */
import { AppError, isAppError } from '#shared/errors';
import type { GeneratorSection } from '#shared/schemas';

/** What a slot holds: anything that can be released once a newer model replaced it. */
export interface Releasable {
  release(): Promise<void>;
}

export type GeneratorState = 'idle' | 'loading' | 'ready' | 'failed';

export interface GeneratorSlotOptions<G extends Releasable> {
  /** Downloads, verifies and opens the generator of `section`. */
  open: (section: GeneratorSection) => Promise<G>;
  /** How long a failure is remembered (ms). */
  retryMs?: number;
  now?: () => number;
}

interface Entry<G extends Releasable> {
  key: string;
  retired?: boolean;
  promise: Promise<G>;
  state: GeneratorState;
  error?: AppError;
  failedAt?: number;
}

/** The identity of a generator section: its blob plus how it is fed. */
function keyOf(section: GeneratorSection): string {
  return `${section.onnx.sha256}:${section.noiseDim}:${section.imageSize}:${section.channels ?? '?'}:${section.categories.join(',')}`;
}

function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError('unavailable', error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}

/** Releases an entry's session once, whenever it becomes ready (never a failed one). */
function retire<G extends Releasable>(entry: Entry<G>): void {
  if (entry.retired) return;
  entry.retired = true;
  entry.promise.then((generator) => generator.release()).catch(() => undefined);
}

export class GeneratorSlot<G extends Releasable> {
  private entry: Entry<G> | undefined;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(private readonly options: GeneratorSlotOptions<G>) {
    this.retryMs = options.retryMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The generator of `section`, loading it on first use or when the section changed.
   * Rejects with the (typed) reason it cannot be used.
   *
   * @example
   * const generator = await slot.get(manifest.generator);
   */
  get(section: GeneratorSection): Promise<G> {
    const key = keyOf(section);
    const current = this.entry;
    if (current?.key === key) {
      const retry = current.state === 'failed' && this.now() - (current.failedAt ?? 0) >= this.retryMs;
      if (!retry) return current.promise;
    }
    const entry: Entry<G> = { key, state: 'loading', promise: this.options.open(section) };
    entry.promise.then(
      () => {
        entry.state = 'ready';
      },
      (error: unknown) => {
        entry.state = 'failed';
        entry.error = toAppError(error);
        entry.failedAt = this.now();
      },
    );
    // The previous model's session goes once this one settled (it may still serve until then).
    if (current !== undefined) entry.promise.finally(() => retire(current)).catch(() => undefined);
    this.entry = entry;
    return entry.promise;
  }

  /**
   * Whether this isolate has asked for a generator yet: a new model's generator is built ahead of
   * requests only where the previous one served, so an isolate that only draws product pictures
   * never pays for an onnxruntime session.
   */
  get used(): boolean {
    return this.entry !== undefined;
  }

  /** For `/v1/health`: the state of the generator of `section` (or of nothing). */
  status(section: GeneratorSection | undefined): { state: GeneratorState | 'absent'; detail?: string } {
    if (section === undefined) return { state: 'absent' };
    const entry = this.entry;
    if (entry === undefined || entry.key !== keyOf(section)) return { state: 'idle' };
    return entry.error === undefined
      ? { state: entry.state }
      : { state: entry.state, detail: entry.error.message };
  }
}
