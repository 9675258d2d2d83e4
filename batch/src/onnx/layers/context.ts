/**
 * What every layer converter receives, plus the helpers they share: typed reads of the layer's
 * serialised config, its weights, and the one way to refuse a layer.
 *
 * Converters read `layer.getConfig()` (the same dictionary tfjs writes to model.json) rather
 * than private fields, so the exporter sees exactly what a saved model would carry.
 */
import { AppError } from '#shared/errors';
import type { tf } from '../../runtime/tf.ts';
import type { GraphBuilder, ValueRef } from '../graph.ts';

export type Layer = tf.layers.Layer;

export interface ConvertInput {
  g: GraphBuilder;
  layer: Layer;
  config: LayerConfig;
  inputs: readonly ValueRef[];
  /** The tfjs output shape of this call of the layer (batch is `null`). */
  outputShape: readonly (number | null)[];
}

/** Emits the ONNX nodes for one call of a layer and returns its output value. */
export type Converter = (c: ConvertInput) => ValueRef;

/** The error for anything the exporter cannot reproduce exactly. */
export function unsupported(layer: Layer, what: string): AppError {
  return new AppError(
    'invalid_argument',
    `cannot export layer "${layer.name}" (${layer.getClassName()}) to ONNX: ${what}`,
    { field: layer.name },
  );
}

/** Typed, validated access to a layer's serialised config. */
export class LayerConfig {
  constructor(
    private readonly layer: Layer,
    private readonly raw: Record<string, unknown>,
  ) {}

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  num(key: string, fallback?: number): number {
    const v = this.raw[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.bad(key, 'a number');
    return v;
  }

  str(key: string, fallback?: string): string {
    const v = this.raw[key] ?? fallback;
    if (typeof v !== 'string') throw this.bad(key, 'a string');
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.raw[key] ?? fallback;
    if (typeof v !== 'boolean') throw this.bad(key, 'a boolean');
    return v;
  }

  /** A per-axis option such as kernelSize or strides: a number is repeated `n` times. */
  pair(key: string, n: number, fallback?: number): number[] {
    const v = this.raw[key] ?? fallback;
    if (typeof v === 'number') return Array.from({ length: n }, () => v);
    if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number')) return v as number[];
    throw this.bad(key, `a number or ${n} numbers`);
  }

  /** A shape list where tfjs writes an inferred dimension as null (Keras's None): null → -1. */
  dims(key: string): number[] {
    const v = this.raw[key];
    if (Array.isArray(v) && v.every((x) => typeof x === 'number' || x === null)) return v.map((x) => x ?? -1);
    throw this.bad(key, 'a list of dimensions');
  }

  private bad(key: string, want: string): AppError {
    return unsupported(this.layer, `config "${key}" should be ${want}, got ${JSON.stringify(this.raw[key])}`);
  }
}

export interface Weight {
  shape: number[];
  data: Float32Array;
}

/**
 * The layer's weights in tfjs build order, checked against the names the converter expects
 * (e.g. ['kernel', 'bias']); a mismatch means a layer variant the converter does not know.
 */
export function readWeights(layer: Layer, expected: readonly string[]): Weight[] {
  const vars = layer.weights;
  const names = vars.map((w) => w.originalName.split('/').pop() ?? '');
  const same = names.length === expected.length && names.every((n, i) => n === expected[i]);
  if (!same) throw unsupported(layer, `weights [${names.join(', ')}], expected [${expected.join(', ')}]`);
  return vars.map((w) => {
    const t = w.read();
    if (t.dtype !== 'float32') throw unsupported(layer, `weight ${w.name} is ${t.dtype}, not float32`);
    return { shape: [...t.shape], data: Float32Array.from(t.dataSync() as Float32Array) };
  });
}

/** Rank-4 static spatial size of a value, or a refusal naming the dynamic dimension. */
export function spatial(layer: Layer, v: ValueRef): [number, number, number] {
  const [, h, w, c] = v.shape;
  if (v.shape.length !== 4 || typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number') {
    throw unsupported(layer, `needs a static [batch, h, w, c] input, got [${v.shape.join(', ')}]`);
  }
  return [h, w, c];
}
