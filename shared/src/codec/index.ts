export { dequantize, shardRowDot } from './dequantize.ts';
export { decodeF16, encodeF16, f16BitsToF32, f16Table, f32ToF16Bits } from './f16.ts';
export type { ShardDtype, ShardHeader } from './header.ts';
export { DTYPE_BYTES, HEADER_BYTES, readHeader, SHARD_DTYPES, SHARD_MAGIC, SHARD_VERSION } from './header.ts';
export { dequantizeInt8, quantizeInt8 } from './int8.ts';
export { encodeGreyPng, type PngColour, pngFile, zlibStored } from './png.ts';
export type { EncodeShardInput, Shard } from './shard.ts';
export { decodeShard, encodeShard } from './shard.ts';
