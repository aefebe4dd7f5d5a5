// The region library without Node built-ins: what the edge worker, a browser or any WebCrypto
// runtime may import (`regionkit/web`). No filesystem: a manifest arrives as a value (`fromJson`);
// hashing is pure JS (names) or WebCrypto (shards). regions/index.ts adds the Node-only parts.
import { ManifestError } from "./issues.js";
import { validateManifest, type Manifest } from "./manifest.js";

export * from "./aws-regions.js";
export * from "./cidr.js";
export * from "./issues.js";
export * from "./manifest.js";
export * from "./naming.js";
export * from "./resolvers.js";
export * from "./routing.js";
export * from "./shard-function.js";
export * from "./workspace-id.js";
export * from "./workspace-region.js";

/**
 * A validated manifest from a value (e.g. `JSON.parse` of `regions.yaml` converted to JSON, or an
 * object an application already holds) or from JSON text. Throws `ManifestError` listing every
 * problem, exactly as the YAML loader does; needs no filesystem.
 */
export function fromJson(manifest: unknown, source = "manifest.json"): Manifest {
  let value = manifest;
  if (typeof manifest === "string") {
    try {
      value = JSON.parse(manifest);
    } catch (e) {
      throw new ManifestError(source, [{ code: "json-syntax", path: "(json)", message: `not JSON: ${(e as Error).message}` }]);
    }
  }
  const result = validateManifest(value);
  if (!result.manifest) throw new ManifestError(source, result.issues);
  return result.manifest;
}
