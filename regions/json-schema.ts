import { z } from "zod";
import { ManifestSchema } from "./schema.js";

/** JSON Schema of the manifest as written (defaults make fields optional), for editors via the modeline in regions.yaml. */
export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ManifestSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  return {
    $id: "https://regionkit.invalid/manifest.schema.json",
    title: "regionkit region manifest",
    description: "Generated from regions/schema.ts by `npm run schema`; do not edit by hand.",
    ...schema,
  };
}

export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
