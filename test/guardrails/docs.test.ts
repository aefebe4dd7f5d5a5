import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rulesTable, TABLE_END, TABLE_START } from "../../guardrails/docs.js";
import { ALL_RULES } from "../../guardrails/rules/index.js";

const RULES_DIR = join(__dirname, "..", "..", "guardrails", "rules");

describe("rule metadata", () => {
  it.each(["guardrails/README.md", "README.md"])("lists every rule in %s (run npm run guardrails:readme when this fails)", (file) => {
    const readme = readFileSync(join(__dirname, "..", "..", file), "utf8");
    const current = readme.slice(readme.indexOf(TABLE_START), readme.indexOf(TABLE_END) + TABLE_END.length);
    expect(current).toBe(rulesTable());
  });

  it("has one rule per file, named after the file, and every file is registered", () => {
    const files = readdirSync(RULES_DIR).filter((f) => f !== "index.ts").map((f) => f.replace(/\.ts$/, "")).sort();
    expect(ALL_RULES.map((r) => r.name).sort()).toEqual(files);
  });

  it("gives every rule a unique, well-formed id matching its family", () => {
    const prefix = { residency: "RES", security: "SEC", "data-loss": "DL" } as const;
    for (const r of ALL_RULES) expect(r.id).toMatch(new RegExp(`^RK-${prefix[r.family]}-\\d{3}$`));
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
  });

  it("gives every rule a one-line description and fix", () => {
    for (const r of ALL_RULES) {
      expect(r.description, r.id).toMatch(/^[^\n]{10,}$/);
      expect(r.fix, r.id).toMatch(/^[^\n]{10,}$/);
    }
  });
});
