/**
 * tfjs LayersModel → ONNX ModelProto (IR 8, opset 13), by walking the model's layer graph.
 *
 * No tfjs→ONNX converter exists on npm, so this is ours. The walk starts at the model's outputs
 * and follows each symbolic tensor to the layer call that produced it, so functional models
 * (several inputs, Concatenate) and Sequential models go through the same code. Every layer
 * class goes through the table in converters.ts; anything else is refused with an
 * `AppError('invalid_argument')` naming the layer. Graph inputs and outputs keep tfjs's NHWC
 * order and a dynamic `batch` dimension, so ONNX and tfjs outputs compare element by element.
 * The same model always yields the same bytes (names come from layer names, no timestamps),
 * which keeps the content-addressed blob stable across re-exports.
 */
import { AppError } from '#shared/errors';
import type { tf } from '../runtime/tf.ts';
import { CONVERTERS, SUPPORTED_LAYERS } from './converters.ts';
import { GraphBuilder, type ValueRef } from './graph.ts';
import { LayerConfig, unsupported } from './layers/context.ts';
import { encodeModel, floatValueInfo } from './proto.ts';

export const ONNX_OPSET = 13;
export const ONNX_IR_VERSION = 8;

export interface ExportOptions {
  /** Graph input names in `model.inputs` order; default: the input layers' names. */
  inputNames?: readonly string[];
  /** Graph output names in `model.outputs` order; default: `output`, `output_1`, … */
  outputNames?: readonly string[];
  graphName?: string;
  docString?: string;
  /** Stored as ONNX `metadata_props` (e.g. noise dimension, categories). */
  metadata?: Readonly<Record<string, string>>;
}

export interface TensorSpec {
  name: string;
  /** tfjs order; `null` is the dynamic batch dimension. */
  shape: (number | null)[];
}

export interface ExportedOnnx {
  bytes: Uint8Array;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  opset: number;
  irVersion: number;
  nodeCount: number;
}

type SymbolicTensor = tf.SymbolicTensor;

const IO_NAME = /^[A-Za-z_][\w.-]*$/;

function ioNames(given: readonly string[] | undefined, fallback: string[], what: string): string[] {
  const names = given ? [...given] : fallback;
  if (names.length !== fallback.length) {
    throw new AppError(
      'invalid_argument',
      `model has ${fallback.length} ${what}s, got ${names.length} names`,
      {
        field: `${what}Names`,
      },
    );
  }
  for (const n of names) {
    if (!IO_NAME.test(n)) {
      throw new AppError('invalid_argument', `${what} name "${n}" must match ${IO_NAME}`, {
        field: `${what}Names`,
      });
    }
  }
  return names;
}

/** Float32 input with only the batch dimension dynamic, else a refusal. */
function inputShape(t: SymbolicTensor): (number | null)[] {
  const layer = t.sourceLayer;
  if (t.dtype !== 'float32') throw unsupported(layer, `input dtype ${t.dtype} (only float32)`);
  if (t.shape.slice(1).some((d) => d === null)) {
    throw unsupported(layer, `input shape [${t.shape.join(', ')}] has a dynamic non-batch dimension`);
  }
  return [...t.shape];
}

/**
 * Exports `model` to ONNX bytes.
 *
 * @example
 * const onnx = exportLayersModel(generator, { inputNames: ['noise', 'label'], outputNames: ['image'] });
 * await writeFile('generator.onnx', onnx.bytes);
 */
export function exportLayersModel(model: tf.LayersModel, options: ExportOptions = {}): ExportedOnnx {
  const g = new GraphBuilder();
  const inNames = ioNames(
    options.inputNames,
    model.inputs.map((t) => t.sourceLayer.name),
    'input',
  );
  const outNames = ioNames(
    options.outputNames,
    model.outputs.map((_, i) => (i === 0 ? 'output' : `output_${i}`)),
    'output',
  );
  for (const n of [...inNames, ...outNames]) {
    if (g.unique(n) !== n) throw new AppError('invalid_argument', `graph name "${n}" is used twice`);
  }

  const values = new Map<number, ValueRef>();
  const inputs: TensorSpec[] = model.inputs.map((t, i) => {
    const spec = { name: inNames[i]!, shape: inputShape(t) };
    values.set(t.id, { name: spec.name, shape: spec.shape, layout: 'nhwc' });
    return spec;
  });

  const visiting = new Set<number>();
  const visit = (t: SymbolicTensor): ValueRef => {
    const known = values.get(t.id);
    if (known) return known;
    const layer = t.sourceLayer;
    const node = layer.inboundNodes[t.nodeIndex];
    if (!node || layer.getClassName() === 'InputLayer') {
      throw unsupported(layer, 'it feeds the graph but is not one of the model inputs');
    }
    if (visiting.has(t.id)) throw unsupported(layer, 'the layer graph has a cycle');
    visiting.add(t.id);
    const converter = CONVERTERS[layer.getClassName()];
    if (!converter) {
      throw unsupported(layer, `layer type not supported (supported: ${SUPPORTED_LAYERS.join(', ')})`);
    }
    if (node.outputTensors.length !== 1) throw unsupported(layer, 'layers with several outputs');
    const out = converter({
      g,
      layer,
      config: new LayerConfig(layer, layer.getConfig() as Record<string, unknown>),
      inputs: node.inputTensors.map(visit),
      outputShape: [...node.outputTensors[0]!.shape],
    });
    values.set(t.id, out);
    visiting.delete(t.id);
    return out;
  };

  const outputs: TensorSpec[] = model.outputs.map((t, i) => {
    const v = g.asNhwc(visit(t));
    const name = outNames[i]!;
    g.nodes.push({ opType: 'Identity', input: [v.name], output: [name], name: `${name}_identity` });
    return { name, shape: [...t.shape] };
  });

  const bytes = encodeModel({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'vitrine',
    producerVersion: '1',
    docString: options.docString ?? '',
    graph: {
      name: options.graphName ?? model.name,
      node: g.nodes,
      initializer: g.initializers,
      input: inputs.map((s) => floatValueInfo(s.name, s.shape)),
      output: outputs.map((s) => floatValueInfo(s.name, s.shape)),
    },
    metadataProps: Object.entries(options.metadata ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value })),
  });
  return { bytes, inputs, outputs, opset: ONNX_OPSET, irVersion: ONNX_IR_VERSION, nodeCount: g.nodes.length };
}
