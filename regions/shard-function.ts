import { canonicalWorkspaceId } from "./workspace-id.js";

/**
 * Workspace → logical shard, without Node APIs: the WebCrypto implementation
 * (`crypto.subtle.digest`, async) for edge workers and browsers, and the parts
 * the Node implementation in shard-map.ts shares with it. Both are checked
 * against `regions/shard-vectors.json`, which a Python script (independent of
 * this code) generates; other languages check their port against it too.
 *
 * The kit's default function:
 *
 *   shard = (first 6 bytes of SHA-256(UTF-8 of the canonical id), big-endian) mod logicalShards + 1
 *
 * Hashing (instead of taking the UUID modulo the count) keeps the spread
 * uniform for time-ordered UUIDs (v1, v7), whose bits are far from random.
 */

/** `(workspaceId) → logical shard` (1-based). Pure and deterministic: the same id always gives the same shard. */
export type ShardFunction = (workspaceId: string) => number;
export type AsyncShardFunction = (workspaceId: string) => Promise<number>;

/** Bytes of the digest that make the shard number: 48 bits stay exact in a JavaScript number. */
export const SHARD_DIGEST_BYTES = 6;

export function checkLogicalShards(logicalShards: number): void {
  if (!Number.isInteger(logicalShards) || logicalShards < 1) throw new RangeError(`logicalShards must be a whole number >= 1, got ${logicalShards}`);
}

/** The shard of a SHA-256 digest: its first 6 bytes, big-endian, mod logicalShards, plus 1. */
export function shardOfDigest(digest: Uint8Array, logicalShards: number): number {
  let value = 0;
  for (let i = 0; i < SHARD_DIGEST_BYTES; i++) value = value * 256 + digest[i]!;
  return (value % logicalShards) + 1;
}

/** The part of WebCrypto's `SubtleCrypto` this file uses (typed here so it needs no DOM lib). */
export interface DigestSubtle {
  digest(algorithm: "SHA-256", data: Uint8Array): Promise<ArrayBuffer>;
}

function defaultSubtle(): DigestSubtle {
  const subtle = (globalThis as { crypto?: { subtle?: DigestSubtle } }).crypto?.subtle;
  if (!subtle) throw new Error("this runtime has no WebCrypto (globalThis.crypto.subtle); pass a SubtleCrypto, or use sha256Shard from regions/shard-map.ts in Node");
  return subtle;
}

/** The default function through WebCrypto: same results as the Node `sha256Shard`. */
export async function sha256ShardWeb(workspaceId: string, logicalShards: number, subtle: DigestSubtle = defaultSubtle()): Promise<number> {
  checkLogicalShards(logicalShards);
  const id = canonicalWorkspaceId(workspaceId);
  const digest = await subtle.digest("SHA-256", new TextEncoder().encode(id));
  return shardOfDigest(new Uint8Array(digest), logicalShards);
}

/** The default function as an `AsyncShardFunction` for a fleet of `logicalShards`. */
export function webShardFunction(logicalShards: number, subtle?: DigestSubtle): AsyncShardFunction {
  checkLogicalShards(logicalShards);
  return (workspaceId) => sha256ShardWeb(workspaceId, logicalShards, subtle);
}
