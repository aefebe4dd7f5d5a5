import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { manifestLine } from "../regions/loader.js";

/**
 * Where a finding lives in the repository, so code scanning can annotate a pull request: the
 * source line that creates the construct (found from the construct path cdktf writes into each
 * resource's metadata), or the manifest line of the stack's region. Never a file under cdktf.out
 * (generated and ignored) and never a file outside the repository.
 */
export interface SourceLocation {
  /** Relative to the repository root, `/`-separated. */
  readonly uri: string;
  readonly line?: number;
}

export interface SourceIndex {
  /** The construct's source line when found, else the region's manifest line, else the manifest. */
  locate(stack: string, constructPath: string | undefined): SourceLocation;
  /** The manifest line of the region a stack (`data-eu`, `cdc-eu`) is built from, else the manifest. */
  region(stack: string): SourceLocation;
}

/** Folders whose TypeScript creates the constructs of a stack. */
const SOURCE_DIRS = ["stacks", "constructs"];

/** `new Something(this, "Id"` or `` new Something(this, `Database${n}Logs` ``: a construct's class and id. */
const CONSTRUCT = /new\s+([A-Z]\w*)\(\s*[\w.]+\s*,\s*(?:"([A-Za-z][\w-]*)"|`([^`]*)`)/g;
const CLASS = /^(?:export\s+)?(?:abstract\s+)?class\s+(\w+)/gm;

/** A template-literal id as a pattern: its `${...}` parts match any text. */
const templatePattern = (template: string) =>
  new RegExp(`^${template.split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&")).join(".+")}$`);

interface Creation {
  readonly id: string | RegExp;
  readonly className: string;
  readonly at: SourceLocation;
}

function tsFiles(dir: string): string[] {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/**
 * Index the literal construct ids under `stacks/` and `constructs/` of `repoRoot`, and the region
 * entries of the manifest. `manifestFile` outside the repository is cited by its base name only.
 */
export function sourceIndex(repoRoot: string, manifestFile: string, manifestText: string, regionIds: readonly string[]): SourceIndex {
  const creations: Creation[] = [];
  const classFile = new Map<string, string>();
  for (const file of SOURCE_DIRS.flatMap((d) => tsFiles(join(repoRoot, d)))) {
    const text = readFileSync(file, "utf8");
    const uri = relative(repoRoot, file).split("\\").join("/");
    for (const m of text.matchAll(CLASS)) classFile.set(m[1]!, uri);
    for (const m of text.matchAll(CONSTRUCT)) {
      const at = { uri, line: text.slice(0, m.index).split("\n").length };
      if (m[2]) creations.push({ id: m[2], className: m[1]!, at });
      // A template with no literal text (`${name}`) would match every id: useless as a location.
      else if (m[3] && m[3].replace(/\$\{[^}]*\}/g, "").length > 0) creations.push({ id: templatePattern(m[3]), className: m[1]!, at });
    }
  }
  /** Where `id` is created in one of `files`: a literal id before a template that matches it. */
  const creationOf = (id: string, files: ReadonlySet<string>): Creation | undefined => {
    const inScope = creations.filter((c) => files.has(c.at.uri));
    const literal = inScope.filter((c) => c.id === id);
    const found = literal.length ? literal : inScope.filter((c) => c.id instanceof RegExp && c.id.test(id));
    return found.length && found.every((c) => c.at.uri === found[0]!.at.uri) ? found[0] : undefined;
  };
  const stackFiles = new Set(creations.filter((c) => c.at.uri.startsWith("stacks/")).map((c) => c.at.uri));
  const manifestUri = relative(repoRoot, manifestFile).split("\\").join("/");
  const manifest: SourceLocation = { uri: manifestUri.startsWith("..") ? manifestUri.split("/").pop()! : manifestUri };
  const regionLines = new Map(regionIds.map((id, i) => [id, manifestLine(manifestText, `regions[${i}].id`)]));

  const region = (stack: string): SourceLocation => {
    const id = stack.slice(stack.indexOf("-") + 1);
    const line = stack.includes("-") ? regionLines.get(id) : undefined;
    return line ? { ...manifest, line } : manifest;
  };

  return {
    region,
    locate(stack, constructPath) {
      // Top down: `data-eu/ShardFleet/PoolerGroup` is "ShardFleet" created in the stack's file, then
      // "PoolerGroup" created in the folder that defines ShardFleet's class, and so on; the deepest
      // creation found is where the resource comes from.
      // `data-eu` is built by stacks/regional-data-stack.ts, `central` by stacks/central-stack.ts.
      const kind = stack.split("-")[0];
      const own = [...stackFiles].filter((f) => f.endsWith(`${kind}-stack.ts`));
      let files: ReadonlySet<string> = own.length === 1 ? new Set(own) : stackFiles;
      let found: Creation | undefined;
      for (const segment of (constructPath ?? "").split("/").slice(1)) {
        const c = creationOf(segment, files);
        if (!c) break;
        found = c;
        const defined = classFile.get(c.className);
        if (!defined) break;
        // The class's folder: a construct may create children through helpers in sibling files.
        const folder = defined.slice(0, defined.lastIndexOf("/") + 1);
        files = new Set(creations.map((x) => x.at.uri).filter((u) => u.startsWith(folder) && !u.slice(folder.length).includes("/")));
      }
      if (found) return found.at;
      return region(stack);
    },
  };
}
