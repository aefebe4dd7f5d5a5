import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { routingTable } from "../../regions/routing.js";
import { sha256Hex } from "../../regions/sha256.js";
import { fromJson, ManifestError } from "../../regions/web.js";
import { isCanonicalWorkspaceId, workspaceIdIssue } from "../../regions/workspace-id.js";
import { DEFAULT_MANIFEST_TEXT, manifestOf } from "../helpers.js";

describe("regions/web", () => {
  it("hashes names exactly as node:crypto does (pure-JS SHA-256)", () => {
    // Lengths around the 55/56/64-byte padding boundaries, and multi-byte UTF-8.
    const inputs = ["", "abc", ...[55, 56, 63, 64, 65, 119, 120].map((n) => "x".repeat(n)), "rk-eu-lake-raw-222222222222", "é漢字🙂".repeat(40)];
    for (const text of inputs) expect(sha256Hex(text)).toBe(createHash("sha256").update(text).digest("hex"));
  });

  it("imports nothing from Node built-ins, directly or through its imports", () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/from "node:|require\("node:/);
      for (const m of text.matchAll(/from "(\.\/[^"]+)\.js"/g)) visit(join(__dirname, "../../regions", `${m[1]}.ts`));
    };
    visit(join(__dirname, "../../regions/web.ts"));
    expect(seen.size).toBeGreaterThan(5);
  });

  it("fromJson gives the same manifest as the YAML loader", () => {
    expect(fromJson(parse(DEFAULT_MANIFEST_TEXT))).toEqual(manifestOf());
    expect(fromJson(JSON.stringify(parse(DEFAULT_MANIFEST_TEXT)))).toEqual(manifestOf());
  });

  it("fromJson fails with every problem at once", () => {
    const raw = parse(DEFAULT_MANIFEST_TEXT);
    raw.regions[1].eventHostname = "Events.EU";
    raw.regions[2].cidr = "10.30.0.0";
    const error = (() => {
      try {
        fromJson(raw, "inline");
      } catch (e) {
        return e as ManifestError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ManifestError);
    expect(error!.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["regions[1].eventHostname", "regions[2].cidr"]));
    expect(() => fromJson("{not json")).toThrow(/json-syntax/);
  });

  it("gives each region with an eventHostname its endpoint in the routing table, null otherwise", () => {
    const endpoints = Object.fromEntries(routingTable(manifestOf()).regions.map((r) => [r.id, r.eventEndpoint]));
    expect(endpoints).toEqual({ us: "https://events.us.example.com/v1/events", eu: "https://events.eu.example.com/v1/events", jp: "https://events.jp.example.com/v1/events", kr: null });
  });

  it("reports a non-canonical workspace id under the caller's field name, without throwing", () => {
    expect(isCanonicalWorkspaceId("3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71")).toBe(true);
    expect(workspaceIdIssue("3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71")).toBeUndefined();
    expect(workspaceIdIssue("3F2B6C1E-8D4A-4C59-9E7B-2A1D0C9F8E71", "x-workspace-id header")).toMatch(
      /^x-workspace-id header "3F2B.*" is not canonical: .*write it as "3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71"/
    );
    expect(workspaceIdIssue(42, "header")).toMatch(/^header 42 is not canonical: it must be a lower-case UUID .*\(got number\)$/);
  });
});
