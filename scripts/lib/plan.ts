import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash, randomUUID } from "node:crypto";
import type { StackInput } from "../../guardrails/engine.js";
import { resourcesOf } from "../../guardrails/context.js";
import type { GuardrailException } from "../../guardrails/exceptions.js";
import { guardPlan, type PlanGuardResult, type PlanJsonLike, type PlanResourceChange } from "../../guardrails/plan-guard.js";
import type { AddressChange, PlanStackSummary } from "../../guardrails/report.js";
import { errorSummary, isAwsOnly, mapLimited, prepareWorkDir, terraformAsync } from "./terraform.js";

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

/** The parts of a provider schema block the state builder reads. */
export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, { readonly type?: unknown; readonly optional?: boolean; readonly computed?: boolean }>>;
  readonly block_types?: Readonly<Record<string, { readonly nesting_mode?: string; readonly block?: SchemaBlock }>>;
}

export interface ResourceSchemaInfo {
  /** State written at an older schema version would be "upgraded" by the provider. */
  readonly version: number;
  /** Attribute types (`"string"`, `["set","string"]`, ...) at every nesting level, for type-correct placeholders. */
  readonly block: SchemaBlock;
}

const schemaCache = new Map<string, Promise<Map<string, ResourceSchemaInfo>>>();

/** What the state builder needs from the provider schema, per resource type; read once per set of provider pins. */
export function resourceSchemas(dir: string, env: NodeJS.ProcessEnv, pins: string): Promise<Map<string, ResourceSchemaInfo>> {
  const cached = schemaCache.get(pins);
  if (cached) return cached;
  const read = readSchemas(dir, env);
  schemaCache.set(pins, read);
  return read;
}

async function readSchemas(dir: string, env: NodeJS.ProcessEnv): Promise<Map<string, ResourceSchemaInfo>> {
  const r = await terraformAsync(["providers", "schema", "-json"], dir, env);
  const out = new Map<string, ResourceSchemaInfo>();
  if (!r.ok) return out;
  type Schema = { version?: number; block?: SchemaBlock };
  // Warnings (on stderr) may precede the JSON document.
  const schemas = JSON.parse(r.output.slice(r.output.indexOf("{"))) as { provider_schemas?: Record<string, { resource_schemas?: Record<string, Schema> }> };
  for (const provider of Object.values(schemas.provider_schemas ?? {}))
    for (const [type, s] of Object.entries(provider.resource_schemas ?? {})) out.set(type, { version: s.version ?? 0, block: s.block ?? {} });
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
  // Attributes some configuration reads (`aws_eks_cluster.Cdc.vpc_config`): an optional+computed string the
  // config leaves unset gets a marker only then, since a provider may reject a made-up value there (an SNS
  // topic's fifo_throughput_scope is valid only on FIFO topics).
  const referenced = new Set([...JSON.stringify(config).matchAll(/\b([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)/g)].map((m) => `${m[1]}.${m[2]}.${m[3]}`));
  // Pass 1: planned values, plus placeholders for computed values the config does not set, at any depth
  // (an EKS cluster's vpc_config[0].cluster_security_group_id is read by the node launch template).
  for (const r of planned) {
    const block = schemas.get(r.type)?.block;
    const a = (block ? withPlaceholders(r.values, unknown.get(r.address) ?? {}, configOf(r), block, { r, where, path: [], referenced }) : { ...r.values }) as Record<string, unknown>;
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

/** A stable, well-formed placeholder id: AWS-shaped where the provider checks the shape, short otherwise. */
function placeholderId(r: PlannedResource): string {
  const address = `${r.type}.${r.name}${r.index !== undefined ? `[${String(r.index)}]` : ""}`;
  const hash = createHash("sha256").update(address).digest("hex");
  if (ID_PREFIXES[r.type]) return `${ID_PREFIXES[r.type]}${hash.slice(0, 17)}`;
  if (r.type === "aws_kms_key") return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
  // Short for the same reason as placeholder()'s strings: providers bound the length of ids they check.
  return `placeholder-${hash.slice(0, 16)}`;
}

interface PlaceholderSite {
  readonly r: PlannedResource;
  readonly where: { region: string; account: string };
  /** Attribute path inside the resource, e.g. `["vpc_config", "0", "cluster_security_group_id"]`. */
  readonly path: readonly string[];
  /** `type.name.attr` of every attribute the configuration reads. */
  readonly referenced: ReadonlySet<string>;
}

/**
 * `values` with every unknown part the config does not set replaced by a placeholder of the schema's
 * type, walking nested blocks (lists/sets of objects) as deep as the unknown marks go. What the
 * config sets (references to other resources) is left for the reference evaluation that follows.
 */
function withPlaceholders(values: unknown, unknown: unknown, config: unknown, block: SchemaBlock, site: PlaceholderSite): unknown {
  if (!unknown || typeof unknown !== "object" || Array.isArray(unknown)) return values;
  const out: Record<string, unknown> = values && typeof values === "object" ? { ...(values as Record<string, unknown>) } : {};
  const cfg = (Array.isArray(config) ? config[0] : config) as Record<string, unknown> | undefined;
  for (const [k, u] of Object.entries(unknown)) {
    const at = { ...site, path: [...site.path, k] };
    const nested = block.block_types?.[k]?.block;
    const attr = block.attributes?.[k];
    if (u === true) {
      // Inside blocks only computed-only attributes: an optional one left unset stays unset (a provider
      // may reject a value there, e.g. a TCP health check with a matcher); the refine rounds fill the rest.
      // At the top, an optional string only where some configuration reads it (see stateFromPlan); empty
      // collections, zeros and false are what AWS reports for the others and stay.
      const optionalString = attr?.optional && attr.type === "string" && !site.referenced.has(`${site.r.type}.${site.r.name}.${k}`);
      const fill = attr && (site.path.length === 0 ? !optionalString : !attr.optional);
      if (fill && cfg?.[k] === undefined && (out[k] === undefined || out[k] === null)) out[k] = placeholder(at, attr.type);
    } else if (Array.isArray(u) && nested) {
      const list = Array.isArray(out[k]) ? (out[k] as unknown[]) : [];
      const cfgList = Array.isArray(cfg?.[k]) ? (cfg![k] as unknown[]) : cfg?.[k] === undefined ? [] : [cfg[k]];
      out[k] = u.map((ui, i) => withPlaceholders(list[i], ui, cfgList[i], nested, { ...at, path: [...at.path, String(i)] }));
    } else if (u && typeof u === "object" && !Array.isArray(u) && nested) {
      out[k] = withPlaceholders(out[k], u, cfg?.[k], nested, at);
    }
  }
  return out;
}

/** AWS id prefixes for computed id attributes that other resources pass where the provider checks the shape. */
const ATTRIBUTE_ID_PREFIXES: ReadonlyArray<readonly [suffix: string, prefix: string]> = [
  ["security_group_id", "sg-"],
  ["vpc_id", "vpc-"],
  ["subnet_id", "subnet-"],
  ["route_table_id", "rtb-"],
  ["network_interface_id", "eni-"],
];

/**
 * A computed value as after apply, deterministic in the resource address and attribute path:
 * ARN-shaped for ARNs and AWS-id-shaped for ids (providers validate the format), a marker for other
 * strings, empty for collections, zero/false for scalars, so an unchanged resource plans no-op.
 */
function placeholder(site: PlaceholderSite, type: unknown): unknown {
  const { r, where, path } = site;
  const attr = path[path.length - 1]!;
  // A computed list of objects (a VPC endpoint's dns_entry) gets one element: configs index it (`dns_entry[0].dns_name`).
  if (Array.isArray(type) && type[0] === "list" && Array.isArray(type[1]) && type[1][0] === "object")
    return [Object.fromEntries(Object.entries(type[1][1] as Record<string, unknown>).map(([k, t]) => [k, placeholder({ ...site, path: [...path, "0", k] }, t)]))];
  if (Array.isArray(type)) return type[0] === "map" ? {} : type[0] === "object" ? null : [];
  if (type === "number") return 0;
  if (type === "bool") return false;
  if (type !== "string") return null;
  const label = `${r.name}-${path.join(".")}`;
  const hash = createHash("sha256").update(`${r.address}.${path.join(".")}`).digest("hex");
  const idPrefix = ATTRIBUTE_ID_PREFIXES.find(([suffix]) => attr === suffix || attr.endsWith(`_${suffix}`))?.[1];
  if (idPrefix) return `${idPrefix}${hash.slice(0, 17)}`;
  // 28 characters: providers bound many ids' length (a Route 53 alias's zone_id, from a VPC endpoint's
  // dns_entry hosted_zone_id, takes 1 to 32), and a readable label of the address would not fit.
  if (attr !== "arn" && !attr.endsWith("_arn")) return `placeholder-${hash.slice(0, 16)}`;
  const service = r.type.startsWith("aws_cloudwatch_log") ? "logs" : (r.type.split("_")[1] ?? "placeholder");
  const global = service === "iam" || service === "s3";
  return `arn:aws:${service}:${global ? "" : where.region}:${service === "s3" ? "" : where.account}:placeholder/${label}`;
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
  // Terraform wraps the message at 78 columns: with a long address, "set" moves to the next line.
  return [...output.matchAll(/Resource (\S+) has\s+lifecycle\.prevent_destroy\s+set/g)].map((m) => m[1]!);
}

/** Plan the base config with no state and turn its planned values into state; an error message on failure. */
async function baseState(base: StackInput, dir: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown> | string> {
  const run = (args: string[]) => terraformAsync(args, dir, env);
  for (const f of ["terraform.tfstate", "terraform.tfstate.backup"]) rmSync(join(dir, f), { force: true });
  // The schema read needs only the initialized directory: it runs beside the base plan and show (each
  // terraform run is one process busy for seconds, mostly on one core).
  const schemas = resourceSchemas(dir, env, JSON.stringify(base.json.terraform?.required_providers ?? {}));
  schemas.catch(() => undefined); // awaited below; a failed base plan returns before that
  const basePlan = await run(["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=base.plan"]);
  if (!basePlan.ok) return `base plan: ${errorSummary(basePlan.output)}`;
  const baseShow = await run(["show", "-json", "base.plan"]);
  if (!baseShow.ok) return `base show: ${errorSummary(baseShow.output)}`;
  const provider = (base.json.provider?.aws ?? [])[0] as { region?: string; allowed_account_ids?: string[] } | undefined;
  const where = { region: provider?.region ?? "us-east-1", account: provider?.allowed_account_ids?.[0] ?? "000000000000" };
  const state = stateFromPlan(JSON.parse(baseShow.output) as ShowJson, await schemas, base.json, where);
  // What the state builder cannot evaluate (functions, provider defaults in nested blocks) Terraform can:
  // plan the base config against the state and keep the provider's known values, until nothing changes.
  for (let round = 0; round < MAX_REFINE_ROUNDS; round++) {
    writeFileSync(join(dir, "terraform.tfstate"), JSON.stringify(state, null, 2));
    const plan = await run(["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=refine.plan"]);
    const show = plan.ok ? await run(["show", "-json", "refine.plan"]) : plan;
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
const baseStates = new Map<string, Promise<Record<string, unknown> | string>>();

/**
 * Plan one stack of the new synth against state built from the same stack of the base synth, in
 * `<workRoot>/<stack>`. Different stacks may run side by side; two plans of one stack in one
 * `workRoot` must not (they share the directory).
 */
export async function planStackAgainstBase(base: StackInput | undefined, current: StackInput | undefined, workRoot: string, env: NodeJS.ProcessEnv): Promise<StackPlan> {
  const started = Date.now();
  const name = (current ?? base)!.name;
  const done = (p: Omit<StackPlan, "seconds" | "stack">): StackPlan => ({ stack: name, ...p, seconds: (Date.now() - started) / 1000 });
  if (!current) return done({ status: "removed-stack", preventDestroyBlocked: [] });
  if (!isAwsOnly(current.json) || (base && !isAwsOnly(base.json))) return done({ status: "skipped", preventDestroyBlocked: [] });

  // One work directory per stack: init once, plan the base, then swap in the new config and its state.
  // A stack new in this synth is planned against no state: Terraform shows what it creates.
  const dir = prepareWorkDir(workRoot, base ?? current);
  const run = (args: string[]) => terraformAsync(args, dir, env);
  const init = existsSync(join(dir, ".terraform")) ? { ok: true, output: "" } : await run(["init", "-input=false", "-no-color"]);
  if (!init.ok) return done({ status: "failed", preventDestroyBlocked: [], error: `init: ${errorSummary(init.output)}` });
  let state: Record<string, unknown> | string | undefined;
  if (base) {
    const key = JSON.stringify(base.json);
    const pending = baseStates.get(key) ?? baseState(base, dir, env);
    baseStates.set(key, pending);
    state = await pending;
    if (typeof state === "string") return done({ status: "failed", preventDestroyBlocked: [], error: state });
  }

  prepareWorkDir(workRoot, current);
  if (state) writeFileSync(join(dir, "terraform.tfstate"), JSON.stringify(state, null, 2));
  else rmSync(join(dir, "terraform.tfstate"), { force: true });
  const plan = await run(["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=new.plan"]);
  if (!plan.ok) {
    const blocked = preventDestroyAddresses(plan.output);
    return done({ status: "failed", preventDestroyBlocked: blocked, error: blocked.length ? undefined : `plan: ${errorSummary(plan.output)}` });
  }
  const show = await run(["show", "-json", "new.plan"]);
  if (!show.ok) return done({ status: "failed", preventDestroyBlocked: [], error: `show: ${errorSummary(show.output)}` });
  writeFileSync(join(dir, "plan.json"), show.output);
  return done({ status: base ? "planned" : "new-stack", plan: JSON.parse(show.output) as ShowJson, preventDestroyBlocked: [] });
}

/** Each non-no-op resource change of a plan with the attributes that differ, sorted by address. */
export function addressChanges(plan: ShowJson): AddressChange[] {
  return (plan.resource_changes ?? [])
    .filter((rc) => rc.mode !== "data" && !["no-op", "read"].includes(rc.change.actions.join()))
    .map((rc) => {
      const c = rc.change as { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null; after_unknown?: Record<string, unknown> };
      const before = c.before ?? {};
      const after = c.after ?? {};
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(c.after_unknown ?? {})])];
      // A create lists what it sets, a delete nothing; an update or replace only what differs.
      const differs = (k: string) => (c.before ? JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null) || c.after_unknown?.[k] === true : after[k] !== null && after[k] !== undefined);
      return {
        address: rc.address,
        type: rc.type,
        actions: rc.change.actions,
        attributes: c.after ? keys.filter((k) => k !== "id" && differs(k)).sort() : [],
        ...(rc.action_reason ? { reason: rc.action_reason } : {}),
      };
    })
    .sort((a, b) => a.address.localeCompare(b.address));
}

/** One stack of `plan-summary.json`. */
export interface PlanStackResult extends PlanStackSummary {
  readonly seconds: number;
  readonly changes: readonly AddressChange[];
}

export interface PlanOptions {
  readonly workRoot: string;
  readonly env: NodeJS.ProcessEnv;
  /** RK-DL-009 exceptions that approve a stateful destroy, by exact address. */
  readonly exceptions?: readonly GuardrailException[];
  /** Stacks planned side by side (each runs its own terraform processes). */
  readonly jobs?: number;
  /** Called as each stack finishes, for progress. */
  readonly onStack?: (result: PlanStackResult) => void;
}

/**
 * Plan every stack of `current` against the same stack of `base` and run the destroy guard over
 * each plan. A stack fails when its plan fails or the guard blocks a stateful destroy/replace.
 */
export async function planAgainstBase(base: readonly StackInput[], current: readonly StackInput[], options: PlanOptions): Promise<PlanStackResult[]> {
  const baseByName = new Map(base.map((s) => [s.name, s]));
  const currentByName = new Map(current.map((s) => [s.name, s]));
  const names = [...new Set([...baseByName.keys(), ...currentByName.keys()])].sort();
  return mapLimited(names, options.jobs ?? 2, async (name) => {
    const p = await planStackAgainstBase(baseByName.get(name), currentByName.get(name), options.workRoot, options.env);
    const result = planResult(p, baseByName.get(name), options.exceptions ?? []);
    options.onStack?.(result);
    return result;
  });
}

function planResult(p: StackPlan, base: StackInput | undefined, exceptions: readonly GuardrailException[]): PlanStackResult {
  const managed = (s: StackInput) => resourcesOf(s.json).filter((r) => r.mode === "managed");
  let guard: PlanGuardResult | undefined;
  let changes: AddressChange[] = [];
  if (p.plan) {
    guard = guardPlan(p.plan, exceptions, p.stack);
    changes = addressChanges(p.plan);
  } else if (p.status === "removed-stack") {
    // The whole stack goes: every resource in it would be destroyed.
    changes = managed(base!).map((r) => ({ address: r.address, type: r.type, actions: ["delete"], attributes: [] }));
    guard = guardPlan({ resource_changes: changes.map((c) => ({ ...c, mode: "managed", change: { actions: c.actions } })) }, exceptions, p.stack);
  }
  const blocked = [...(guard?.blocked ?? []).map((b) => `${b.address} (${b.kind})`), ...p.preventDestroyBlocked.map((a) => `${a} (prevent_destroy)`)];
  const status = p.status === "failed" && p.preventDestroyBlocked.length ? "blocked" : p.status === "skipped" ? "skipped (needs a non-AWS provider)" : p.status;
  return {
    stack: p.stack,
    status,
    ok: p.status !== "failed" && blocked.length === 0,
    create: guard?.counts.create ?? 0,
    update: guard?.counts.update ?? 0,
    replace: guard?.counts.replace ?? 0,
    destroy: guard?.counts.delete ?? 0,
    blocked,
    excepted: (guard?.excepted ?? []).map((x) => `${x.address} (${x.kind}): ${x.exception}`),
    changes,
    seconds: p.seconds,
    ...(p.error ? { error: p.error } : {}),
  };
}
