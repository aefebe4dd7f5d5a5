import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oneRegionManifest, synthRegion } from "../../helpers.js";

/**
 * Nothing routes by `search_path` through the pooler (see regions/shard-access.ts):
 * not the generated PgBouncer config of any fleet shape, and no README.
 */

const root = join(__dirname, "..", "..", "..");
const RESHARD = `    shardFleet:\n      generations:\n        - { id: g1, physicalDatabases: 32 }\n        - { id: g2, physicalDatabases: 96 }\n      reshard: { from: g1, to: g2, state: cut-over }\n`;
/** A prose paragraph that mentions search_path must say it is not used (or why); a code block must not mention it. */
const WARNS = /\b(never|not|no|unsafe|leaks?|refuses?d?|drops?|dropped|ignored?|instead|why)\b/i;

describe("safe routing", () => {
  it.each([
    ["the default fleet", ""],
    ["a fleet during a reshard", RESHARD],
  ])("synthesizes no search_path anywhere in data-eu for %s, and a pooler entry per logical shard", (_, fleet) => {
    const s = synthRegion("eu", oneRegionManifest(fleet));
    expect(s.text).not.toMatch(/search_path/i);
    const template = Object.values(s.resources("aws_launch_template")).find((t) => t.name === "rk-eu-shard-pooler");
    expect(template!.user_data).toMatch(/^\$\{base64gzip\(/);
    // Terraform renders the entries from a local (rendered for real in shard-fleet.test.ts): one [schema, database index] pair per logical shard.
    const local = (s.json.locals as Record<string, string>)[/\$\{local\.([\w-]+)\}/.exec(template!.user_data)![1]!]!;
    expect(local.match(/\["schema\d{3}", \d+\]/g)).toHaveLength(480);
  });

  it("has no README that routes by search_path: no code block uses it and every paragraph that mentions it says not to", () => {
    const docs = execFileSync("git", ["ls-files", "*.md"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
    expect(docs.length).toBeGreaterThan(5);
    expect(docs.flatMap((doc) => searchPathRouting(readFileSync(join(root, doc), "utf8")).map((where) => ({ doc, where })))).toEqual([]);
  });

  it("catches README text that routes by search_path", () => {
    // The shard-fleet README's advice before this change, and a code example.
    expect(searchPathRouting("Clients choose the database by its pooler\nname and the shard with `search_path`.\n")).toHaveLength(1);
    expect(searchPathRouting("Route like this (not through the NLB):\n\n```sql\nSET search_path TO schema007;\n```\n")).toHaveLength(1);
  });
});

/** Paragraphs and code blocks of Markdown text that route by search_path. */
function searchPathRouting(markdown: string): string[] {
  const fence = /```[\s\S]*?```/g;
  const code = [...markdown.matchAll(fence)].map((m) => m[0]).filter((block) => /search_path/i.test(block));
  const prose = markdown.replace(fence, "").split(/\n\s*\n/).filter((p) => /search_path/i.test(p) && !WARNS.test(p));
  return [...code, ...prose];
}
