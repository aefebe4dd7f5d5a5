import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { manifestJsonSchemaText } from "../../regions/json-schema.js";

const root = join(__dirname, "..", "..");

describe("manifest JSON Schema", () => {
  it("regions/manifest.schema.json is up to date with the zod schema (run npm run schema)", () => {
    expect(readFileSync(join(root, "regions", "manifest.schema.json"), "utf8")).toBe(manifestJsonSchemaText());
  });

  it("is referenced from the top of regions.yaml for editors", () => {
    expect(readFileSync(join(root, "regions", "regions.yaml"), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=./manifest.schema.json");
  });

  it("rejects unknown keys and requires the fields a new region needs", () => {
    const schema = JSON.parse(manifestJsonSchemaText());
    const region = schema.properties.regions.items;
    expect(schema.additionalProperties).toBe(false);
    expect(region.additionalProperties).toBe(false);
    expect(region.required).toEqual(["id", "jurisdiction", "awsRegion", "cidr"]);
    expect(schema.required).toEqual(["regions", "central"]);
  });
});
