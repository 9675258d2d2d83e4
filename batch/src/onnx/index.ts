export { SUPPORTED_LAYERS } from './converters.ts';
export {
  type ExportedOnnx,
  type ExportOptions,
  exportLayersModel,
  ONNX_IR_VERSION,
  ONNX_OPSET,
  type TensorSpec,
} from './export.ts';
export { type OnnxSignature, onnxSignature } from './inspect.ts';
export { SUPPORTED_ACTIVATIONS } from './layers/activation.ts';
export { convPads, convTransposePads } from './padding.ts';
export {
  generatorParityFeeds,
  onnxParity,
  onnxParityAll,
  type ParityOptions,
  type ParityReport,
} from './parity.ts';
export { decodeModel } from './proto.ts';
