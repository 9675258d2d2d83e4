/**
 * Reads an ONNX file's interface (names and shapes of its graph inputs and outputs, opset,
 * metadata) without running it: to check a generator before opening a session, and in tests.
 */
import { AppError } from '#shared/errors';
import { decodeModel, type ValueInfoProto } from './proto.ts';

export interface OnnxSignature {
  irVersion: number;
  opset: number;
  /** Shape per input name; symbolic dimensions are their names (e.g. 'batch'). */
  inputs: Map<string, (number | string)[]>;
  outputs: Map<string, (number | string)[]>;
  metadata: Map<string, string>;
}

function dims(v: ValueInfoProto): (number | string)[] {
  return (v.type?.tensorType?.shape?.dim ?? []).map((d) => d.dimParam || Number(d.dimValue ?? 0));
}

/** Parses the model header; bytes that are not ONNX fail with `AppError('corrupt')`. */
export function onnxSignature(bytes: Uint8Array): OnnxSignature {
  let model: ReturnType<typeof decodeModel>;
  try {
    model = decodeModel(bytes);
  } catch (cause) {
    throw new AppError('corrupt', 'not a readable ONNX model', { cause });
  }
  const graph = model.graph;
  if (!graph) throw new AppError('corrupt', 'ONNX model has no graph');
  const byName = (list: ValueInfoProto[] | null | undefined) =>
    new Map((list ?? []).map((v) => [v.name ?? '', dims(v)] as const));
  return {
    irVersion: Number(model.irVersion),
    opset: Number(model.opsetImport.find((o) => !o.domain)?.version ?? 0),
    inputs: byName(graph.input),
    outputs: byName(graph.output),
    metadata: new Map(model.metadataProps.map((p) => [p.key ?? '', p.value ?? ''] as const)),
  };
}
