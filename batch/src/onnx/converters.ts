/**
 * The table of supported tfjs layer classes. A class missing here is refused by the exporter
 * with its name and the supported list, never exported approximately.
 */
import { activationLayer, leakyReluLayer, reluLayer } from './layers/activation.ts';
import type { Converter } from './layers/context.ts';
import { conv2dLayer, conv2dTransposeLayer } from './layers/conv.ts';
import { batchNormLayer, denseLayer } from './layers/dense.ts';
import { concatenateLayer, dropoutLayer, flattenLayer, reshapeLayer } from './layers/shape.ts';

export const CONVERTERS: Readonly<Record<string, Converter>> = {
  Dense: denseLayer,
  BatchNormalization: batchNormLayer,
  Activation: activationLayer,
  ReLU: reluLayer,
  LeakyReLU: leakyReluLayer,
  Conv2D: conv2dLayer,
  Conv2DTranspose: conv2dTransposeLayer,
  Reshape: reshapeLayer,
  Flatten: flattenLayer,
  Concatenate: concatenateLayer,
  Dropout: dropoutLayer,
};

/** Layer class names the exporter accepts (InputLayer is handled by the graph walk). */
export const SUPPORTED_LAYERS = Object.keys(CONVERTERS);
