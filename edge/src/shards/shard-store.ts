/**
 * `ShardStore`: fetches the blobs a manifest names, by reference, through the shard cache.
 * It knows the formats (shard codec, metadata JSON, f32 matrices) but nothing about scoring:
 * the scanner and fold-in ask it for what they need.
 */
import type { z } from 'zod';
import { type BlobRef, FallbackLists, ShardMetadata } from '#shared/schemas';
import type { RequestScope } from '../../lib/index.ts';
import { f32Decoder, jsonDecoder, type LoadedShard, SHARD_DECODER } from './decoders.ts';
import type { Decoder, ShardCache, ShardCacheStats } from './shard-cache.ts';

const METADATA_DECODER = jsonDecoder('metadata', ShardMetadata);
const FALLBACK_DECODER = jsonDecoder('fallback', FallbackLists);

export class ShardStore {
  constructor(private readonly cache: ShardCache) {}

  /** A binary shard (list, user or item bucket, centroids). */
  shard(ref: BlobRef, scope: RequestScope): Promise<LoadedShard> {
    return this.cache.get(ref, SHARD_DECODER, scope);
  }

  /** The `ShardMetadata` rows aligned with an IVF list's shard. */
  metadata(ref: BlobRef, scope: RequestScope): Promise<ShardMetadata> {
    return this.cache.get(ref, METADATA_DECODER, scope);
  }

  /** The shard if it is already decoded in the isolate (no waiting), else undefined. */
  peekShard(ref: BlobRef): LoadedShard | undefined {
    return this.cache.peek(ref, SHARD_DECODER);
  }

  /** The list metadata if already in the isolate, else undefined. */
  peekMetadata(ref: BlobRef): ShardMetadata | undefined {
    return this.cache.peek(ref, METADATA_DECODER);
  }

  /** The popular/segment fallback lists. */
  fallback(ref: BlobRef, scope: RequestScope): Promise<FallbackLists> {
    return this.cache.get(ref, FALLBACK_DECODER, scope);
  }

  /** A raw f32 blob of exactly `length` values. */
  f32(ref: BlobRef, length: number, scope: RequestScope): Promise<Float32Array> {
    return this.cache.get(ref, f32Decoder(length), scope);
  }

  /** Any other JSON blob, checked by `schema`. */
  json<S extends z.ZodType>(ref: BlobRef, kind: string, schema: S, scope: RequestScope): Promise<z.infer<S>> {
    const decoder: Decoder<z.infer<S>> = jsonDecoder(kind, schema);
    return this.cache.get(ref, decoder, scope);
  }

  stats(): ShardCacheStats {
    return this.cache.stats();
  }
}
