/**
 * The generator as a banner sees it, whichever side of the service binding runs it: the
 * generator Worker implements it over its onnxruntime session (edge/generator), the creative
 * Worker over the binding (edge/creative/generator/remote.ts). The same requests give the same
 * floats on both, so the banner code does not know where the model ran.
 */
import type { Releasable } from './slot.ts';

export interface CreativeGenerator extends Releasable {
  /** Digest of the ONNX blob: the model identity in cache keys and ETags. */
  readonly sha256: string;
  readonly imageSide: number;
  /** One side×side×channels image in [-1, 1] per request, in order (row-major, HWC). */
  generate(requests: readonly { category: string; seed: number }[]): Promise<Float32Array[]>;
}
