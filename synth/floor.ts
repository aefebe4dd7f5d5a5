import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type App, Manifest as CdktfManifest, TerraformBackend, TerraformElement, type TerraformRemoteState, TerraformStack } from "cdktf";
import type { Construct } from "constructs";

/**
 * The engine floor that `npm run bench` compares synth with: what bare cdktf costs to synthesize the same
 * resources. Each stack the kit wrote is replayed as one generic element per resource, data source, provider,
 * variable and output, holding the same JSON body, so the replay writes the same files (bench checks that)
 * without any of the kit's constructs, tokens or validation.
 */

type Json = Record<string, any>;

/** A block of Terraform JSON as it is, e.g. `{ resource: { aws_s3_bucket: { name: body } } }`. */
class Fragment extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly body: Json,
  ) {
    super(scope, id);
  }
  override toTerraform(): Json {
    return this.body;
  }
}

/** The stack's backend; a stack without one would get cdktf's local backend. */
class Backend extends TerraformBackend {
  constructor(
    scope: Construct,
    type: string,
    private readonly config: Json,
    private readonly metadata: Json,
  ) {
    super(scope, "backend", type);
  }
  protected override synthesizeAttributes(): Json {
    return this.config;
  }
  override toMetadata(): Json {
    return this.metadata;
  }
  getRemoteStateDataSource(): TerraformRemoteState {
    throw new Error("the bench floor replays stacks; it has no cross-stack references");
  }
}

/** Re-create one synthesized stack (its parsed cdk.tf.json) in an app. */
export function replayStack(app: App, name: string, json: Json): TerraformStack {
  const stack = new TerraformStack(app, name);
  const { "//": meta = {}, terraform = {}, ...blocks } = json;
  const { version: _version, stackName: _stackName, ...metadata } = (meta.metadata ?? {}) as Json;
  const { backend = {}, ...terraformRest } = terraform as Json;
  for (const [type, config] of Object.entries(backend as Json)) new Backend(stack, type, config as Json, metadata);
  if (Object.keys(terraformRest).length > 0) new Fragment(stack, "terraform", { terraform: terraformRest });
  if (Object.keys(meta.outputs ?? {}).length > 0) new Fragment(stack, "outputs", { "//": { outputs: meta.outputs } });
  for (const [block, entries] of Object.entries(blocks as Record<string, Json>)) {
    for (const [key, value] of Object.entries(entries)) {
      // resource and data are keyed by type, then name: one element per resource, as the kit has.
      if (block === "resource" || block === "data") {
        for (const [n, body] of Object.entries(value as Json)) new Fragment(stack, `${block}.${key}.${n}`, { [block]: { [key]: { [n]: body } } });
      } else new Fragment(stack, `${block}.${key}`, { [block]: { [key]: value } });
    }
  }
  return stack;
}

/** Every stack of a cdktf output directory, parsed, by name (read before timing the replay). */
export function readStacks(outdir: string): Map<string, Json> {
  const manifest = JSON.parse(readFileSync(join(outdir, CdktfManifest.fileName), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return new Map(Object.entries(manifest.stacks).map(([name, s]) => [name, JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), "utf8")) as Json]));
}
