/**
 * The decodings the shard store keeps in the isolate: binary shards (with a lazy id → row
 * index), list metadata JSON, raw little-endian f32 matrices and zod-checked JSON documents.
 * Each reports the memory it holds so the LRU budget means something.
 */

import type { z } from 'zod';
import { decodeShard, type Shard } from '#shared/codec';
import { AppError, err, ok } from '#shared/errors';
import { decodeJson } from '#shared/schemas';
import type { Decoder } from './shard-cache.ts';

/** A decoded shard plus an id → row lookup, built on first use (only lookups need it). */
export interface LoadedShard {
  readonly shard: Shard;
  rowOf(id: string): number | undefined;
}

function loaded(shard: Shard): LoadedShard {
  let rows: Map<string, number> | undefined;
  return {
    shard,
    rowOf(id) {
      if (rows === undefined) {
        rows = new Map();
        for (let r = 0; r < shard.ids.length; r++) rows.set(shard.ids[r] as string, r);
      }
      return rows.get(id);
    },
  };
}

/** Rough cost of a JS string id plus its Map entry: header + 2 bytes per UTF-16 unit + slot. */
const idBytes = (ids: readonly string[]): number => ids.reduce((n, id) => n + 48 + 2 * id.length, 0);

export const SHARD_DECODER: Decoder<LoadedShard> = {
  kind: 'shard',
  // The shard cache decodes only bytes it has checked against the ref's sha256 (VerifiedReader).
  decode: (bytes) => {
    const decoded = decodeShard(bytes, { sha256Verified: true });
    return decoded.ok ? ok(loaded(decoded.value)) : decoded;
  },
  // Vectors are views into the raw bytes, so the raw size plus the id strings is what stays alive.
  bytesOf: (value, raw) => raw.length + idBytes(value.shard.ids),
};

/**
 * A JSON document checked by `schema` (list metadata, fallback lists).
 *
 * @example
 * const META = jsonDecoder('metadata', ShardMetadata);
 */
export function jsonDecoder<S extends z.ZodType>(kind: string, schema: S): Decoder<z.infer<S>> {
  return {
    kind,
    decode: (bytes) => decodeJson(bytes, schema, kind),
    // Parsed JSON costs a few times its text; 3× is a deliberate overestimate.
    bytesOf: (_value, raw) => 3 * raw.length,
  };
}

/**
 * A raw little-endian f32 array of exactly `length` values (the fold-in Gramian).
 *
 * @example
 * const G = await store.get(manifest.foldIn.gramian, f32Decoder(dim * dim), scope);
 */
export function f32Decoder(length: number): Decoder<Float32Array> {
  return {
    kind: `f32x${length}`,
    decode: (bytes) => {
      if (bytes.length !== 4 * length) {
        return err(
          new AppError(
            'corrupt',
            `expected ${length} f32 values (${4 * length} bytes), got ${bytes.length} bytes`,
          ),
        );
      }
      const out = new Float32Array(length);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      for (let i = 0; i < length; i++) out[i] = view.getFloat32(4 * i, true);
      return ok(out);
    },
    bytesOf: (value) => value.byteLength,
  };
}
