export { batchMatMulConfig } from './batch-mat-mul.ts';
export { builtinKernel, rememberBuiltin } from './builtins.ts';
export { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.ts';
export { conv2dBackpropInputConfig } from './conv2d-backprop-input.ts';
export { tileConfig } from './tile.ts';
