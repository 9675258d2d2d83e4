/**
 * ONNX protobuf building blocks: typed constructors for tensors, attributes and value infos.
 *
 * onnx-proto ships the ONNX schema compiled for protobufjs (a CommonJS module); this file is the
 * only place that touches its generated classes, so the rest of the exporter speaks plain
 * arrays and Float32Arrays. Weights go in `raw_data` as little-endian bytes (the ONNX rule),
 * which keeps float32 values bit-exact and the file compact.
 */
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
export type ModelProto = onnxProto.onnx.IModelProto;

const DataType = onnx.TensorProto.DataType;
const AttrType = onnx.AttributeProto.AttributeType;

/** Little-endian bytes of a typed array, independent of the host's byte order. */
function littleEndian(values: Float32Array | BigInt64Array): Uint8Array {
  const out = new Uint8Array(values.length * values.BYTES_PER_ELEMENT);
  const view = new DataView(out.buffer);
  if (values instanceof Float32Array) {
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  } else {
    for (let i = 0; i < values.length; i++) view.setBigInt64(i * 8, values[i] as bigint, true);
  }
  return out;
}

/** A float32 initializer. `data.length` must equal the product of `dims`. */
export function floatTensor(name: string, dims: readonly number[], data: Float32Array): TensorProto {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== data.length) {
    throw new Error(`tensor ${name}: dims [${dims.join(',')}] hold ${size} values, got ${data.length}`);
  }
  return { name, dims: [...dims], dataType: DataType.FLOAT, rawData: littleEndian(data) };
}

/** An int64 initializer (shapes for Reshape, and the like). */
export function int64Tensor(name: string, dims: readonly number[], values: readonly number[]): TensorProto {
  return {
    name,
    dims: [...dims],
    dataType: DataType.INT64,
    rawData: littleEndian(BigInt64Array.from(values, (v) => BigInt(v))),
  };
}

/** Attribute constructors, named after the ONNX attribute types. */
export const attr = {
  int: (name: string, i: number): AttributeProto => ({ name, type: AttrType.INT, i }),
  ints: (name: string, ints: readonly number[]): AttributeProto => ({
    name,
    type: AttrType.INTS,
    ints: [...ints],
  }),
  float: (name: string, f: number): AttributeProto => ({ name, type: AttrType.FLOAT, f }),
};

/**
 * A float32 graph input/output. `null` dimensions become the symbolic `batch` dimension, so
 * one file serves any batch size.
 */
export function floatValueInfo(name: string, shape: readonly (number | null)[]): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: DataType.FLOAT,
        shape: { dim: shape.map((d) => (d === null ? { dimParam: 'batch' } : { dimValue: d })) },
      },
    },
  };
}

/** Serialises a model to bytes. */
export function encodeModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** Parses bytes back into a model (tests and inspection). */
export function decodeModel(bytes: Uint8Array): onnxProto.onnx.ModelProto {
  return onnx.ModelProto.decode(bytes);
}
