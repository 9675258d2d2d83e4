/**
 * Packing named float32 tensors into one little-endian blob with a table of contents, and reading
 * them back — the payload format of GAN checkpoints and the cached evaluation classifier.
 */
import { AppError } from '#shared/errors';
import type { CheckpointTensor } from '#shared/schemas';
import { tf } from '../../runtime/tf.ts';

/** Accumulates tensors; `entries` describe where each landed in `bytes()`. */
export class TensorPacker {
  private readonly chunks: Float32Array[] = [];
  private size = 0;

  /** Copies `t`'s values (read synchronously) and returns its table entry. */
  add(name: string, t: tf.Tensor): CheckpointTensor {
    const data = Float32Array.from(t.dataSync());
    this.chunks.push(data);
    const entry = { name, shape: [...t.shape], offset: this.size };
    this.size += data.byteLength;
    return entry;
  }

  /** Every weight of `model` (trainable and not), in `model.weights` order. */
  addModel(model: tf.LayersModel): CheckpointTensor[] {
    return model.weights.map((w) => this.add(w.originalName, w.read()));
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      // Float32Array bytes are little-endian on every platform Node and workerd run on.
      out.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
      at += c.byteLength;
    }
    return out;
  }
}

/** Random access to the tensors of a packed blob. */
export class TensorReader {
  private readonly buffer: ArrayBuffer;

  constructor(
    bytes: Uint8Array,
    private readonly name: string,
  ) {
    // Copy into an aligned buffer: a blob's bytes may start at any offset.
    this.buffer = new Uint8Array(bytes).buffer;
  }

  /** The values of one entry (a view; copy before keeping it). */
  tensor(entry: CheckpointTensor): Float32Array {
    const size = entry.shape.reduce((a, b) => a * b, 1);
    if (entry.offset % 4 !== 0 || entry.offset + size * 4 > this.buffer.byteLength) {
      throw new AppError('corrupt', `${this.name}: tensor ${entry.name} lies outside the blob`, {
        key: this.name,
      });
    }
    return new Float32Array(this.buffer, entry.offset, size);
  }

  /** Sets `model`'s weights from `entries` (same architecture, same order). */
  restoreModel(model: tf.LayersModel, entries: CheckpointTensor[]): void {
    if (entries.length !== model.weights.length) {
      throw new AppError(
        'corrupt',
        `${this.name}: ${entries.length} tensors for model ${model.name} with ${model.weights.length} weights`,
        { key: this.name },
      );
    }
    const values = entries.map((e, i) => {
      const expected = model.weights[i]?.shape.join('×');
      if (e.shape.join('×') !== expected) {
        throw new AppError(
          'corrupt',
          `${this.name}: ${e.name} is ${e.shape.join('×')}, model expects ${expected}`,
          {
            key: this.name,
          },
        );
      }
      return tf.tensor(this.tensor(e), e.shape);
    });
    model.setWeights(values);
    tf.dispose(values);
  }
}
