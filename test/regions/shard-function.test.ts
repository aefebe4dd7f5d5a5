import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { sha256ShardWeb, webShardFunction, type DigestSubtle } from "../../regions/shard-function.js";
import { defaultShardFunction, logicalShardFor, sha256Shard } from "../../regions/shard-map.js";
import { isCanonicalWorkspaceId } from "../../regions/workspace-id.js";

/** The default shard function, Node and WebCrypto, against the shipped vectors (written by scripts/shard-vectors.py, in Python). */

interface Vectors {
  readonly shardCounts: number[];
  readonly vectors: Array<{ workspaceId: string; shards: Record<string, number> }>;
}
const regions = join(__dirname, "..", "..", "regions");
const file: Vectors = JSON.parse(readFileSync(join(regions, "shard-vectors.json"), "utf8"));
const cases = file.vectors.flatMap((v) => file.shardCounts.map((n) => ({ id: v.workspaceId, n, shard: v.shards[String(n)]! })));

describe("shard vectors", () => {
  it("cover 480 and 30 shards with canonical ids, random and time-ordered", () => {
    expect(file.shardCounts).toEqual([480, 30]);
    expect(file.vectors.length).toBeGreaterThanOrEqual(100);
    expect(file.vectors.every((v) => isCanonicalWorkspaceId(v.workspaceId))).toBe(true);
    expect(new Set(cases.filter((c) => c.n === 30).map((c) => c.shard)).size).toBe(30);
  });

  it("match the Node implementation for every id and count", () => {
    expect(cases.filter((c) => sha256Shard(c.id, c.n) !== c.shard)).toEqual([]);
    expect(cases.filter((c) => logicalShardFor(c.id, { logicalShards: c.n }) !== c.shard)).toEqual([]);
    expect(cases.filter((c) => defaultShardFunction(c.n)(c.id) !== c.shard)).toEqual([]);
  });

  it("match the WebCrypto implementation for every id and count", async () => {
    const results = await Promise.all(cases.map(async (c) => ({ ...c, web: await sha256ShardWeb(c.id, c.n) })));
    expect(results.filter((r) => r.web !== r.shard)).toEqual([]);
  });
});

describe("WebCrypto shard function", () => {
  it("hashes through the SubtleCrypto it is given", async () => {
    const seen: string[] = [];
    const subtle: DigestSubtle = {
      digest: (algorithm, data) => {
        seen.push(`${algorithm}:${new TextDecoder().decode(data)}`);
        return globalThis.crypto.subtle.digest(algorithm, data);
      },
    };
    const [first] = file.vectors;
    expect(await webShardFunction(480, subtle)(first!.workspaceId)).toBe(first!.shards["480"]);
    expect(seen).toEqual([`SHA-256:${first!.workspaceId}`]);
  });

  it("fails on a non-canonical id and on a shard count below 1", async () => {
    await expect(sha256ShardWeb("3F2B6C1E-8D4A-4C59-9E7B-2A1D0C9F8E71", 480)).rejects.toThrow(/write it as "3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71"/);
    await expect(sha256ShardWeb("3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71", 0)).rejects.toThrow("logicalShards must be a whole number >= 1, got 0");
    expect(() => webShardFunction(1.5)).toThrow(/got 1.5/);
  });

  it("fails with a clear error in a runtime without WebCrypto", async () => {
    vi.stubGlobal("crypto", undefined);
    try {
      await expect(sha256ShardWeb("3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71", 480)).rejects.toThrow(/this runtime has no WebCrypto \(globalThis\.crypto\.subtle\); pass a SubtleCrypto/);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("imports nothing from Node, so edge runtimes can load it", () => {
    for (const source of ["shard-function.ts", "workspace-id.ts"]) {
      const text = readFileSync(join(regions, source), "utf8");
      expect(text, source).not.toMatch(/from "node:|require\(/);
      expect([...text.matchAll(/from "(\.[^"]+)"/g)].map((m) => m[1]).every((p) => p === "./workspace-id.js"), source).toBe(true);
    }
  });
});
