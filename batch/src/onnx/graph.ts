/**
 * The graph under construction: nodes, initializers, unique names, and the layout of every
 * value.
 *
 * tfjs is channels-last (NHWC) while ONNX Conv/ConvTranspose/BatchNormalization are
 * channels-first (NCHW). Instead of transposing around every conv, each rank-4 value carries
 * its current layout and is transposed only when a consumer needs the other one (conv chains
 * stay NCHW; Reshape/Flatten/Dense on images go back to NHWC so element order matches tfjs).
 * Transposes are memoised, so a value consumed twice is transposed once.
 */
import { attr, floatTensor, int64Tensor, type NodeProto, type TensorProto } from './proto.ts';

export type Layout = 'nhwc' | 'nchw';

/** A value in the graph. `shape` is always the tfjs (NHWC) shape; `null` is the batch. */
export interface ValueRef {
  name: string;
  shape: readonly (number | null)[];
  /** Only meaningful for rank 4; everything else is stored as tfjs lays it out. */
  layout: Layout;
}

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly names = new Set<string>();
  private readonly converted = new Map<string, ValueRef>();

  /** Reserves a unique, ONNX-friendly name derived from `base`. */
  unique(base: string): string {
    const clean = base.replace(/[^\w.-]/g, '_') || 'v';
    let name = clean;
    for (let i = 1; this.names.has(name); i++) name = `${clean}_${i}`;
    this.names.add(name);
    return name;
  }

  /** Adds a float32 weight and returns its name. */
  floatInit(base: string, dims: readonly number[], data: Float32Array): string {
    const name = this.unique(base);
    this.initializers.push(floatTensor(name, dims, data));
    return name;
  }

  /** Adds an int64 constant (e.g. a Reshape target) and returns its name. */
  int64Init(base: string, values: readonly number[]): string {
    const name = this.unique(base);
    this.initializers.push(int64Tensor(name, [values.length], values));
    return name;
  }

  /** Appends one node with a single output and returns the output's name. */
  op(
    opType: string,
    inputs: readonly string[],
    base: string,
    attributes: NodeProto['attribute'] = [],
  ): string {
    const output = this.unique(base);
    this.nodes.push({ opType, input: [...inputs], output: [output], name: output, attribute: attributes });
    return output;
  }

  /** The value in NCHW order (rank 4 only), transposing at most once per value. */
  asNchw(v: ValueRef): ValueRef {
    return this.relayout(v, 'nchw');
  }

  /** The value in tfjs order: needed before anything that depends on element order. */
  asNhwc(v: ValueRef): ValueRef {
    return v.shape.length === 4 ? this.relayout(v, 'nhwc') : v;
  }

  private relayout(v: ValueRef, want: Layout): ValueRef {
    if (v.shape.length !== 4) throw new Error(`${v.name}: layout applies to rank-4 values only`);
    if (v.layout === want) return v;
    const key = `${v.name}>${want}`;
    const cached = this.converted.get(key);
    if (cached) return cached;
    const perm = want === 'nchw' ? TO_NCHW : TO_NHWC;
    const name = this.op('Transpose', [v.name], `${v.name}_${want}`, [attr.ints('perm', perm)]);
    const out: ValueRef = { name, shape: v.shape, layout: want };
    this.converted.set(key, out);
    return out;
  }
}
