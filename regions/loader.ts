import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { ManifestError, type ManifestIssue } from "./issues.js";
import { lockIssues, lockPathFor, readLock, type ManifestLock } from "./lock.js";
import { validateManifest, type Manifest } from "./manifest.js";

export const DEFAULT_MANIFEST = join(__dirname, "regions.yaml");

/** The manifest the app uses: `REGIONKIT_MANIFEST` if set, else `regions/regions.yaml`. */
export function manifestPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.REGIONKIT_MANIFEST || DEFAULT_MANIFEST;
}

export interface LoadedManifest {
  readonly manifest: Manifest;
  /** Warnings only: errors throw. */
  readonly issues: readonly ManifestIssue[];
}

/**
 * Read, parse and validate a manifest file, and check it against the lock file
 * beside it (regions/lock.ts), if there is one. Throws `ManifestError` listing every problem.
 */
export function loadManifest(file: string = manifestPath()): LoadedManifest {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ManifestError(file, [{ code: "unreadable", path: "(file)", message: `cannot read the manifest: ${(e as Error).message}` }]);
  }
  return parseManifest(text, file, readLock(lockPathFor(file)));
}

/** Validate manifest text, and check it against `lock` when given; `file` is only used in messages. */
export function parseManifest(text: string, file = "regions.yaml", lock?: ManifestLock): LoadedManifest {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ManifestError(
      file,
      doc.errors.map((e) => ({ code: "yaml-syntax", path: "(yaml)", message: e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""), line: e.linePos?.[0]?.line })),
    );
  }
  const raw = doc.toJS() as { regions?: Array<{ shardFleet?: { generations?: unknown } }> } | null;
  const validated = validateManifest(raw);
  // The lock is checked only on a manifest that is valid otherwise: its messages assume well-formed generations.
  const locked = validated.manifest && lock ? lockIssues(validated.manifest, lock, (i) => raw?.regions?.[i]?.shardFleet?.generations !== undefined) : [];
  const result = locked.length > 0 ? { issues: [...validated.issues, ...locked] } : validated;
  const issues = result.issues
    .map((issue) => ({ ...issue, line: lineOf(doc.contents, issue.path, lines) }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (!("manifest" in result) || !result.manifest) throw new ManifestError(file, issues);
  return { manifest: result.manifest, issues };
}

/** The YAML line of a manifest path: the key's line for a mapping entry, else the deepest node that exists. */
function lineOf(root: Node | null, path: string, lines: LineCounter): number | undefined {
  const segments = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
  let node: unknown = root;
  let offset = (root as Node | null)?.range?.[0];
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment]) {
      node = node.items[segment];
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}
