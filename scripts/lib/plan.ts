import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash, randomUUID } from "node:crypto";
import type { StackInput } from "../../guardrails/engine.js";
import type { PlanJsonLike, PlanResourceChange } from "../../guardrails/plan-guard.js";
import { errorSummary, isAwsOnly, prepareWorkDir, terraform } from "./terraform.js";

/**
 * A reviewer's plan without an AWS account: Terraform state is rebuilt from the base synth's
 * planned values (each resource's planned attributes, a placeholder id), then the new synth is
 * planned against it with refresh off. Terraform itself then reports updates, replacements
 * ("forces replacement") and destroys, and `prevent_destroy` stops a destroy as in production.
 */

interface PlannedResource {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: number | string;
  provider_name: string;
  schema_version?: number;
  values: Record<string, unknown>;
  sensitive_values?: Record<string, unknown>;
}

/** `terraform show -json` of a plan: what the destroy guard reads, plus what the state builder needs. */
export interface ShowJson extends PlanJsonLike {
  readonly terraform_version?: string;
  readonly planned_values?: { root_module?: { resources?: PlannedResource[]; child_modules?: Array<{ resources?: PlannedResource[] }> } };
  readonly configuration?: { root_module?: { resources?: Array<{ address: string; provider_config_key?: string }> } };
  readonly resource_changes?: ReadonlyArray<PlanResourceChange & { readonly change: { readonly after_unknown?: Record<string, unknown> } }>;
}

export interface ResourceSchemaInfo {
  /** State written at an older schema version would be "upgraded" by the provider. */
  readonly version: number;
  /** Top-level attribute types (`"string"`, `["set","string"]`, ...), for type-correct placeholders. */
  readonly attributeTypes: ReadonlyMap<string, unknown>;
}

const schemaCache = new Map<string, Map<string, ResourceSchemaInfo>>();

/** What the state builder needs from the provider schema, per resource type; read once per set of provider pins. */
export function resourceSchemas(dir: string, env: NodeJS.ProcessEnv, pins: string): Map<string, ResourceSchemaInfo> {
  const cached = schemaCache.get(pins);
  if (cached) return cached;
  const r = terraform(["providers", "schema", "-json"], dir, env);
  const out = new Map<string, ResourceSchemaInfo>();
  if (!r.ok) return out;
  schemaCache.set(pins, out);
  type Schema = { version?: number; block?: { attributes?: Record<string, { type?: unknown }> } };
  const schemas = JSON.parse(r.output) as { provider_schemas?: Record<string, { resource_schemas?: Record<string, Schema> }> };
  for (const provider of Object.values(schemas.provider_schemas ?? {}))
    for (const [type, s] of Object.entries(provider.resource_schemas ?? {}))
      out.set(type, {
        version: s.version ?? 0,
        attributeTypes: new Map(Object.entries(s.block?.attributes ?? {}).map(([k, a]) => [k, a.type])),
      });
  return out;
}

type Lookup = (address: string, attr: string) => unknown;
type PathStep = { type: "get_attr"; value: string } | { type: "index"; value: { value: number; type: "number" } };

/** Plan JSON's sensitivity tree (`{value: true}`) as state paths; a sensitivity mismatch alone plans an update. */
export function sensitivePaths(tree: unknown, prefix: PathStep[] = []): PathStep[][] {
  if (tree === true) return [prefix];
  if (Array.isArray(tree)) return tree.flatMap((t, i) => sensitivePaths(t, [...prefix, { type: "index", value: { value: i, type: "number" } }]));
  if (tree && typeof tree === "object") return Object.entries(tree).flatMap(([k, t]) => sensitivePaths(t, [...prefix, { type: "get_attr", value: k }]));
  return [];
}

/** `after` with unknown parts taken from `prior` (what the state already holds). */
function knownOver(after: unknown, unknown: unknown, prior: unknown): unknown {
  if (unknown === true) return prior;
  if (Array.isArray(after)) {
    const u = Array.isArray(unknown) ? unknown : [];
    const p = Array.isArray(prior) ? prior : [];
    return after.map((a, i) => knownOver(a, u[i], p[i]));
  }
  if (after && typeof after === "object") {
    const u = (unknown && typeof unknown === "object" ? unknown : {}) as Record<string, unknown>;
    const p = (prior && typeof prior === "object" ? prior : {}) as Record<string, unknown>;
    const out: Record<string, unknown> = { ...(after as Record<string, unknown>) };
    for (const k of Object.keys(u)) out[k] = knownOver((after as Record<string, unknown>)[k], u[k], p[k]);
    return out;
  }
  return after;
}
const REF = /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;

/**
 * A config value with `${type.name.attr}` references replaced by the referenced state values, as
 * Terraform would evaluate it; undefined when anything else (a function call) is in it.
 */
export function resolveReferences(value: unknown, lookup: Lookup): unknown {
  if (typeof value === "string") {
    if (!value.includes("${")) return value;
    const whole = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/.exec(value);
    if (whole) return lookup(whole[1]!, whole[2]!);
    let unresolved = false;
    const out = value.replace(REF, (_m, address: string, attr: string) => {
      const v = lookup(address, attr);
      if (v === undefined || v === null || typeof v === "object") unresolved = true;
      return String(v);
    });
    return unresolved || out.includes("${") ? undefined : out;
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => resolveReferences(v, lookup));
    return items.some((v) => v === undefined) ? undefined : items;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [k, resolveReferences(v, lookup)] as const);
    return entries.some(([, v]) => v === undefined) ? undefined : Object.fromEntries(entries);
  }
  return value;
}

/** Fill the parts of a planned value that were unknown, from the config (blocks: cdktf writes one as an object, state holds a list). */
function fillUnknown(state: unknown, unknown: unknown, config: unknown, lookup: Lookup): unknown {
  if (unknown === true) {
    if (config === undefined) return state;
    const v = resolveReferences(config, lookup);
    return v === undefined ? state : v;
  }
  if (Array.isArray(unknown)) {
    const stateList = Array.isArray(state) ? state : [];
    const configList = Array.isArray(config) ? config : config === undefined ? [] : [config];
    return unknown.map((u, i) => fillUnknown(stateList[i], u, configList[i], lookup));
  }
  if (unknown && typeof unknown === "object") {
    const obj: Record<string, unknown> = state && typeof state === "object" ? { ...(state as Record<string, unknown>) } : {};
    const cfg = (Array.isArray(config) ? config[0] : config) as Record<string, unknown> | undefined;
    for (const [k, u] of Object.entries(unknown)) {
      const v = fillUnknown(obj[k], u, cfg?.[k], lookup);
      if (v !== undefined) obj[k] = v;
    }
    return obj;
  }
  return state;
}

/**
 * Terraform state (format v4) holding each resource of the base plan with its planned attributes.
 * What was only known after apply gets a placeholder (ids, ARNs), and what the config derives from
 * those (a subnet's vpc_id, a policy naming a bucket ARN) is evaluated from them, so an unchanged
 * resource plans as no-op against this state.
 */
export function stateFromPlan(
  show: ShowJson,
  schemas: ReadonlyMap<string, ResourceSchemaInfo>,
  config: Readonly<Record<string, any>>,
  where: { region: string; account: string },
): Record<string, unknown> {
  const providerKey = new Map((show.configuration?.root_module?.resources ?? []).map((r) => [r.address, r.provider_config_key ?? ""]));
  const planned = [...(show.planned_values?.root_module?.resources ?? []), ...(show.planned_values?.root_module?.child_modules ?? []).flatMap((m) => m.resources ?? [])].filter(
    (r) => r.mode === "managed",
  );
  const unknown = new Map((show.resource_changes ?? []).map((rc) => [rc.address, rc.change.after_unknown ?? {}]));
  const configOf = (r: PlannedResource) => (config.resource?.[r.type]?.[r.name] ?? {}) as Record<string, unknown>;
  const attrs = new Map<string, Record<string, unknown>>();
  // Pass 1: planned values, plus placeholders for computed strings the config does not set.
  for (const r of planned) {
    const a: Record<string, unknown> = { ...r.values };
    const types = schemas.get(r.type)?.attributeTypes;
    const cfg = configOf(r);
    for (const [attr, isUnknown] of Object.entries(unknown.get(r.address) ?? {}))
      if (isUnknown === true && types?.has(attr) && cfg[attr] === undefined && (a[attr] === undefined || a[attr] === null)) a[attr] = placeholder(r, attr, types.get(attr), where);
    a.id = placeholderId(r);
    attrs.set(r.address, a);
  }
  // Passes 2-3: evaluate config-derived unknowns from those placeholders (twice, for one level of chaining).
  const lookup: Lookup = (address, attr) => attrs.get(address)?.[attr];
  for (let pass = 0; pass < 2; pass++)
    for (const r of planned) attrs.set(r.address, fillUnknown(attrs.get(r.address), unknown.get(r.address) ?? {}, configOf(r), lookup) as Record<string, unknown>);

  const grouped = new Map<string, { mode: string; type: string; name: string; provider: string; instances: unknown[] }>();
  for (const r of planned) {
    const key = `${r.type}.${r.name}`;
    const alias = providerKey.get(key)?.split(".")[1];
    const group = grouped.get(key) ?? { mode: "managed", type: r.type, name: r.name, provider: `provider["${r.provider_name}"]${alias ? `.${alias}` : ""}`, instances: [] };
    group.instances.push({
      ...(r.index !== undefined ? { index_key: r.index } : {}),
      schema_version: schemas.get(r.type)?.version ?? r.schema_version ?? 0,
      attributes: attrs.get(r.address),
      sensitive_attributes: sensitivePaths(r.sensitive_values),
    });
    grouped.set(key, group);
  }
  return { version: 4, terraform_version: show.terraform_version ?? "1.11.0", serial: 1, lineage: randomUUID(), outputs: {}, resources: [...grouped.values()], check_results: null };
}

/** AWS id prefixes the provider validates in references (`launch_template.id` must start with `lt-`). */
const ID_PREFIXES: Readonly<Record<string, string>> = {
  aws_launch_template: "lt-",
  aws_security_group: "sg-",
  aws_subnet: "subnet-",
  aws_vpc: "vpc-",
  aws_route_table: "rtb-",
  aws_vpc_endpoint: "vpce-",
  aws_internet_gateway: "igw-",
  aws_nat_gateway: "nat-",
  aws_network_interface: "eni-",
  aws_instance: "i-",
  aws_ebs_volume: "vol-",
  aws_eip: "eipalloc-",
};

/** A stable, well-formed placeholder id: AWS-shaped where the provider checks the shape, readable otherwise. */
function placeholderId(r: PlannedResource): string {
  const address = `${r.type}.${r.name}${r.index !== undefined ? `[${String(r.index)}]` : ""}`;
  const hash = createHash("sha256").update(address).digest("hex");
  if (ID_PREFIXES[r.type]) return `${ID_PREFIXES[r.type]}${hash.slice(0, 17)}`;
  if (r.type === "aws_kms_key") return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
  return `placeholder-${address}`;
}

/**
 * A computed value as after apply: ARN-shaped for ARNs (providers validate the format), a marker for
 * other strings, empty for collections, zero/false for scalars, so an unchanged resource plans no-op.
 */
function placeholder(r: PlannedResource, attr: string, type: unknown, where: { region: string; account: string }): unknown {
  if (Array.isArray(type)) return type[0] === "map" ? {} : type[0] === "object" ? null : [];
  if (type === "number") return 0;
  if (type === "bool") return false;
  if (type !== "string") return null;
  if (attr !== "arn" && !attr.endsWith("_arn")) return `placeholder-${r.name}-${attr}`;
  const service = r.type.startsWith("aws_cloudwatch_log") ? "logs" : (r.type.split("_")[1] ?? "placeholder");
  const global = service === "iam" || service === "s3";
  return `arn:aws:${service}:${global ? "" : where.region}:${service === "s3" ? "" : where.account}:placeholder/${r.name}`;
}

export interface StackPlan {
  readonly stack: string;
  /** `planned`, `new stack`, `removed stack`, `not AWS-only`, or `failed`. */
  readonly status: "planned" | "new-stack" | "removed-stack" | "skipped" | "failed";
  /** `terraform show -json` of the new synth's plan against the base state. */
  readonly plan?: ShowJson;
  /** Addresses Terraform refused to destroy because of prevent_destroy. */
  readonly preventDestroyBlocked: readonly string[];
  readonly error?: string;
  readonly seconds: number;
}

/** Addresses named by Terraform's "Instance cannot be destroyed" errors. */
export function preventDestroyAddresses(output: string): string[] {
  return [...output.matchAll(/Resource (\S+) has lifecycle\.prevent_destroy set/g)].map((m) => m[1]!);
}

/** Plan the base config with no state and turn its planned values into state; an error message on failure. */
function baseState(base: StackInput, dir: string, env: NodeJS.ProcessEnv): Record<string, unknown> | string {
  const run = (args: string[]) => terraform(args, dir, env);
  for (const f of ["terraform.tfstate", "terraform.tfstate.backup"]) rmSync(join(dir, f), { force: true });
  const basePlan = run(["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=base.plan"]);
  if (!basePlan.ok) return `base plan: ${errorSummary(basePlan.output)}`;
  const baseShow = run(["show", "-json", "base.plan"]);
  if (!baseShow.ok) return `base show: ${errorSummary(baseShow.output)}`;
  const provider = (base.json.provider?.aws ?? [])[0] as { region?: string; allowed_account_ids?: string[] } | undefined;
  const where = { region: provider?.region ?? "us-east-1", account: provider?.allowed_account_ids?.[0] ?? "000000000000" };
  const state = stateFromPlan(JSON.parse(baseShow.output) as ShowJson, resourceSchemas(dir, env, JSON.stringify(base.json.terraform?.required_providers ?? {})), base.json, where);
  // What the state builder cannot evaluate (functions, provider defaults in nested blocks) Terraform can:
  // plan the base config against the state and keep the provider's known values, until nothing changes.
  for (let round = 0; round < MAX_REFINE_ROUNDS; round++) {
    writeFileSync(join(dir, "terraform.tfstate"), JSON.stringify(state, null, 2));
    const plan = run(["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=refine.plan"]);
    const show = plan.ok ? run(["show", "-json", "refine.plan"]) : plan;
    if (!show.ok) break;
    if (refine(state, JSON.parse(show.output) as ShowJson) === 0) break;
  }
  rmSync(join(dir, "terraform.tfstate"), { force: true });
  return state;
}

const MAX_REFINE_ROUNDS = 3;

/** Merge the known `after` values of every changed resource into the state; returns how many changed. */
function refine(state: Record<string, unknown>, show: ShowJson): number {
  const instances = new Map<string, { attributes: Record<string, unknown>; sensitive_attributes: unknown }>();
  for (const group of state.resources as Array<{ type: string; name: string; instances: Array<{ index_key?: unknown; attributes: Record<string, unknown>; sensitive_attributes: unknown }> }>)
    for (const i of group.instances) instances.set(`${group.type}.${group.name}${i.index_key === undefined ? "" : `[${JSON.stringify(i.index_key)}]`}`, i);
  let changed = 0;
  for (const rc of show.resource_changes ?? []) {
    const actions = rc.change.actions.join();
    const instance = instances.get(rc.address);
    if (!instance || actions === "no-op" || actions === "read") continue;
    const change = rc.change as { after?: Record<string, unknown>; after_unknown?: unknown; after_sensitive?: unknown };
    if (!change.after) continue;
    changed++;
    instance.attributes = { ...(knownOver(change.after, change.after_unknown, instance.attributes) as Record<string, unknown>), id: instance.attributes.id };
    instance.sensitive_attributes = sensitivePaths(change.after_sensitive);
  }
  return changed;
}

/** States built from base synths in this process, by the base stack's JSON: several changes against one base plan it once. */
const baseStates = new Map<string, Record<string, unknown> | string>();

/** Plan one stack of the new synth against state built from the same stack of the base synth. */
export function planStackAgainstBase(base: StackInput | undefined, current: StackInput | undefined, workRoot: string, env: NodeJS.ProcessEnv): StackPlan {
  const started = Date.now();
  const name = (current ?? base)!.name;
  const done = (p: Omit<StackPlan, "seconds" | "stack">): StackPlan => ({ stack: name, ...p, seconds: (Date.now() - started) / 1000 });
  if (!current) return done({ status: "removed-stack", preventDestroyBlocked: [] });
  if (!isAwsOnly(current.json) || (base && !isAwsOnly(base.json))) return done({ status: "skipped", preventDestroyBlocked: [] });
  if (!base) return done({ status: "new-stack", preventDestroyBlocked: [] });

  // One work directory per stack: init once, plan the base, then swap in the new config and its state.
  const dir = prepareWorkDir(workRoot, base);
  const run = (args: string[]) => terraform(args, dir, env);
  const init = existsSync(join(dir, ".terraform")) ? { ok: true, output: "" } : run(["init", "-input=false", "-no-color"]);
  if (!init.ok) return done({ status: "failed", preventDestroyBlocked: [], error: `init: ${errorSummary(init.output)}` });
  const key = JSON.stringify(base.json);
  const state = baseStates.get(key) ?? baseState(base, dir, env);
  baseStates.set(key, state);
  if (typeof state === "string") return done({ status: "failed", preventDestroyBlocked: [], error: state });

  prepareWorkDir(workRoot, current);
  writeFileSync(join(dir, "terraform.tfstate"), JSON.stringify(state, null, 2));
  const plan = run(["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=new.plan"]);
  if (!plan.ok) {
    const blocked = preventDestroyAddresses(plan.output);
    return done({ status: "failed", preventDestroyBlocked: blocked, error: blocked.length ? undefined : `plan: ${errorSummary(plan.output)}` });
  }
  const show = run(["show", "-json", "new.plan"]);
  if (!show.ok) return done({ status: "failed", preventDestroyBlocked: [], error: `show: ${errorSummary(show.output)}` });
  writeFileSync(join(dir, "plan.json"), show.output);
  return done({ status: "planned", plan: JSON.parse(show.output) as ShowJson, preventDestroyBlocked: [] });
}
