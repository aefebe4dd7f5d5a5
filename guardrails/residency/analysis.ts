import { AWS_REGIONS } from "../../regions/aws-regions.js";
import { parseCidr, overlaps } from "../../regions/cidr.js";
import { LAKE_ZONES, type RegionResolver } from "../../regions/resolvers.js";
import { isToken, referencesIn } from "../context.js";
import type { StackContextApi, TfResource } from "../types.js";
import {
  API_GROUP,
  ARTIFACT_DOWNLOAD,
  BUCKET_KEY,
  BUCKET_POLICY_TYPES,
  CENTRAL_ON_ANY,
  classify,
  CONFIG_MAP_KEYS,
  CONNECT_REST,
  CONNECTOR_CLASS_KEY,
  CONNECTOR_FQCN,
  CONTENT_ATTRS,
  CONTROL_ON_ANY,
  DATA_POLICY_TYPES,
  DOC_KEYS,
  DOWNLOAD_PATH,
  DYNAMIC_NEUTRAL,
  EKS_ADDONS,
  EDGE_BINDINGS,
  EGRESS_ACTIONS,
  EPHEMERAL,
  FORWARDER_ARN,
  ENDPOINT_POLICY_TYPES,
  EVENT_SINK_CONNECTOR_CLASS,
  FIRELENS_AWS_OUTPUTS,
  FIRELENS_HOST_OUTPUTS,
  HOST_KEY,
  HTTP_WRITE,
  IN_REGION_CONNECTOR_CLASSES,
  INERT,
  INERT_VARIABLE_KEY,
  KUBERNETES_BUILTIN_KINDS,
  KUBERNETES_CUSTOM_KINDS,
  LOG_DELIVERY_GROUP,
  META_KEYS,
  NOT_A_PLACE_KEYS,
  OFF_REGION_KEYS,
  OTEL_EXPORTERS,
  OUTSIDE_ACTIONS,
  PEERING_KEYS,
  READ_ACTION,
  type Profile,
  REGION_KEY,
  ROUTE_TARGET_KEYS,
  SECRET_KEYS,
  SELF_KEYS,
  SHARE_KEY,
  SHARE_PARAMETER,
  TUNNEL_COMMAND,
  type TypeClass,
  VENDOR_AGENT_ENV,
} from "./catalog.js";
import { designedCrossing, ENDPOINT_DNS_REFERENCE, SNOWFLAKE_PRIVATELINK_ZONE, VPC_REFERENCE, warehouseEndpointPart } from "./crossing.js";
import { awsPublishedLayer, foreignLocalZones, placesOf, profileOf, type Places } from "./places.js";
import { actionMatches, allows, boundedToOwnAccount, judgePrincipal, loosePrincipals, policiesIn, type PolicyDoc, type Statement } from "./policy.js";
import { QUANTITY_KEY, accountsIn, arnsIn, bareDestinationsIn, bucketsIn, CROSS_REGION_INFERENCE, INFERENCE_HINT, decodedForms, hostsIn, isKnownRegion, jsonIn, judgeHost, regionCodesIn } from "./scan.js";
import { interpolations, notUnderstood } from "./expression.js";

/**
 * The residency analysis of one stack, computed once (cached per stack context) and shared by every
 * residency rule and by the residency graph. Each problem names the rule family it belongs to:
 *
 * | kind | rule |
 * |---|---|
 * | placement | RK-RES-001 where resources and providers live |
 * | reference | RK-RES-002 region codes, accounts, partitions named anywhere |
 * | external | RK-RES-015 destinations outside AWS |
 * | central-store | RK-RES-016 customer-data stores in central/warehouse/edge |
 * | central-reach | RK-RES-017 central grants or movers reaching a regional store |
 * | unclassified | RK-RES-018 the closed world of resource types |
 * | flow | RK-RES-019 mover destinations that cannot be proven in the jurisdiction |
 * | principal | RK-RES-020 principals of every policy and grant |
 * | cross-boundary | RK-RES-021 the declared cross-boundary roles and what they may do |
 * | warehouse-path | RK-RES-022 warehouse locations beyond the sanitized export |
 * | kubernetes | RK-RES-023 Kubernetes kinds, connectors and the cluster they target |
 */
export type ProblemKind =
  | "placement"
  | "reference"
  | "external"
  | "central-store"
  | "central-reach"
  | "unclassified"
  | "flow"
  | "principal"
  | "cross-boundary"
  | "warehouse-path"
  | "kubernetes";

/** One data movement: from a resource (or a store it reads) to a destination. */
export interface Flow {
  readonly from: string;
  readonly fromType: string;
  /** The store it reads, when the configuration says (a CDC connector's database). */
  readonly source?: string;
  readonly attr: string;
  /** An in-stack address, or a label for somewhere else. */
  readonly to: string;
  readonly toType?: string;
  readonly inside: boolean;
  /** The designed crossing (sanitized events or exports into the central warehouse). */
  readonly crossing?: string;
}

export interface StackAnalysis {
  readonly profile?: Profile;
  readonly places?: Places;
  readonly classes: ReadonlyMap<string, TypeClass | undefined>;
  readonly flows: readonly Flow[];
  /** The declared cross-boundary roles found in the stack (data-<id>). */
  readonly boundaryRoles: ReadonlyArray<{ readonly address: string; readonly which: "orchestrator-access" | "warehouse-read" }>;
  /** Problems by address (a resource, or `provider.aws`, `terraform.backend`, `locals`...). */
  readonly problems: ReadonlyMap<string, ReadonlyArray<{ kind: ProblemKind; detail: string }>>;
  problemsOf(address: string, kind: ProblemKind): string[];
  /** Stack-level addresses (not resources) with problems of a kind. */
  stackProblems(kind: ProblemKind): Array<{ address: string; details: string[] }>;
}

const cache = new WeakMap<object, StackAnalysis>();

export function analyze(ctx: StackContextApi): StackAnalysis {
  let a = cache.get(ctx);
  if (!a) cache.set(ctx, (a = new Analyzer(ctx).run()));
  return a;
}

const DIGIT = /\d/;
// No quotes: `${"us-east-1"}` is a template literal, not a reference.
const PURE_REFERENCE = /^\$\{[A-Za-z0-9_.\[\]*-]+\}$/;
const AWS_NAME = /\.(?:amazonaws\.com|amazon\.com|aws)$/i;
const S3_VIRTUAL_HOST = /^([a-z0-9][a-z0-9.-]*)\.s3(?:[.-](?:dualstack\.|fips\.)?[a-z0-9-]+)?\.amazonaws\.com$/i;
/** `key: "value"` / `KEY=value` pairs in code or config text (the edge binds values to region-id keys). */
const KEY_VALUE = /["'`]?([A-Za-z0-9_-]+)["'`]?\s*[:=]\s*["'`]?([^"'`,;\s}]+)["'`]?/g;
/** A whole-string input variable (`${var.x}`): its value is chosen outside the configuration. */
const VARIABLE_ONLY = /^\$\{var\.[\w-]+\}$/;

/** A literal subnet or security group id. */
const NETWORK_ID = /^(?:subnet|sg)-[0-9a-f]{8,17}$/;
/** Where a string is: the keys from the resource down (a shared stack; joined only for a message). */
type Path = string[];

const attrOf = (path: Path | undefined): string => (path ? path.join(".") : "");

class Analyzer {
  private readonly problems = new Map<string, Array<{ kind: ProblemKind; detail: string }>>();
  private readonly flows: Flow[] = [];
  private readonly boundaryRoles: Array<{ address: string; which: "orchestrator-access" | "warehouse-read" }> = [];
  private readonly classes = new Map<string, TypeClass | undefined>();
  private readonly profile?: Profile;
  private readonly places?: Places;
  /** `<ns>-central-`: how central's resources are named. */
  private readonly centralMarker: string;
  private readonly scope = {
    defined: (address: string) => this.ctx.byAddress(address) !== undefined,
    nameOf: (address: string) => {
      const name = this.ctx.byAddress(address)?.attrs.name;
      return typeof name === "string" && !isToken(name) ? name : undefined;
    },
  };

  private readonly selfScope = { ...this.scope, self: true };
  /** Where the stack's data may be: its region's jurisdiction (central and the warehouse: central's AWS region's). */
  private readonly jurisdiction?: string;

  constructor(private readonly ctx: StackContextApi) {
    this.profile = profileOf(ctx);
    if (this.profile) this.places = placesOf(ctx, this.profile);
    this.centralMarker = `${ctx.manifest.central.namespace}-central-`;
    this.jurisdiction = ctx.region?.jurisdiction ?? AWS_REGIONS[ctx.manifest.central.awsRegion]?.jurisdiction;
  }

  private add(address: string, kind: ProblemKind, detail: string): void {
    const list = this.problems.get(address) ?? [];
    if (!list.some((p) => p.kind === kind && p.detail === detail)) list.push({ kind, detail });
    this.problems.set(address, list);
  }

  run(): StackAnalysis {
    if (this.places && this.profile) {
      this.providers();
      for (const r of this.ctx.resources) this.resource(r);
      for (const r of this.scopedBlocks()) this.resource(r);
      for (const section of ["provider", "terraform", "output", "locals", "variable"]) this.scanValue(section, section, this.ctx.json[section], undefined, undefined);
      if (this.profile === "data") this.crossBoundaryRoles();
      if (this.profile === "central") this.centralReach();
      if (this.profile === "warehouse") this.warehouse();
      if (this.profile === "cdc") this.kubernetesProvider();
      if (this.profile === "edge") this.edgeRouting();
    }
    const problems = this.problems;
    const resources = new Set(this.ctx.resources.map((r) => r.address));
    return {
      profile: this.profile,
      places: this.places,
      classes: this.classes,
      flows: this.flows,
      boundaryRoles: this.boundaryRoles,
      problems,
      problemsOf: (address, kind) => (problems.get(address) ?? []).filter((p) => p.kind === kind).map((p) => p.detail),
      stackProblems: (kind) =>
        [...problems.entries()]
          .filter(([address]) => !resources.has(address))
          .map(([address, list]) => ({ address, details: list.filter((p) => p.kind === kind).map((p) => p.detail) }))
          .filter((x) => x.details.length > 0),
    };
  }

  /**
   * Blocks outside `resource` and `data` that Terraform still opens: data sources scoped to a `check`
   * block (read on every plan) and `ephemeral` resources (opened during plan and apply). Judged like the
   * resources and data sources they are; ephemeral types are classified in `EPHEMERAL`, so an unknown one fails closed.
   */
  private scopedBlocks(): TfResource[] {
    const out: TfResource[] = [];
    const blocks = (section: unknown, address: (type: string, name: string) => string, mode: "managed" | "data") => {
      for (const [type, byName] of Object.entries((section ?? {}) as Record<string, Record<string, Record<string, unknown>>>))
        for (const [name, attrs] of Object.entries(byName ?? {})) out.push({ address: address(type, name), type, name, mode, attrs: attrs ?? {} });
    };
    for (const [check, body] of Object.entries((this.ctx.json.check ?? {}) as Record<string, Record<string, unknown>>)) blocks(body?.data, (t, n) => `check.${check}.data.${t}.${n}`, "data");
    blocks(this.ctx.json.ephemeral, (t, n) => `ephemeral.${t}.${n}`, "managed");
    return out;
  }

  // ---- placement -------------------------------------------------------------------------------

  private providers(): void {
    const places = this.places!;
    for (const [name, blocks] of Object.entries((this.ctx.json.provider ?? {}) as Record<string, Array<Record<string, any>>>)) {
      if (name !== "aws") continue;
      for (const block of blocks ?? []) {
        const address = `provider.aws${block.alias ? `.${block.alias}` : ""}`;
        const region = block.region;
        if (typeof region !== "string") this.add(address, "placement", "has no literal `region` (it would come from the environment): set it to one of " + [...places.regions].join(", "));
        else if (isToken(region)) this.add(address, "placement", `region ${region} is not a literal AWS region (a variable, local or function cannot be proven): use one of ${[...places.regions].join(", ")}`);
        else if (!places.regions.has(region.toLowerCase())) this.add(address, "placement", `region ${region} is outside ${[...places.regions].join(", ")}`);
        // Credentials that pick an account (a profile, static keys, credential files) must be pinned to the own account.
        const credentials = ["profile", "access_key", "secret_key", "token", "shared_credentials_files", "shared_config_files", "shared_credentials_file"].filter((k) => block[k] !== undefined);
        const pinned = Array.isArray(block.allowed_account_ids) && block.allowed_account_ids.length > 0 && block.allowed_account_ids.every((a: unknown) => places.accounts.has(String(a)));
        if (credentials.length > 0 && !pinned) this.add(address, "placement", `${credentials.join(", ")} choose the account outside the configuration: set allowed_account_ids to [${places.account}]`);
        if (block.allowed_account_ids !== undefined && !pinned) this.add(address, "placement", `allowed_account_ids ${JSON.stringify(block.allowed_account_ids)} is not exactly this stack's account ${places.account}`);
        // Every way the provider can become another principal (assume_role, assume_role_with_web_identity): a literal role of the own account.
        for (const key of Object.keys(block).filter((k) => k.startsWith("assume_role")))
          for (const b of [block[key]].flat()) {
            const arn = b?.role_arn;
            if (typeof arn !== "string" || isToken(arn)) this.add(address, "placement", `${key}.role_arn ${String(arn)} is not literal: the account cannot be proven; name a role of account ${places.account}`);
            else if (accountsIn(arn).some((a) => !places.accounts.has(a))) this.add(address, "placement", `${key}.role_arn ${arn} is a role of another account: use a role of account ${places.account}`);
          }
      }
    }
    const backend = this.ctx.json.terraform?.backend;
    if (this.ctx.json.terraform?.cloud !== undefined) this.add("terraform.cloud", "placement", "state in HCP Terraform / Terraform Enterprise leaves the jurisdiction: use the S3 backend in the stack's own region");
    for (const [type, cfg] of Object.entries((backend ?? {}) as Record<string, Record<string, unknown>>)) {
      if (type !== "s3") {
        this.add("terraform.backend", "placement", `backend ${type} keeps state (which holds the configuration) outside the stack's own region: use the S3 backend in ${[...places.regions].join(", ")}`);
        continue;
      }
      const region = cfg.region;
      if (typeof region !== "string" || isToken(region) || !places.regions.has(region)) this.add("terraform.backend", "placement", `S3 backend region ${String(region)} is outside ${[...places.regions].join(", ")}: state holds the configuration, keep it in the stack's own region`);
    }
  }

  private placement(r: TfResource): void {
    if (!r.type.startsWith("aws_")) return;
    const places = this.places!;
    const own = r.attrs.region;
    if (own !== undefined) {
      if (typeof own !== "string" || isToken(own)) return this.add(r.address, "placement", `region ${String(own)} is not a literal AWS region: use one of ${[...places.regions].join(", ")}`);
    }
    const region = this.ctx.effectiveRegion(r);
    if (region === undefined) {
      const p = r.attrs.provider;
      this.add(r.address, "placement", `its provider ${typeof p === "string" ? p : "aws"} has no literal region: where it lives cannot be proven`);
    } else if (!places.regions.has(region.toLowerCase())) this.add(r.address, "placement", `effective region ${region} is outside ${[...places.regions].join(", ")}`);
  }

  // ---- per resource ----------------------------------------------------------------------------

  private resource(r: TfResource): void {
    const profile = this.profile!;
    if (r.mode === "managed") {
      const ephemeral = r.address.startsWith("ephemeral.");
      const c = ephemeral ? EPHEMERAL[r.type] : classify(r.type);
      this.classes.set(r.address, c);
      if (!c) this.add(r.address, "unclassified", `\`${r.type}\` is not classified${ephemeral ? " as an ephemeral resource" : ""}: classify \`${r.type}\` in guardrails/residency/catalog.ts (${ephemeral ? "EPHEMERAL: " : ""}store / mover with its destination attributes / control plane)`);
      else if (!c.where.includes(profile)) {
        if (c.role === "store" && (profile === "central" || profile === "warehouse" || profile === "edge"))
          this.add(r.address, "central-store", `\`${r.type}\` holds data and may be placed only in ${c.where.join(", ") || "no stack of the kit"} stacks, not in ${profile}`);
        else this.add(r.address, "unclassified", `\`${r.type}\` is classified for ${c.where.join(", ") || "no"} stacks, not ${profile}: move it, or extend its entry in guardrails/residency/catalog.ts with a reason`);
      }
      if (c?.to) this.destinations(r, c);
    }
    if (profile !== "warehouse" && profile !== "edge") this.placement(r);
    this.scanValue(r.address, r.type, secretDecoded(r), undefined, r);
    this.principals(r);
    // Merged policy documents are judged only when they are this stack's own documents (their statements are read there).
    if (r.type === "aws_iam_policy_document")
      for (const key of ["source_policy_documents", "override_policy_documents"])
        for (const d of [r.attrs[key] ?? []].flat())
          if (typeof d !== "string" || !/^\$\{data\.aws_iam_policy_document\.[\w-]+\.json\}$/.test(d)) this.add(r.address, "principal", `${key} merges a document that is not an aws_iam_policy_document of this stack (${String(d).slice(0, 60)}): its principals are not read; write its statements as statement blocks`);
    if (r.type === "kubernetes_manifest") this.kubernetesManifest(r);
    else if (r.mode === "managed" && r.type.startsWith("kubernetes_")) this.kubernetesTyped(r);
    if (r.mode === "managed" && r.type.startsWith("kubernetes_")) this.connectRest(r);
    if (r.type === "aws_mskconnect_connector") this.connector(r, String(getPath(r.attrs, "connector_configuration")?.["connector.class"] ?? ""), getPath(r.attrs, "connector_configuration") ?? {});
    if (r.type === "aws_sns_topic_subscription") this.snsSubscription(r);
    if (r.type === "aws_eks_addon" && (typeof r.attrs.addon_name !== "string" || !EKS_ADDONS.test(r.attrs.addon_name)))
      this.add(r.address, "external", `addon_name ${String(r.attrs.addon_name)} is not an AWS or in-cluster add-on: a vendor's Marketplace add-on ships its agent's data to the vendor's default site; use an AWS add-on (amazon-cloudwatch-observability, adot)`);
    if (r.type === "aws_kinesis_firehose_delivery_stream") this.firehose(r);
    if (r.mode === "managed" && r.type.startsWith("aws_")) this.networkPaths(r);
    if (r.type === "aws_route53_record" || r.type === "aws_route53_zone") this.warehouseEndpointBinding(r);
    if (r.type === "snowflake_database" && r.attrs.replication !== undefined) this.add(r.address, "flow", "database replication copies it to other Snowflake accounts: where they are cannot be proven; remove the replication block");
    for (const key of OFF_REGION_KEYS) {
      const v = r.attrs[key];
      if (v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0)) this.add(r.address, "flow", `${key} runs it outside the AWS region's data centres (an Outpost or hybrid nodes, wherever they stand): where its data is processed cannot be proven; use the region's Availability Zones`);
    }
    // Transfer Acceleration carries object traffic through edge locations worldwide.
    if ((r.type === "aws_s3_bucket_accelerate_configuration" && r.attrs.status === "Enabled") || (r.type === "aws_s3_bucket" && r.attrs.acceleration_status === "Enabled"))
      this.add(r.address, "flow", "Transfer Acceleration routes uploads and downloads through CloudFront edge locations worldwide: keep transfers to the bucket's regional endpoint");
    if (r.type === "aws_s3control_multi_region_access_point") this.add(r.address, "flow", "a Multi-Region Access Point routes requests across AWS regions by design; keep buckets per region and address them directly");
    if (r.type === "aws_elasticache_global_replication_group") {
      // A global datastore replicates to every member group's region: members are separate resources, placed by their providers.
      this.flows.push({ from: r.address, fromType: r.type, attr: "members", to: "secondary replication groups", inside: true });
    }
  }

  /**
   * Shapes that send data by default, without a host to read: a FireLens log output of a vendor
   * (`Name: datadog`), a vendor agent switched on by its key (`DD_API_KEY`), and a Kubernetes workload
   * reading a ConfigMap this stack does not define (its values, hosts included, are not visible).
   */
  private objectShapes(address: string, o: Record<string, unknown>, path: Path | undefined): void {
    // Cheap tests first: this runs for every object of every resource.
    if (o.logDriver === undefined && o.log_driver === undefined && typeof o.name !== "string" && o.environmentFiles === undefined && !(path && path[path.length - 1] === "variables") && !CONFIG_MAP_KEYS.some((k) => o[k] !== undefined) && !SECRET_KEYS.some((k) => o[k] !== undefined)) return;
    const where = attrOf(path) || "(block)";
    // A Fluent Bit container configured on its command line (`-o datadog`).
    if (typeof o.image === "string" && /fluent-?bit/i.test(o.image))
      for (const m of [o.command, o.args].flat().filter((x) => typeof x === "string").join(" ").matchAll(/(?:^|\s)(?:-o|--output)[\s=]+([A-Za-z_]+)/g)) this.logOutput(address, `${where}.args`, m[1]!, /(?:^|\s)-p\s+host=\S+/i.test([o.args].flat().join(" ")));
    if (o.logDriver === "awsfirelens" || o.log_driver === "awsfirelens") {
      const options = (o.options ?? {}) as Record<string, unknown>;
      const name = String(options.Name ?? options.name ?? "").toLowerCase();
      const host = options.Host ?? options.host ?? options.Brokers ?? options.brokers ?? options.Endpoint ?? options.endpoint;
      if (!FIRELENS_AWS_OUTPUTS.has(name) && !(FIRELENS_HOST_OUTPUTS.has(name) && typeof host === "string" && host !== ""))
        this.add(address, "external", `${where} sends container logs through the FireLens output ${name || "(none)"}, which delivers to its vendor by default (no host to judge): use cloudwatch, firehose or s3 in the region`);
    }
    const envName = typeof o.name === "string" ? o.name : undefined;
    if (envName && ("value" in o || "valueFrom" in o || "value_from" in o) && VENDOR_AGENT_ENV.test(envName))
      this.add(address, "external", `${where} sets ${envName}: it switches on a vendor agent whose default endpoint is outside AWS`);
    if (path && path[path.length - 1] === "variables") for (const k of Object.keys(o)) if (VENDOR_AGENT_ENV.test(k)) this.add(address, "external", `${where}.${k} switches on a vendor agent whose default endpoint is outside AWS`);
    for (const [kind, keys] of [["ConfigMap", CONFIG_MAP_KEYS], ["Secret", SECRET_KEYS]] as const)
      for (const key of keys) {
        for (const x of [o[key]].flat()) {
          if (!x || typeof x !== "object") continue;
          const name = (x as Record<string, unknown>).name ?? (x as Record<string, unknown>).secretName ?? (x as Record<string, unknown>).secret_name;
          if (typeof name === "string" && !isToken(name) && !this.kubernetesNames(kind).has(name))
            this.add(address, "kubernetes", `${where}.${key} reads ${kind} ${name}, which this stack does not define: its values (hosts, URLs) cannot be judged; define the ${kind} here`);
        }
      }
    // ECS: environment files live in S3 objects, and `secrets[].valueFrom` in a parameter or secret; only
    // those this stack defines (and so writes) show their values.
    if (o.environmentFiles !== undefined) this.add(address, "flow", `${where}.environmentFiles sets the environment from files outside the configuration: their values (hosts, URLs) cannot be judged; write the environment in the task definition`);
    const from = o.valueFrom;
    if (typeof from === "string" && path && path[path.length - 1] === "secrets" && !this.storeDefinedHere(from))
      this.add(address, "flow", `${where}.valueFrom ${from} is a parameter or secret this stack does not define: its value (a host, a URL) cannot be judged; define it here and reference it`);
  }

  /** A log output (Fluent Bit, FireLens) by name: an AWS output, or a host-based output with a host. */
  private logOutput(address: string, where: string, name: string, hasHost: boolean): void {
    const n = name.toLowerCase();
    if (!FIRELENS_AWS_OUTPUTS.has(n) && !(FIRELENS_HOST_OUTPUTS.has(n) && hasHost))
      this.add(address, "external", `${where} sends logs through the output ${name}, which delivers to its vendor by default (no host to judge): use cloudwatch_logs, firehose or s3 in the region`);
  }

  /**
   * Telemetry configuration in text: Fluent Bit `[OUTPUT]` sections (classic syntax), OpenTelemetry Collector
   * `exporters:`, and overlay or tunnel agents started from a script.
   */
  private telemetryOutputs(address: string, where: string, text: string): void {
    for (const section of text.split(/^\s*\[OUTPUT\]\s*$/m).slice(1)) {
      const body = section.split(/^\s*\[[A-Z]+\]\s*$/m)[0]!;
      const name = /^\s*Name\s+(\S+)/im.exec(body)?.[1];
      if (name) this.logOutput(address, where, name, /^\s*Host\s+\S+/im.test(body));
      // Classic syntax is `key value`: a bucket named that way is a bucket like any other.
      const bucket = /^\s*bucket\s+([a-z0-9][a-z0-9.-]+)\s*$/im.exec(body)?.[1];
      if (bucket && this.profile !== "warehouse") this.bucket(address, where, bucket, `bucket ${bucket}`);
    }
    const exporters = /^exporters:[ \t]*\n((?:[ \t]+.*\n?|[ \t]*\n)*)/m.exec(text)?.[1];
    if (exporters) {
      const indent = /^([ \t]+)\S/m.exec(exporters)?.[1] ?? "";
      for (const m of exporters.matchAll(new RegExp(`^${indent}([A-Za-z0-9_]+)(?:/[\\w-]+)?:`, "gm")))
        if (!OTEL_EXPORTERS.has(m[1]!)) this.add(address, "external", `${where} exports telemetry through the ${m[1]} exporter, which delivers to its vendor's default site: use the AWS exporters (awsemf, awsxray, awscloudwatchlogs) or otlp to an endpoint in the region`);
    }
    const tunnel = TUNNEL_COMMAND.exec(text)?.[0];
    if (tunnel) this.add(address, "external", `${where} runs \`${tunnel}\`: an overlay network or tunnel whose relays are the vendor's carries traffic out with no host to judge`);
  }

  /** A parameter or secret of this stack: a reference to a resource, or its literal ARN or name. */
  private storeDefinedHere(value: string): boolean {
    if (PURE_REFERENCE.test(value)) return this.definedHere(value) !== undefined;
    const name = /:parameter(\/.+)$/.exec(value)?.[1] ?? /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(value)?.[1] ?? /:secret:(.+)$/.exec(value)?.[1] ?? value;
    return [...this.ctx.ofType("aws_ssm_parameter"), ...this.ctx.ofType("aws_secretsmanager_secret")].some((r) => r.mode === "managed" && (r.attrs.name === name || r.attrs.name === name.replace(/^\//, "") || `/${String(r.attrs.name)}` === name));
  }

  private readonly namesOfKind = new Map<string, Set<string>>();
  /** Names of the ConfigMaps or Secrets this stack defines (manifests and typed resources). */
  private kubernetesNames(kind: "ConfigMap" | "Secret"): Set<string> {
    let names = this.namesOfKind.get(kind);
    if (!names) {
      names = new Set();
      const typed = kind === "ConfigMap" ? /^kubernetes_config_map(?:_v1)?$/ : /^kubernetes_secret(?:_v1)?$/;
      for (const r of this.ctx.resources) {
        const m = r.attrs.manifest as Record<string, any> | undefined;
        // Strimzi's User Operator writes a KafkaUser's credentials into a Secret of the same name.
        const made = kind === "Secret" && r.type === "kubernetes_manifest" && m?.kind === "KafkaUser";
        const name = r.type === "kubernetes_manifest" && (m?.kind === kind || made) ? m?.metadata?.name : typed.test(r.type) ? valuesAt(r.attrs, "metadata.name")[0] : undefined;
        if (typeof name === "string") names.add(name);
      }
      this.namesOfKind.set(kind, names);
    }
    return names;
  }

  /** A whole-string reference to a managed resource of this stack (not a data source, variable or literal id). */
  private definedHere(value: unknown, types?: readonly string[]): TfResource | undefined {
    if (typeof value !== "string" || !PURE_REFERENCE.test(value)) return undefined;
    const target = referencesIn(value).map((a) => this.ctx.byAddress(a)).find((t) => t?.mode === "managed");
    return target && (!types || types.some((t) => target.type.startsWith(t))) ? target : undefined;
  }

  /**
   * Network paths (route targets, peering, transit gateways, VPC attachments) must end in resources of
   * this stack: a literal `pcx-`/`tgw-`/`vpce-` id or a data source is a network made elsewhere, whose
   * other side cannot be proven in the jurisdiction. The peer of an in-stack peering is judged the same
   * way where it is defined (its `peer_vpc_id`, `peer_region`, `peer_owner_id`).
   */
  private networkPaths(r: TfResource): void {
    const routes = r.type === "aws_route" ? [r.attrs] : r.type === "aws_route_table" || r.type === "aws_default_route_table" ? valuesAt(r.attrs, "route") : [];
    const check = (block: unknown, keys: readonly string[], where: string) => {
      if (!block || typeof block !== "object") return;
      for (const key of keys) {
        const value = (block as Record<string, unknown>)[key];
        if (value === undefined || value === null || value === "") continue;
        if (key === "gateway_id" && value === "local") continue; // the VPC's own local route
        if (!this.definedHere(value))
          this.add(r.address, "flow", `${where}${key} ${String(value)} is not a resource of this stack: the network it reaches was made elsewhere and cannot be proven in the jurisdiction (regions exchange no network paths); reference a resource this stack defines`);
      }
    };
    for (const route of routes) check(route, ROUTE_TARGET_KEYS, r.type === "aws_route" ? "" : "route.");
    check(r.attrs, PEERING_KEYS, "");
  }

  /**
   * A zone or record that takes a warehouse PrivateLink name (the manifest's account host, its OCSP host, the
   * PrivateLink zone or the internal stage host) is the designed path only when it resolves inside this
   * stack: its records are this stack's warehouse endpoint (by reference), its zone is this stack's, and
   * the zone is associated only with this stack's VPCs in the region's AWS regions.
   */
  private warehouseEndpointBinding(r: TfResource): void {
    const w = this.ctx.manifest.central.warehouse;
    const a = r.attrs as Record<string, unknown>;
    const name = String(a.name ?? "").toLowerCase().replace(/\.$/, "");
    if (!w) return;
    if (r.type === "aws_route53_record") {
      if (name !== w.accountHost && name !== `ocsp.${w.accountHost}`) return;
      for (const t of [a.records ?? []].flat()) {
        const m = typeof t === "string" ? ENDPOINT_DNS_REFERENCE.exec(t) : null;
        const endpoint = m ? this.ctx.byAddress(`aws_vpc_endpoint.${m[1]}`) : undefined;
        if (!endpoint || endpoint.mode !== "managed" || !warehouseEndpointPart(endpoint, this.ctx.stack, this.ctx.manifest))
          this.add(r.address, "flow", `records ${String(t)} is not this stack's warehouse PrivateLink endpoint: the account host must resolve to the endpoint to the manifest's central.warehouse service`);
      }
      if (!this.definedHere(a.zone_id, ["aws_route53_zone"])) this.add(r.address, "flow", `zone_id ${String(a.zone_id)} is not a private zone of this stack`);
    } else {
      if (name !== SNOWFLAKE_PRIVATELINK_ZONE && name !== w.internalStageHost) return;
      const vpcs = [a.vpc ?? []].flat() as Array<Record<string, unknown>>;
      if (vpcs.length === 0) this.add(r.address, "flow", "the warehouse PrivateLink zone has no vpc: a public zone; associate it with this stack's VPC only");
      for (const v of vpcs) {
        const m = typeof v?.vpc_id === "string" ? VPC_REFERENCE.exec(v.vpc_id) : null;
        const vpc = m ? this.ctx.byAddress(`aws_vpc.${m[1]}`) : undefined;
        if (!vpc || vpc.mode !== "managed") this.add(r.address, "flow", `vpc ${String(v?.vpc_id)} is not this stack's VPC: the warehouse path resolves only inside the region's own network`);
        if (v?.vpc_region !== undefined && !this.places!.regions.has(String(v.vpc_region))) this.add(r.address, "flow", `vpc_region ${String(v.vpc_region)} associates the warehouse zone with a network outside ${[...this.places!.regions].join(", ")}`);
      }
    }
  }

  /** Every string of a value: region codes, accounts, partitions, hosts, buckets; keys that are region arguments, buckets or hosts. */
  private scanValue(address: string, type: string, value: unknown, path: Path | undefined, resource: TfResource | undefined, inJson = false): void {
    if (typeof value === "string") return this.scanString(address, type, value, path, resource, inJson, false);
    if (Array.isArray(value)) {
      for (const v of value) this.scanValue(address, type, v, path, resource, inJson);
      return;
    }
    if (!value || typeof value !== "object") return;
    if (resource && this.profile !== "edge" && this.profile !== "warehouse") this.objectShapes(address, value as Record<string, unknown>, path);
    if (resource && this.profile === "data") this.exportPair(address, resource, value as Record<string, unknown>, path);
    const stack = path ?? [];
    for (const k in value as Record<string, unknown>) {
      if (DOC_KEYS.has(k) || (stack.length === 0 && resource && META_KEYS.has(k))) continue;
      // Step Functions `"Key.$": "$.path"` takes the value from execution input at run time: not understood.
      if (inJson && k.endsWith(".$") && k.length > 2 && !DYNAMIC_NEUTRAL.test(k)) this.add(address, "flow", `${[...stack, k].join(".")} is taken from execution input at run time (${String((value as Record<string, unknown>)[k]).slice(0, 40)}): where the data goes cannot be proven; write a literal`);
      stack.push(k);
      // A key can hide a place only with digits in it (a region code, an account).
      if (!inJson && DIGIT.test(k)) this.scanString(address, type, k, stack, resource, inJson, true);
      this.scanValue(address, type, (value as Record<string, unknown>)[k], stack, resource, inJson);
      stack.pop();
    }
  }

  private scanString(address: string, type: string, s: string, path: Path | undefined, resource: TfResource | undefined, inJson: boolean, isKey: boolean): void {
    const places = this.places!;
    const key = path && path.length ? path[path.length - 1]! : "";
    const depth = path ? path.length : 0;
    const top = path && path.length ? path[0]! : "";
    const identityOnly = path !== undefined && resource !== undefined && identityPath(type, path, inJson);
    // Sharing with everyone (`shared_accounts = ["all"]`, a snapshot or AMI made public).
    if (!isKey && resource && (inJson ? SHARE_PARAMETER : SHARE_KEY).test(key) && s.toLowerCase() === "all") this.add(address, "principal", `${attrOf(path)} = all shares it with every AWS account: share only within account ${places.account}`);
    // Nested region arguments must be literal, allowed placement regions.
    if (!isKey && !inJson && resource && REGION_KEY.test(key) && (key !== "region" || depth > 1)) {
      if (isToken(s)) this.add(address, "placement", `region argument ${attrOf(path)} = ${s} is not a literal AWS region`);
      else if (!places.regions.has(s.toLowerCase())) this.add(address, "placement", `region argument ${attrOf(path)} = ${s} is outside ${[...places.regions].join(", ")}`);
    }
    // Fail closed on expressions: what an interpolation produces must be something the analysis can see.
    // JSONata (`{% ... %}`) computes the value at run time: not understood.
    if (inJson && s.startsWith("{%") && s.trimEnd().endsWith("%}")) this.add(address, "flow", `${attrOf(path) || "(block)"} is a JSONata expression evaluated at run time (${s.slice(0, 50)}): where the data goes cannot be proven; write a literal`);
    // A JSON document is judged value by value (its strings come back here through jsonIn).
    if (!isKey && this.profile !== "edge" && s.includes("${") && jsonIn(s) === undefined) {
      const bodies = interpolations(s);
      const whole = bodies.length === 1 && s.startsWith("${") && s.endsWith("}") && s.indexOf("${", 2) < 0;
      for (const body of bodies) {
        const why = notUnderstood(body, whole, resource && SELF_KEYS.has(top) ? this.selfScope : this.scope);
        if (why) this.add(address, "reference", `${attrOf(path) || "(block)"} is not understood: ${why}`);
      }
    }
    // A whole variable is a value the configuration does not show: in an AWS stack it passes only where it
    // provably names no place (`INERT_VARIABLE_KEY`: sizes, counts, names, retention), inside JSON documents
    // and provider blocks too. Principals are judged as principals (a variable one fails there).
    // Movers' destinations are judged by `destination` too.
    if (!isKey && !identityOnly && VARIABLE_ONLY.test(s) && !INERT_VARIABLE_KEY.test(key) && (this.profile === "data" || this.profile === "cdc" || this.profile === "bootstrap" || this.profile === "central"))
      this.add(address, "flow", `${attrOf(path) || "(value)"} = ${s} is a variable: what it names (a host, a bucket, a proxy) cannot be proven; write the literal or reference a resource of this stack`);
    // Central shares its account and AWS region with a region (data-us): a literal subnet or security group
    // it does not define may be that region's network.
    if (this.profile === "central" && !isKey && !inJson && resource && NETWORK_ID.test(s))
      this.add(address, "central-reach", `${attrOf(path)} = ${s} is a network this stack does not define (it may be a region's, in the account central shares): reference central's own subnets and security groups`);
    // A bare reference names no place (what it references is scanned where it is defined).
    if (s.charCodeAt(0) === 36 && PURE_REFERENCE.test(s)) return;
    const inert = this.profile === "central" && top !== "" && INERT.has(`${type}.${top}`);
    // Central's routing table (a JSON document) names every region's lake by design; code it ships (a DAG)
    // naming a region's lake bucket is a path to that region's data, which central never takes.
    if (inert && !isKey && jsonIn(s) === undefined)
      for (const r of this.places!.regionResolvers)
        for (const z of LAKE_ZONES) for (const b of [r.lakeBucket(z), ...(r.region.backupRegion ? [r.lakeBackupBucket(z)] : [])]) if (s.includes(b)) this.add(address, "central-reach", `${attrOf(path)} (code, not the routing table) names ${b}, a regional store: central moves no data into or out of a region`);
    for (const text of decodedForms(s)) {
      // Cheap tests first: most strings are names and references without any place in them.
      const digits = DIGIT.test(text);
      if (digits && text.length >= 15 && this.jurisdiction) for (const z of foreignLocalZones(text, this.jurisdiction)) this.add(address, "reference", `${attrOf(path) || "(block)"} names ${z.zone}, ${z.why}`);
      if (digits) for (const code of regionCodesIn(text)) {
        if (places.namedRegions.has(code)) continue;
        this.add(address, "reference", `${attrOf(path) || "(block)"} names AWS region ${code}${isKnownRegion(code) ? "" : " (a region code outside the catalog)"}; allowed: ${[...places.namedRegions].join(", ")}`);
      }
      if (text.includes("arn:")) for (const arn of arnsIn(text)) {
        if (arn.partition !== "aws") this.add(address, "reference", `${attrOf(path)} names partition ${arn.partition} (${arn.text}): another partition is another jurisdiction`);
        // MWAA's Celery queue lives in an AWS-owned account: the one wildcard account the kit names.
        if (arn.account === "*" && !(arn.service === "sqs" && arn.resource.startsWith("airflow-celery-"))) this.add(address, "reference", `${attrOf(path)} names any account (${arn.text}); name the own account ${places.account}`);
        // A wildcard region reaches the service in every AWS region: a regional stack names its own regions.
        if (arn.region.includes("*") && this.places!.resolver && this.profile !== "warehouse") this.add(address, "reference", `${attrOf(path)} names any AWS region (${arn.text}); name ${[...places.regions].join(" or ")}`);
      }
      if (digits && !QUANTITY_KEY.test(key)) for (const acct of accountsIn(text)) {
        // The orchestrator-access trust names the central orchestrator; RK-RES-021 judges that trust.
        if (acct === this.ctx.manifest.central.accountId && resource?.type === "aws_iam_role" && top === "assume_role_policy" && this.declaredCrossBoundary(resource) === "orchestrator-access") continue;
        // The AWS region's ELB log-delivery account, in a bucket policy: RK-RES-020 judges what it may do.
        if (places.logDeliveryAccounts.has(acct) && (top === "policy" || top === "statement") && this.bucketPolicyLike(resource)) continue;
        // AWS's own published layer in a function's `layers` (code run inside the function, not a destination).
        if (top === "layers" && depth === 1 && awsPublishedLayer(text, places.regions)) continue;
        if (!places.namedAccounts.has(acct)) this.add(address, "reference", `${attrOf(path) || "(block)"} names account ${acct}; allowed: ${[...places.namedAccounts].join(", ")}`);
      }
      // A region reaches central only through the designed crossings: naming central's resources (a role, a
      // log destination, a bucket) is a path to it, whatever account they share (data-us shares central's).
      if (this.places!.resolver && !isKey && text.includes(this.centralMarker) && !(resource?.type === "aws_iam_role" && top === "assume_role_policy" && this.declaredCrossBoundary(resource) === "orchestrator-access"))
        this.add(address, "reference", `${attrOf(path) || "(block)"} names central's resources (${places.namespace}-central-...): a region reaches central only through the designed crossings`);
      if (inert || isKey) continue;
      // A policy's principals and conditions say who may act (an issuer, an audience, a condition key), not
      // where data goes: `statementPrincipals` judges them, and their accounts and regions are read above.
      if (identityOnly) continue;
      const json = text.length > 1 ? jsonIn(text) : undefined;
      // A policy document is read value by value below (its principals and conditions are not destinations);
      // its whole text would name the issuer of a trusted OIDC provider as a host.
      const policyText = !inJson && resource !== undefined && json !== null && typeof json === "object" && !Array.isArray(json) && (json as Record<string, unknown>).Statement !== undefined && identityPath(type, [top, "Statement", "Condition"], true);
      const download = policyText || (key === "url" && DOWNLOAD_PATH.test(attrOf(path))) || (path !== undefined && path.includes("initContainers") && ARTIFACT_DOWNLOAD.test(text.trim()));
      if (!download) for (const h of hostsIn(text)) this.host(address, attrOf(path), h.host, h.text);
      // Hosts, IPs and remotes in any key (container images are pulled code, API versions are not places).
      // A DNS zone's or record's `name` is the name it defines here, not a destination (its `records` are).
      if (!download && this.profile !== "edge" && !NOT_A_PLACE_KEYS.has(key) && !(key === "name" && type.startsWith("aws_route53_")))
        for (const h of bareDestinationsIn(text)) {
          if (h.scheme) this.add(address, "external", `${attrOf(path)} names the remote ${h.text} (${h.scheme}:), outside AWS`);
          // AWS names without a scheme are service principals and endpoints judged where they are URLs; API groups name schemas.
          else if (!AWS_NAME.test(h.host) && !API_GROUP.test(h.host)) this.host(address, attrOf(path), h.host, h.text);
        }
      if (this.profile !== "warehouse") for (const b of bucketsIn(text)) this.bucket(address, attrOf(path), b.bucket, b.text, inJson);
      if (this.profile === "data" && text.includes("/export") && !this.exportAllowed(resource)) this.exportWriter(address, attrOf(path), text);
      if (text.includes("onnector")) this.connectorClasses(address, attrOf(path), text, key, resource);
      if (text.includes("[OUTPUT]") || text.includes("exporters:") || TUNNEL_COMMAND.test(text)) this.telemetryOutputs(address, attrOf(path) || "(value)", text);
      if (text.includes(".") && INFERENCE_HINT.test(text)) {
        const inference = CROSS_REGION_INFERENCE.exec(text);
        if (inference) this.add(address, "flow", `${attrOf(path)} uses a cross-region inference profile (${inference[0]}): prompts may be processed outside the jurisdiction; use an in-region model id`);
      }
      if (json !== undefined && typeof json === "object") this.scanValue(address, type, json, path, resource, true);
    }
    if (isKey || inert || identityOnly) return;
    if (isToken(s)) return;
    if (BUCKET_KEY.test(key) && !(type === "aws_s3_bucket" && depth === 1) && !s.includes("://") && !s.startsWith("arn:")) this.bucket(address, attrOf(path), s.toLowerCase(), s);
    if (HOST_KEY.test(key)) {
      for (const part of s.split(/[,\s]+/).filter(Boolean)) {
        if (part.includes("://") || part.startsWith("arn:")) continue;
        if (part.includes("@")) this.add(address, "external", `${attrOf(path)} sends to ${part}, outside AWS`);
        else if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.test(part)) this.host(address, attrOf(path), part.replace(/:\d+$/, ""), part);
      }
    }
  }

  private host(address: string, attr: string, host: string, text: string): void {
    if (this.places?.declaredHosts.has(host.replace(/\.$/, "").toLowerCase())) return;
    // A virtual-hosted S3 URL names its bucket: in-region is not enough, the bucket must be this region's.
    const vhost = S3_VIRTUAL_HOST.exec(host);
    if (vhost && this.profile !== "warehouse" && this.profile !== "edge") this.bucket(address, attr, vhost[1]!.toLowerCase(), text);
    const v = judgeHost(host);
    if (v.place === "external") this.add(address, "external", `${attr} reaches ${text}: ${v.why}`);
    // A private address inside another region's network (the manifest gives every region's CIDR) is that region.
    if (v.place === "private" && this.places?.resolver && /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) {
      const ip = parseCidr(`${host}/32`);
      const other = ip && this.ctx.manifest.regions.find((r) => r.id !== this.places!.resolver!.id && r.cidr && overlaps(parseCidr(r.cidr) ?? ip, ip) && parseCidr(r.cidr) !== undefined);
      if (other) this.add(address, "reference", `${attr} reaches ${host}, inside region ${other.id}'s network ${other.cidr}: regions exchange no network paths`);
    }
  }

  private bucket(address: string, attr: string, bucket: string, text: string, inJson = false): void {
    if (bucket.includes("*") || bucket.includes("?")) {
      const prefix = bucket.split(/[*?]/)[0]!;
      const own = this.places!.resolver ? `${this.places!.namespace}-${this.places!.resolver.id}-` : `${this.places!.namespace}-central-`;
      if (prefix.length === 0 || !prefix.startsWith(own)) this.add(address, "flow", `${attr} names buckets ${text}: a wildcard beyond this ${this.places!.resolver ? "region" : "stack"}'s own names (${own}*) reaches buckets anywhere`);
      return;
    }
    if (this.profile === "central" && this.regionalBucket(bucket)) {
      // Policies are judged by what they allow (central-reach); anywhere else a regional bucket is a place central would write or read.
      if (!inJson) this.add(address, "central-reach", `${attr} names ${bucket}, a regional store: central moves no data into or out of a region`);
      return;
    }
    if (!this.places!.ownBucket(bucket)) this.add(address, "flow", `${attr} names bucket ${bucket} (${text}), which is not a bucket of this ${this.places!.resolver ? "region" : "stack"}: where it is cannot be proven`);
  }

  /** The region a literal ARN in central's policies belongs to: a regional account or AWS region, a wildcard region or account, or a regional name. */
  private regionalArn(arn: string): RegionResolver | undefined {
    if (!arn.startsWith("arn:") || isToken(arn)) return undefined;
    const [, , , region = "", account = "", ...rest] = arn.split(":");
    const resource = rest.join(":");
    const places = this.places!;
    const named = places.regionResolvers.find((r) => resource.includes(`${places.namespace}-${r.id}-`) || resource.includes(`/${places.namespace}/${r.id}/`));
    if (named) return named;
    const byAccount = places.regionResolvers.find((r) => r.region.accountId === account && account !== places.account);
    if (byAccount) return byAccount;
    const byRegion = places.regionResolvers.find((r) => !places.regions.has(region.toLowerCase()) && r.allowedAwsRegions.includes(region.toLowerCase()));
    if (byRegion) return byRegion;
    // A wildcard region reaches every region's resources of that kind (a wildcard account fails RK-RES-002 already).
    if (region.includes("*")) return places.regionResolvers.find((r) => r.region.accountId !== places.account) ?? places.regionResolvers[0];
    return undefined;
  }

  private regionalBucket(name: string): boolean {
    return this.places!.regionResolvers.some((r) => name.startsWith(`${this.places!.namespace}-${r.id}-`));
  }

  // ---- movers ----------------------------------------------------------------------------------

  private destinations(r: TfResource, c: TypeClass): void {
    // The event sink's PrivateLink path to the warehouse account: part of the designed crossing.
    if (r.type === "aws_vpc_endpoint" && warehouseEndpointPart(r, this.ctx.stack, this.ctx.manifest)) {
      this.flows.push({ from: r.address, fromType: r.type, attr: "service_name", to: "warehouse PrivateLink", inside: false, crossing: "event sink PrivateLink" });
      return;
    }
    if (r.type === "aws_vpc_endpoint") this.endpointService(r);
    let seen = 0;
    for (const path of c.to ?? []) {
      for (const value of valuesAt(r.attrs, path)) {
        if (typeof value !== "string" || value === "") continue;
        seen++;
        this.destination(r, path, value);
      }
    }
    // Fail closed: a mover whose destination the configuration does not show (a DMS endpoint whose host
    // lives only in a secret) sends data somewhere no one can check.
    // DMS into DynamoDB writes the endpoint's own account and AWS region (placed by its provider): nothing to name.
    const implied = r.type === "aws_dms_endpoint" && r.attrs.engine_name === "dynamodb";
    if (c.role === "mover" && seen === 0 && c.to && c.to.length > 0 && !c.optionalTo && !implied)
      this.add(r.address, "flow", `destination of ${r.address} cannot be read from configuration (none of ${c.to.join(", ")} is set): set ${c.to[0]} to an in-jurisdiction place, or classify ${r.type} with the attribute that names where its data goes`);
  }

  /**
   * An interface or gateway endpoint reaches AWS services in the jurisdiction (`com.amazonaws.<region>.<service>`).
   * A PrivateLink service (`com.amazonaws.vpce.<region>.vpce-svc-...`) is someone's service: a vendor's or
   * another account's, outside the jurisdiction whatever AWS region it is in, unless it is the manifest's
   * declared warehouse endpoint (handled before this). Lattice service networks and resource
   * configurations must be resources of this stack.
   */
  private endpointService(r: TfResource): void {
    const places = this.places!;
    const name = r.attrs.service_name;
    for (const key of ["service_network_arn", "resource_configuration_arn"])
      if (r.attrs[key] !== undefined && !this.definedHere(r.attrs[key])) this.add(r.address, "flow", `${key} ${String(r.attrs[key])} is not a resource of this stack: what the endpoint reaches cannot be proven in the jurisdiction`);
    if (typeof name !== "string" || isToken(name)) return; // judged as a destination (variables, references)
    const m = /^(?:com\.amazonaws|aws\.[a-z0-9-]+)\.([a-z0-9-]+)\.([a-z0-9.-]+)$/i.exec(name);
    if (!m || !places.regions.has(m[1]!.toLowerCase()) || /(?:^|\.)vpce-svc-/i.test(m[2]!))
      this.add(r.address, "external", `service_name ${name} is not an AWS service endpoint in ${[...places.regions].join(", ")}: a PrivateLink service (vpce-svc) belongs to a third party or another account, so data sent through it leaves the jurisdiction; only the manifest's central.warehouse endpoint is declared`);
  }

  private destination(r: TfResource, attr: string, value: string): void {
    const places = this.places!;
    if (isToken(value)) {
      const refs = referencesIn(value);
      const vars = [...value.matchAll(/\b(var|local|each|count)\.[A-Za-z0-9_-]+/g)].map((m) => m[0]);
      if (vars.length > 0 && this.profile !== "warehouse") {
        this.add(r.address, "flow", `destination ${attr} = ${value} is a ${vars[0]!.split(".")[0]} reference: where the data goes cannot be proven; reference a resource of this stack or a literal in-jurisdiction ARN`);
        this.flows.push({ from: r.address, fromType: r.type, attr, to: value, inside: false });
        return;
      }
      const target = refs.map((a) => this.ctx.byAddress(a)).find(Boolean);
      // A reference to what a store *holds* (a secret's string, a parameter's value, an object's body) is
      // not a place: the destination is that content, judged as a literal when the stack writes it.
      const held = /^\$\{(?:data\.)?[\w]+\.[\w-]+\.([\w]+)/.exec(value)?.[1];
      if (target && held && CONTENT_ATTRS.has(held)) {
        const inner = target.attrs[held];
        if (typeof inner === "string" && !isToken(inner) && inner !== "") return this.destination(r, attr, inner);
        this.add(r.address, "flow", `destination ${attr} = ${value} is what ${target.address} holds, which the configuration does not show: where the data goes cannot be proven; name the destination itself`);
        this.flows.push({ from: r.address, fromType: r.type, attr, to: value, inside: false });
        return;
      }
      if (target) {
        this.intoSanitized(r, attr, target.type === "aws_s3_bucket" ? target.attrs.bucket : undefined);
        const region = target.type.startsWith("aws_") ? this.ctx.effectiveRegion(target) : undefined;
        const inside = !target.type.startsWith("aws_") || (region !== undefined && places.regions.has(region));
        this.flows.push({ from: r.address, fromType: r.type, attr, to: target.address, toType: target.type, inside });
      } else if (refs.length === 0 && value.includes("${") && !/\$\$\{/.test(value)) {
        this.add(r.address, "flow", `destination ${attr} = ${value} is computed by a function: where the data goes cannot be proven`);
      }
      return;
    }
    for (const b of bucketsIn(value)) this.intoSanitized(r, attr, b.bucket);
    if (BUCKET_KEY.test(attr.split(".").pop() ?? "") || /bucket_arn$/.test(attr)) this.intoSanitized(r, attr, value.replace(/^arn:aws:s3:::/, "").split("/")[0]);
    const where = this.placeOf(value);
    if (where.inside) this.nextHop(r, attr, value);
    // A literal bucket of this stack is that bucket, for the graph.
    const bucket = where.inside ? bucketsIn(value).map((b) => this.ctx.ofType("aws_s3_bucket").find((x) => x.attrs.bucket === b.bucket)).find(Boolean) : undefined;
    this.flows.push(bucket ? { from: r.address, fromType: r.type, attr, to: bucket.address, toType: bucket.type, inside: true } : { from: r.address, fromType: r.type, attr, to: where.label, inside: where.inside });
  }

  /**
   * A literal in-account ARN of something that forwards data (a Firehose, a function, a topic...) is judged
   * by where it forwards, which only its definition shows: it must be a resource of this stack (by name) or
   * carry the region's kit name (`<ns>-<id>-`, whose stack defines it); another one is a hidden next hop.
   */
  private nextHop(r: TfResource, attr: string, value: string): void {
    const m = FORWARDER_ARN.exec(value.trim());
    if (!m) return;
    const name = m[3]!;
    const places = this.places!;
    const own = places.resolver ? `${places.namespace}-${places.resolver.id}-` : this.centralMarker;
    if (name.startsWith(own) || this.ctx.resources.some((x) => x.mode === "managed" && (x.attrs.name === name || x.attrs.function_name === name))) return;
    this.add(r.address, "flow", `destination ${attr} = ${value} is a ${m[1]} ${name} this stack does not define: where it forwards the data cannot be proven; define it here (or reference it) or name one of this ${places.resolver ? "region" : "stack"}'s own (${own}...)`);
  }

  /** Where a literal destination is, as far as the configuration says. Problems were recorded by the string scan. */
  private placeOf(value: string): { label: string; inside: boolean } {
    const places = this.places!;
    const regions = regionCodesIn(value);
    if (regions.some((c) => !places.regions.has(c))) return { label: value, inside: false };
    const accounts = accountsIn(value);
    if (accounts.some((a) => !places.accounts.has(a))) return { label: value, inside: false };
    for (const h of hostsIn(value)) if (judgeHost(h.host).place === "external") return { label: h.host, inside: false };
    for (const b of bucketsIn(value)) if (!places.ownBucket(b.bucket)) return { label: `s3://${b.bucket}`, inside: false };
    return { label: value.length > 60 ? `${value.slice(0, 57)}...` : value, inside: true };
  }

  private snsSubscription(r: TfResource): void {
    const protocol = String(r.attrs.protocol ?? "");
    const endpoint = String(r.attrs.endpoint ?? "");
    if (["email", "email-json", "sms"].includes(protocol)) this.add(r.address, "external", `subscription protocol ${protocol} delivers messages to ${endpoint}, outside AWS`);
    if (["http", "https"].includes(protocol) && !isToken(endpoint) && hostsIn(endpoint).length === 0) this.add(r.address, "external", `subscription endpoint ${endpoint} cannot be read as a URL in the jurisdiction`);
    if (protocol === "application") this.add(r.address, "external", "mobile push (application) delivers messages to devices, outside the jurisdiction");
  }

  private firehose(r: TfResource): void {
    for (const block of ["http_endpoint_configuration", "snowflake_configuration", "splunk_configuration", "mongodb_configuration"]) {
      if (r.attrs[block] !== undefined) this.add(r.address, "external", `Firehose delivers through ${block}, outside AWS`);
    }
  }

  /** Kafka Connect connectors (MSK Connect or Strimzi): in-region classes only; the Snowflake sink is the designed crossing. */
  private connector(r: TfResource, cls: string, config: Record<string, any>): void {
    const topics = String(config.topics ?? config["topics.regex"] ?? "");
    if (cls === EVENT_SINK_CONNECTOR_CLASS) {
      const crossing = designedCrossing(r, this.ctx.stack);
      this.add(r.address, "external", `connector ${cls} streams topics ${topics || "(none named)"} to Snowflake, outside AWS${crossing ? "" : ": not the designed event sink (it must ship exactly <id>.events into the region's own events table)"}`);
      this.flows.push({ from: r.address, fromType: r.type, attr: "connector_configuration", to: `warehouse ${String(config["snowflake.database.name"] ?? "?")}.${String(config["snowflake.schema.name"] ?? "?")} (${String(config["snowflake.topic2table.map"] ?? topics)})`, inside: false, crossing: crossing ? "event sink" : undefined });
      return;
    }
    if (!IN_REGION_CONNECTOR_CLASSES.includes(cls)) {
      this.add(r.address, "kubernetes", `connector class ${cls || "(none)"} is not an in-region class (${IN_REGION_CONNECTOR_CLASSES.join(", ")}): where it sends data cannot be proven`);
      this.flows.push({ from: r.address, fromType: r.type, attr: "class", to: cls || "unknown connector", inside: false });
      return;
    }
    const host = String(config["database.hostname"] ?? "");
    const source = isToken(host) ? referencesIn(host).find((a) => this.ctx.byAddress(a)) : undefined;
    if (host && !source && !isToken(host)) this.host(r.address, "database.hostname", host, host);
    if (host && isToken(host) && !source) this.add(r.address, "flow", `database.hostname ${host} is not a database of this stack: the source cannot be proven`);
    this.flows.push({ from: r.address, fromType: r.type, source, attr: "topics", to: "aws_msk_cluster (Kafka)", toType: "aws_msk_cluster", inside: true });
  }

  // ---- principals ------------------------------------------------------------------------------

  private principals(r: TfResource): void {
    const places = this.places!;
    if (this.profile === "warehouse" || this.profile === "edge") return;
    const crossBoundaryRole = r.type === "aws_iam_role" && this.declaredCrossBoundary(r) !== undefined;
    for (const doc of policiesIn(r)) {
      if (doc.kind === "trust" && crossBoundaryRole) continue; // judged with its capabilities (RK-RES-021)
      for (const st of doc.statements) {
        this.statementPrincipals(r, doc, st, places);
        if (doc.kind === "identity" && this.profile !== "central") this.egress(r, doc, st);
      }
    }
    if (r.type === "aws_s3_bucket_acl" || r.type === "aws_s3_object" || r.type === "aws_s3_bucket") this.aclGrantees(r);
    for (const { attr, value } of loosePrincipals(r)) {
      const v = judgePrincipal(value, this.ctx, places);
      if (v === "own" || v === "service") continue;
      if (attr === "principal" && /^\d{12}$/.test(value) === false && v === "foreign" && r.type === "aws_lambda_permission" && /\.amazonaws\.com$/.test(value)) continue;
      this.add(r.address, "principal", `${attr} ${value} is ${describe(v)}: only this ${this.profile === "central" ? "stack" : "region"}'s account (${places.account}) or an AWS service may be granted`);
    }
  }

  /**
   * A regional identity policy that may send data anywhere: an egress action on `*`, on an ARN with a
   * wildcard region or account, or through NotResource/NotAction (read as complements).
   */
  private egress(r: TfResource, doc: PolicyDoc, st: Statement): void {
    if (st.effect !== "Allow") return;
    // Delivery to people (email, SMS, voice, push) leaves AWS whatever resource the statement names.
    const outside = OUTSIDE_ACTIONS.filter((a) => st.actions.some((p) => actionMatches(p, a)) || (st.notActions.length > 0 && !st.notActions.some((p) => actionMatches(p, a))));
    if (outside.length) this.add(r.address, "external", `${doc.attr} allows ${outside.slice(0, 3).join(", ")}${outside.length > 3 ? "..." : ""}: it delivers data to addresses outside AWS; remove it`);
    const egress = EGRESS_ACTIONS.filter((a) => st.actions.some((p) => actionMatches(p, a)) || (st.notActions.length > 0 && !st.notActions.some((p) => actionMatches(p, a))));
    // Any other write (not a read verb, not a control action of the own account) reaches the resource it names too.
    const writes = st.notActions.length > 0 ? ["NotAction (everything else)"] : st.actions.filter((p) => !READ_ACTION.test(p) && !CONTROL_ON_ANY.some((c) => c.toLowerCase() === p.toLowerCase()) && !egress.some((a) => actionMatches(p, a)));
    const actions = [...egress, ...writes];
    if (actions.length === 0) return;
    const broad = st.notResources.length > 0 ? ["NotResource (everything else)"] : st.resources.filter((res) => res === "*" || arnsIn(res).some((a) => a.region.includes("*") || a.account.includes("*")));
    if (broad.length) this.add(r.address, "flow", `${doc.attr} allows ${actions.slice(0, 3).join(", ")}${actions.length > 3 ? "..." : ""} on ${broad.join(", ")}: data could be sent anywhere; name this region's resources`);
  }

  private statementPrincipals(r: TfResource, doc: PolicyDoc, st: Statement, places: Places): void {
    if (st.effect !== "Allow" || !st.principals) return;
    const broad = st.notPrincipal || Object.values(st.principals).some((ids) => ids.includes("*"));
    // A VPC endpoint policy filters what passes the endpoint (IAM still decides who): `*` is its norm.
    if (broad && ENDPOINT_POLICY_TYPES.has(r.type)) return;
    if (broad) {
      if (!boundedToOwnAccount(st, places))
        this.add(r.address, "principal", `${doc.attr} allows ${st.notPrincipal ? "NotPrincipal (everyone else)" : "Principal *"} without bounding it to account ${places.account} (aws:PrincipalAccount or aws:SourceAccount); an organisation condition is not enough`);
      return;
    }
    for (const [type, ids] of Object.entries(st.principals)) {
      for (const id of ids) {
        if (type === "Federated" && /^(cognito-identity\.amazonaws\.com)$/.test(id)) {
          // Without an audience condition any identity pool (of any account) can assume it.
          if (!literalCondition(st, "cognito-identity.amazonaws.com:aud")) this.add(r.address, "principal", `${doc.attr} trusts cognito-identity.amazonaws.com without a literal cognito-identity.amazonaws.com:aud condition: any identity pool could assume it; bound it to this region's pool`);
          continue;
        }
        // An OIDC provider's ARN names its issuer; a literal `sub` then says which of its subjects may assume.
        const oidc = type === "Federated" ? /:oidc-provider\/(.+)$/.exec(id) : null;
        if (oidc && !boundedSubject(st, `${oidc[1]}:sub`)) this.add(r.address, "principal", `${doc.attr} trusts the OIDC provider ${oidc[1]} without a literal ${oidc[1]}:sub condition naming a subject (not \`*\` or \`repo:*\`): any subject of that issuer could assume it`);
        // A SAML provider's name says nothing of who its identity provider is (its metadata does): only one defined here can be read.
        const saml = type === "Federated" && !id.includes("${") ? /^arn:aws:iam::\d{12}:saml-provider\/(.+)$/.exec(id) : null;
        if (saml && !this.ctx.ofType("aws_iam_saml_provider").some((p) => p.mode === "managed" && p.attrs.name === saml[1]))
          this.add(r.address, "principal", `${doc.attr} trusts the SAML provider ${saml[1]}, which this stack does not define: who its identity provider is (its metadata) cannot be read; define it here as aws_iam_saml_provider and reference it`);
        // A service acting for a data store's resource policy must act for this account (confused deputy: a service serves every account).
        if (type === "Service" && doc.kind === "resource" && this.classes.get(r.address)?.role !== "mover" && DATA_POLICY_TYPES.has(r.type) && !boundedToOwnAccount(st, places) && !this.ownLogPath(st))
          this.add(r.address, "principal", `${doc.attr} grants the service ${id} without aws:SourceAccount / aws:SourceArn bound to account ${places.account}: the service acts for every account`);
        if (type === "CanonicalUser") {
          this.add(r.address, "principal", `${doc.attr} grants S3 canonical user ${id}: another account's identity`);
          continue;
        }
        if (type === "AWS" && places.logDeliveryAccounts.has(/^(?:arn:aws:iam::)?(\d{12})(?::root)?$/.exec(id)?.[1] ?? "") && this.bucketPolicyLike(r)) {
          this.logDelivery(r, doc, st, id);
          continue;
        }
        // A declared cross-boundary role named by another policy: a resource policy may grant it only what
        // its capability allows, and no role may trust it (chaining would carry its access further).
        const boundary = type === "AWS" ? this.boundaryRoleNamed(id) : undefined;
        if (boundary) {
          if (doc.kind === "trust") this.add(r.address, "cross-boundary", `${doc.attr} trusts the ${boundary} role: role chaining carries a cross-boundary role's access further; only its own policy decides what it may do`);
          else this.capability(r.address, boundary, st);
          continue;
        }
        const v = judgePrincipal(id, this.ctx, places);
        if (v === "own" || (v === "service" && type !== "AWS")) continue;
        if (type === "Federated" && v === "foreign" && !/^arn:aws:iam::/.test(id)) {
          this.add(r.address, "principal", `${doc.attr} trusts identity provider ${id}, outside this account`);
          continue;
        }
        this.add(r.address, "principal", `${doc.attr} ${doc.kind === "trust" ? "trusts" : "grants"} ${id}, ${describe(v)}: only this ${this.profile === "central" ? "stack" : "region"}'s account (${places.account}), an AWS service or a declared cross-boundary role may`);
      }
    }
  }

  /**
   * The sanitized export is what crosses to the warehouse, so only the sanitize job writes it (its job
   * specification) and only warehouse-read reads it (its role and policies, RK-RES-021). Anything else
   * naming it (an Athena UNLOAD, a Firehose, a DMS target) could put unsanitized data where it crosses.
   */
  private exportAllowed(resource: TfResource | undefined): boolean {
    const r = this.places?.resolver;
    if (!resource || !r) return false;
    if (resource.type === "aws_ssm_parameter") return resource.attrs.name === r.jobSpecParameter("sanitize");
    if (resource.type === "aws_iam_role") return this.declaredCrossBoundary(resource) === "warehouse-read";
    if (resource.type === "aws_iam_role_policy") {
      const role = String(resource.attrs.role ?? "");
      return role === r.warehouseReadRoleName || referencesIn(role).some((a) => { const x = this.ctx.byAddress(a); return x !== undefined && this.declaredCrossBoundary(x) === "warehouse-read"; });
    }
    return false;
  }

  /** A mover delivering into the sanitized bucket could put unsanitized data where it crosses: only the sanitize job writes it. */
  private intoSanitized(r: TfResource, attr: string, bucket: unknown): void {
    const resolver = this.places?.resolver;
    if (this.profile !== "data" || !resolver || typeof bucket !== "string" || this.classes.get(r.address)?.role !== "mover") return;
    if (bucket === resolver.lakeBucket("sanitized")) this.add(r.address, "flow", `${attr} delivers into the sanitized bucket ${bucket}: what lands there crosses to the warehouse, so only the sanitize job writes it`);
  }

  /**
   * The sanitized export named in two attributes of one block: a bucket key naming the sanitized bucket and a
   * sibling prefix, key or path under `export` (`output_location { s3_bucket_name, s3_key_prefix }`, Glue's
   * `--output_bucket` / `--output_prefix`). The same writer as `<sanitized>/export` in one string.
   */
  private exportPair(address: string, resource: TfResource, o: Record<string, unknown>, path: Path | undefined): void {
    const bucket = this.sanitizedBucket;
    const keys = Object.keys(o);
    const bucketKey = keys.find((k) => o[k] === bucket && BUCKET_KEY.test(k.replace(/^-+/, "")));
    // This runs for every object of a data stack: whether the resource may write the export is asked last.
    if (!bucketKey || this.exportAllowed(resource)) return;
    for (const k of keys) {
      const v = o[k];
      if (k !== bucketKey && /(?:prefix|key|path)$/i.test(k) && typeof v === "string" && /^\/?export(?:\/|$)/.test(v))
        this.add(address, "flow", `${[...(path ?? []), bucketKey].join(".")} = ${bucket} with ${k} = ${v} names the sanitized export: only the sanitize job writes what crosses to the warehouse, and only warehouse-read reads it`);
    }
  }

  /** The region's sanitized lake bucket (what crosses to the warehouse), built once per stack. */
  private get sanitizedBucket(): string {
    return (this.sanitized ??= this.places!.resolver!.lakeBucket("sanitized"));
  }
  private sanitized?: string;

  private exportWriter(address: string, attr: string, text: string): void {
    const bucket = this.sanitizedBucket;
    if (text.includes(`${bucket}/export`)) this.add(address, "flow", `${attr || "(value)"} names the sanitized export (${bucket}/export/): only the sanitize job writes what crosses to the warehouse, and only warehouse-read reads it`);
  }

  /** S3 ACLs grant like policies: only the owner, AWS's log delivery group; no canned public ACL. */
  private aclGrantees(r: TfResource): void {
    const canned = r.attrs.acl;
    if (typeof canned === "string" && /public|authenticated/i.test(canned)) this.add(r.address, "principal", `acl ${canned} grants every AWS user or everyone`);
    const owner = valuesAt(r.attrs, "access_control_policy.owner.id")[0];
    for (const g of valuesAt(r.attrs, "access_control_policy.grant.grantee") as Array<Record<string, unknown>>) {
      const type = String(g?.type ?? "");
      if (type === "CanonicalUser" && g.id !== owner) this.add(r.address, "principal", `ACL grants canonical user ${String(g.id)}, which is not the bucket owner: another account's identity`);
      else if (type === "Group" && g.uri !== LOG_DELIVERY_GROUP) this.add(r.address, "principal", `ACL grants group ${String(g.uri)}: everyone or every AWS user`);
      else if (type === "AmazonCustomerByEmail") this.add(r.address, "principal", `ACL grants ${String(g.email_address)}: another account's identity`);
    }
    // The legacy inline `grant` blocks of aws_s3_bucket: the owner is named only through data.aws_canonical_user_id.
    for (const g of valuesAt(r.attrs, "grant") as Array<Record<string, unknown>>) {
      const type = String(g?.type ?? "");
      if (type === "CanonicalUser" && !/^\$\{data\.aws_canonical_user_id\.[\w-]+\.id\}$/.test(String(g.id))) this.add(r.address, "principal", `grant to canonical user ${String(g.id)} cannot be proven to be the bucket owner: another account's identity; name the owner through data.aws_canonical_user_id`);
      else if (type === "Group" && g.uri !== LOG_DELIVERY_GROUP) this.add(r.address, "principal", `grant to group ${String(g.uri)}: everyone or every AWS user`);
    }
  }

  /** A bucket policy, or a policy document of this stack that a bucket policy uses as its policy. */
  private bucketPolicyLike(r: TfResource | undefined): boolean {
    if (!r) return false;
    if (BUCKET_POLICY_TYPES.has(r.type)) return true;
    if (r.type !== "aws_iam_policy_document" || r.mode !== "data") return false;
    const json = `\${${r.address}.json}`;
    return [...BUCKET_POLICY_TYPES].some((t) => this.ctx.ofType(t).some((p) => p.attrs.policy === json));
  }

  /**
   * Log delivery by a service into this account's own log path: only `s3:PutObject` on objects under
   * `AWSLogs/<own account>/` of this stack's buckets (where AWS delivers an account's logs, so another
   * account's delivery cannot land there).
   */
  private ownLogPath(st: Statement): boolean {
    const places = this.places!;
    const inPath = (res: string) => {
      if (!res.includes(`/AWSLogs/${places.account}/`)) return false;
      const ref = /^\$\{(aws_s3_bucket\.[\w-]+)\.arn\}\//.exec(res);
      if (ref) return this.ctx.byAddress(ref[1]!) !== undefined;
      const b = bucketsIn(res)[0];
      return b !== undefined && res.startsWith("arn:aws:s3:::") && places.ownBucket(b.bucket);
    };
    return st.notActions.length === 0 && st.notResources.length === 0 && st.actions.length > 0 && st.actions.every((a) => a.toLowerCase() === "s3:putobject") && st.resources.length > 0 && st.resources.every(inPath);
  }

  /**
   * The ELB log-delivery account of one of the stack's AWS regions writes access logs into a bucket of
   * this stack: `s3:PutObject` on that bucket's objects and nothing else (the delivery pattern AWS documents).
   */
  private logDelivery(r: TfResource, doc: PolicyDoc, st: Statement, id: string): void {
    const places = this.places!;
    const ownObject = (res: string) => {
      const ref = /^\$\{(aws_s3_bucket\.[\w-]+)\.arn\}\/.+$/.exec(res);
      if (ref) return this.ctx.byAddress(ref[1]!) !== undefined;
      const b = bucketsIn(res)[0];
      return b !== undefined && res.startsWith("arn:aws:s3:::") && places.ownBucket(b.bucket) && b.key.length > 0;
    };
    const putOnly = st.notActions.length === 0 && st.actions.length > 0 && st.actions.every((a) => a.toLowerCase() === "s3:putobject");
    if (!putOnly || st.notResources.length > 0 || st.resources.length === 0 || !st.resources.every(ownObject))
      this.add(r.address, "principal", `${doc.attr} grants the ELB log-delivery account ${id} ${st.actions.join(", ") || "NotAction"} on ${st.resources.join(", ") || "NotResource"}: it may only s3:PutObject access logs into this stack's own buckets`);
  }

  /** Which declared cross-boundary role a principal names (its ARN, or a reference to the role in this stack). */
  private boundaryRoleNamed(id: string): "orchestrator-access" | "warehouse-read" | undefined {
    const r = this.places?.resolver;
    if (!r || this.profile !== "data") return undefined;
    const ref = /^\$\{(aws_iam_role\.[\w-]+)\.arn\}$/.exec(id);
    if (ref) {
      const role = this.ctx.byAddress(ref[1]!);
      return role ? this.declaredCrossBoundary(role) : undefined;
    }
    const name = /^arn:aws:(?:iam|sts)::\d{12}:(?:role|assumed-role)\/(?:[^/]*\/)*([^/]+)/.exec(id)?.[1];
    return name === r.orchestratorAccessRoleName ? "orchestrator-access" : name === r.warehouseReadRoleName ? "warehouse-read" : undefined;
  }

  private declaredCrossBoundary(role: TfResource): "orchestrator-access" | "warehouse-read" | undefined {
    const r = this.places?.resolver;
    if (!r || this.profile !== "data") return undefined;
    if (role.attrs.name === r.orchestratorAccessRoleName) return "orchestrator-access";
    if (role.attrs.name === r.warehouseReadRoleName) return "warehouse-read";
    return undefined;
  }

  // ---- cross-boundary roles (data-<id>) -------------------------------------------------------------

  private crossBoundaryRoles(): void {
    const places = this.places!;
    const r = places.resolver!;
    for (const role of this.ctx.ofType("aws_iam_role")) {
      if (role.mode !== "managed") continue;
      const which = this.declaredCrossBoundary(role);
      if (!which) continue;
      this.boundaryRoles.push({ address: role.address, which });
      const trust = policiesIn(role).filter((d) => d.kind === "trust").flatMap((d) => d.statements);
      for (const st of trust.filter((s) => s.effect === "Allow")) {
        if (st.notPrincipal || !st.principals) {
          this.add(role.address, "cross-boundary", `${which} trust uses NotPrincipal or no principal`);
          continue;
        }
        for (const [type, ids] of Object.entries(st.principals)) {
          for (const id of ids) {
            const v = judgePrincipal(id, this.ctx, places);
            if (id === "*" || type === "*") this.add(role.address, "cross-boundary", `${which} trusts Principal *`);
            else if (type !== "AWS") this.add(role.address, "cross-boundary", `${which} trusts ${type} ${id}; it is assumed by an AWS principal only`);
            else if (which === "orchestrator-access" && !(v === "own" || v === "central" || (v === "variable" && /^\$\{var\.[A-Za-z0-9_]+\}$/.test(id))))
              this.add(role.address, "cross-boundary", `orchestrator-access trusts ${id}: only the central orchestrator (account ${this.ctx.manifest.central.accountId}, role ${places.namespace}-central-*) or the declared variable may assume it`);
          }
        }
        if (which === "warehouse-read" && !Object.values(st.conditions).some((byKey) => (byKey["sts:externalid"] ?? []).includes(r.warehouseExternalId)))
          this.add(role.address, "cross-boundary", `warehouse-read trust has no sts:ExternalId condition equal to ${r.warehouseExternalId} (confused-deputy guard)`);
      }
      if (Array.isArray(role.attrs.managed_policy_arns) && role.attrs.managed_policy_arns.length > 0) this.add(role.address, "cross-boundary", `${which} has managed policies ${role.attrs.managed_policy_arns.join(", ")}: a cross-boundary role has only its own narrow inline policy`);
      for (const st of this.attachedStatements(role)) this.capability(role.address, which, st);
    }
  }

  /** Statements of every policy attached to a role: inline blocks, role policies, and attached in-stack policies (managed ones fail). */
  private attachedStatements(role: TfResource): Statement[] {
    const out: Statement[] = policiesIn(role).filter((d) => d.kind === "identity").flatMap((d) => d.statements);
    const name = role.attrs.name;
    const refersToRole = (v: unknown) => typeof v === "string" && (v === name || referencesIn(v).includes(role.address));
    for (const p of this.ctx.ofType("aws_iam_role_policy")) if (refersToRole(p.attrs.role)) out.push(...policiesIn(p).flatMap((d) => d.statements));
    for (const type of ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment"]) {
      for (const att of this.ctx.ofType(type)) {
        const roles = type === "aws_iam_role_policy_attachment" ? [att.attrs.role] : ((att.attrs.roles as unknown[]) ?? []);
        if (!roles.some(refersToRole)) continue;
        const arn = String(att.attrs.policy_arn ?? "");
        const policy = referencesIn(arn).map((a) => this.ctx.byAddress(a)).find((p) => p?.type === "aws_iam_policy");
        if (policy) out.push(...policiesIn(policy).flatMap((d) => d.statements));
        else this.add(role.address, "cross-boundary", `attached policy ${arn} cannot be read here: a cross-boundary role has only policies this stack defines`);
      }
    }
    return out;
  }

  private capability(at: string, which: "orchestrator-access" | "warehouse-read", st: Statement): void {
    if (st.effect !== "Allow") return;
    const places = this.places!;
    const r = places.resolver!;
    const fail = (detail: string) => this.add(at, "cross-boundary", `${which}: ${detail}`);
    if (st.notActions.length || st.notResources.length) return fail("uses NotAction/NotResource, which allows everything else");
    const regions = [...places.regions].join("|");
    const acct = places.account;
    const ns = places.namespace;
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const sanitizedRef = (res: string, suffix: RegExp) => {
      const bucketName = r.lakeBucket("sanitized");
      const lit = new RegExp(`^arn:aws:s3:::${esc(bucketName)}${suffix.source}$`);
      if (lit.test(res)) return true;
      const m = /^\$\{(aws_s3_bucket\.[A-Za-z0-9_-]+)\.arn\}(.*)$/.exec(res);
      return !!m && this.ctx.byAddress(m[1]!)?.attrs.bucket === bucketName && new RegExp(`^${suffix.source}$`).test(m[2]!);
    };
    for (const action of st.actions) {
      const a = action.toLowerCase();
      const resources = st.resources;
      const allOk = (test: (res: string) => boolean) => resources.length > 0 && resources.every(test);
      if (which === "orchestrator-access") {
        if (["elasticmapreduce:addjobflowsteps", "elasticmapreduce:describecluster", "elasticmapreduce:describestep", "elasticmapreduce:liststeps"].includes(a)) {
          if (!allOk((res) => new RegExp(`^arn:aws:elasticmapreduce:(${regions}):${acct}:cluster/[A-Za-z0-9*-]+$`).test(res))) fail(`${action} on ${resources.join(", ")}: only this region's EMR clusters`);
        } else if (a === "ssm:getparameter" || a === "ssm:getparameters") {
          if (!allOk((res) => new RegExp(`^arn:aws:ssm:(${regions}):${acct}:parameter/${esc(ns)}/${esc(r.id)}/spark/[A-Za-z0-9/_.-]+$`).test(res))) fail(`${action} on ${resources.join(", ")}: only the job specifications under /${ns}/${r.id}/spark/`);
        } else if (a === "iam:passrole") {
          const passedToEmr = Object.values(st.conditions).some((byKey) => (byKey["iam:passedtoservice"] ?? []).every((s) => s === "elasticmapreduce.amazonaws.com") && (byKey["iam:passedtoservice"] ?? []).length > 0);
          if (!allOk((res) => new RegExp(`^arn:aws:iam::${acct}:role/${esc(r.name("spark-job", [], "iamRole"))}-[a-z-]+$`).test(res)) || !passedToEmr) fail(`${action} on ${resources.join(", ")}: only this region's Spark job roles, passed to EMR`);
        } else fail(`${action} is beyond adding and describing EMR steps and reading job specifications`);
      } else {
        if (a === "s3:getobject" || a === "s3:getobjectversion") {
          if (!allOk((res) => sanitizedRef(res, /\/export\/[^*]*\*?/))) fail(`${action} on ${resources.join(", ")}: only the sanitized export (${r.sanitizedExportPath})`);
        } else if (a === "s3:listbucket") {
          const prefixes = Object.values(st.conditions).flatMap((byKey) => byKey["s3:prefix"] ?? []);
          if (!allOk((res) => sanitizedRef(res, /\/?/)) || prefixes.length === 0 || !prefixes.every((p) => p.startsWith("export/"))) fail(`${action} on ${resources.join(", ")}: only the sanitized bucket with an s3:prefix condition under export/`);
        } else if (a === "s3:getbucketlocation") {
          if (!allOk((res) => sanitizedRef(res, /\/?/))) fail(`${action} on ${resources.join(", ")}: only the sanitized bucket`);
        } else if (a === "kms:decrypt") {
          const via = Object.values(st.conditions).flatMap((byKey) => byKey["kms:viaservice"] ?? []);
          if (via.length === 0 || !via.every((v) => new RegExp(`^s3\\.(${regions})\\.amazonaws\\.com$`).test(v))) fail("kms:Decrypt without a kms:ViaService condition limiting it to S3 in this region");
        } else fail(`${action} is beyond reading the sanitized export`);
      }
    }
  }

  // ---- central ---------------------------------------------------------------------------------

  /** Central: identity policies may reach a region only as the orchestrator does; movers never reach a regional store. */
  private centralReach(): void {
    const samples = regionalSamples(this.places!).sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
    // Samples a resource pattern could match: those starting with its literal prefix (binary search), so
    // the cost does not grow with regions × statements.
    const candidates = (pattern: string) => {
      const prefix = pattern.split(/[*?]/)[0]!;
      let lo = 0;
      let hi = samples.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (samples[mid]!.arn < prefix) lo = mid + 1;
        else hi = mid;
      }
      const out: typeof samples = [];
      for (let i = lo; i < samples.length && samples[i]!.arn.startsWith(prefix); i++) out.push(samples[i]!);
      return out;
    };
    for (const r of this.ctx.resources) {
      for (const doc of policiesIn(r)) {
        // A resource policy's `*` is the resource itself (a key policy); identity policies are what central's roles may do.
        if (doc.kind !== "identity") continue;
        const reached = new Set<string>();
        for (const st of doc.statements) {
          if (st.effect !== "Allow") continue;
          const pool = st.notResources.length ? samples : [...new Set(st.resources.flatMap(candidates))];
          for (const s of pool) if (s.actions.some((a) => allows(st, a, s.arn))) reached.add(`${s.what} (${s.arn})`);
          // On `*` (or everything but some resources) only the calls central needs there, exactly.
          if (st.notResources.length > 0 || st.resources.includes("*")) {
            const beyond = st.notActions.length > 0 ? [`NotAction ${st.notActions.join(",")}`] : st.actions.filter((a) => !CENTRAL_ON_ANY.some((c) => c.toLowerCase() === a.toLowerCase()));
            if (beyond.length) reached.add(`${beyond.join(",")} on ${st.notResources.length ? "NotResource" : "*"} (only ${CENTRAL_ON_ANY.join(", ")} may name *)`);
          }
          // Whatever the action: on a regional ARN central may only run the orchestrator's path.
          for (const arn of st.resources) {
            const rr = this.regionalArn(arn);
            if (rr && !orchestratorPath(st, arn, rr, this.places!.namespace)) reached.add(`${st.notActions.length ? `NotAction ${st.notActions.join(",")}` : st.actions.join(",")} on ${arn}`);
          }
        }
        if (reached.size) this.add(r.address, "central-reach", `${doc.attr} allows ${[...reached].slice(0, 3).join("; ")}${reached.size > 3 ? ` and ${reached.size - 3} more` : ""}: central may only submit EMR steps, read job specs and assume the regions' orchestrator-access roles`);
      }
      const c = this.classes.get(r.address);
      if (c?.role !== "mover") continue;
      const places = this.places!;
      for (const f of this.flows.filter((x) => x.from === r.address && !x.toType)) {
        // A literal destination of a central mover: in a region's account or AWS region, or named like a region's resource.
        const regional =
          regionCodesIn(f.to).some((c) => !places.regions.has(c)) ||
          accountsIn(f.to).some((a) => !places.accounts.has(a)) ||
          bucketsIn(f.to).some((b) => this.regionalBucket(b.bucket)) ||
          places.regionResolvers.some((rr) => f.to.includes(`${places.namespace}-${rr.id}-`) || f.to.includes(`/${places.namespace}/${rr.id}/`));
        if (regional) this.add(r.address, "central-reach", `${f.attr} sends to ${f.to}, a regional place: central moves no data into or out of a region`);
      }
    }
  }

  // ---- warehouse -------------------------------------------------------------------------------

  private warehouse(): void {
    const places = this.places!;
    const exports = places.regionResolvers.map((r) => ({ r, path: r.sanitizedExportPath, role: r.warehouseReadRoleArn }));
    const locals = (this.ctx.json.locals ?? {}) as Record<string, unknown>;
    const checkLocation = (address: string, attr: string, value: string) => {
      const uri = value.replace(/^arn:aws:s3:::/, "s3://");
      if (!exports.some((e) => uri.toLowerCase().startsWith(e.path))) this.add(address, "warehouse-path", `${attr} = ${value} is not under a region's sanitized export (${exports.map((e) => e.path).join(", ")})`);
    };
    // Snowflake objects name locations by name too: a stage (`@DB.SCHEMA.STAGE` in a statement), an external
    // volume, a storage integration. Only this stack's own objects are judged, so only they may be named.
    const own = (types: readonly string[]) =>
      new Set(this.ctx.resources.filter((r) => r.mode === "managed" && types.includes(r.type)).flatMap((r) => expandEach(r, locals).map((i) => String(i?.name ?? "").toUpperCase())));
    const named = { stage: own(["snowflake_stage"]), external_volume: own(["snowflake_external_volume"]), storage_integration: own(["snowflake_storage_integration"]) };
    const namedObject = (address: string, path: string, kind: keyof typeof named, value: string) => {
      if (!isToken(value) && !named[kind].has(value.split(".").pop()!.replace(/"/g, "").toUpperCase()))
        this.add(address, "warehouse-path", `${path} names the ${kind.replace("_", " ")} ${value}, which this stack does not define: where it reads or writes cannot be proven`);
    };
    for (const r of this.ctx.resources) {
      if (r.mode !== "managed") continue;
      // A share hands objects to other Snowflake accounts, wherever they are.
      for (const k of ["to_share", "share_name", "shares"]) if (r.attrs[k] !== undefined) this.add(r.address, "warehouse-path", `${k} ${JSON.stringify(r.attrs[k])} grants to a share: shares give the warehouse's data to other Snowflake accounts`);
      for (const inst of expandEach(r, locals)) {
        if (inst === undefined) {
          this.add(r.address, "warehouse-path", `for_each ${String(r.attrs.for_each)} cannot be resolved: its locations cannot be proven`);
          continue;
        }
        const visit = (v: unknown, path: string) => {
          if (typeof v === "string") {
            const key = path.split(".").pop()!;
            if (key === "external_volume" || key === "storage_integration") namedObject(r.address, path, key, v);
            // Snowflake's own catalog keeps Iceberg metadata in Snowflake; any other catalog is an integration elsewhere.
            if (key === "catalog" && !isToken(v) && v.toUpperCase() !== "SNOWFLAKE") this.add(r.address, "warehouse-path", `${path} names the catalog ${v}: an external catalog keeps the table's location outside this stack`);
            for (const m of v.matchAll(/(?:^|[\s(,])@([A-Za-z_"][\w$"]*(?:\.[A-Za-z_"][\w$"]*){0,2})/g)) namedObject(r.address, path, "stage", m[1]!);
            if (isToken(v) && /\$\{(?:var|each|local)\./.test(v) && /(url|location|role_arn|path)/.test(path)) this.add(r.address, "warehouse-path", `${path} = ${v} cannot be resolved: its location cannot be proven`);
            for (const m of v.matchAll(/\b(?:s3[an]?|azure|gcs|https?):\/\/[^\s'"),]+|arn:aws[a-z-]*:s3:::[^\s'"),]+/gi)) {
              if (/^(azure|gcs|https?):/i.test(m[0])) this.add(r.address, "warehouse-path", `${path} names ${m[0]}: the warehouse reads only the regions' sanitized exports`);
              else checkLocation(r.address, path, m[0]);
            }
            for (const arn of arnsIn(v)) if (arn.service === "iam" && !exports.some((e) => e.role === arn.text.replace(/:$/, "") || arn.text + "" === e.role || `${arn.text}` === e.role || `arn:aws:iam::${arn.account}:${arn.resource}` === e.role))
              this.add(r.address, "warehouse-path", `${path} names ${arn.text}${arn.resource}: the warehouse may assume only the regions' warehouse-read roles`);
          } else if (Array.isArray(v)) v.forEach((x) => visit(x, path));
          else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) if (k !== "comment" && k !== "//") visit(x, path ? `${path}.${k}` : k);
        };
        visit(inst, "");
        const allowed = (inst as Record<string, unknown>).storage_allowed_locations;
        if (r.type === "snowflake_storage_integration") {
          const locs = Array.isArray(allowed) ? allowed.map(String) : [];
          if (locs.length === 0) this.add(r.address, "warehouse-path", "storage_allowed_locations is empty or not a list: name the region's sanitized export");
          for (const l of locs) if (l === "*" || !/^s3/.test(l)) checkLocation(r.address, "storage_allowed_locations", l);
          if ((inst as any).storage_provider && !/^s3$/i.test(String((inst as any).storage_provider))) this.add(r.address, "warehouse-path", `storage_provider ${(inst as any).storage_provider}: the warehouse reads only S3 exports`);
        }
        if (r.type === "snowflake_stage" || r.type === "snowflake_external_table") {
          const url = (inst as any).url ?? (inst as any).location;
          if (typeof url === "string" && url.length && !/^@/.test(url)) checkLocation(r.address, "url", url);
        }
      }
      if (r.type === "snowflake_pipe" || r.type === "snowflake_stage" || r.type === "snowflake_storage_integration") this.flows.push({ from: r.address, fromType: r.type, attr: "url", to: "sanitized export", inside: true, crossing: "sanitized export" });
    }
  }

  // ---- edge ------------------------------------------------------------------------------------

  /**
   * The edge sends each workspace to its own region, so every place of a region it names must sit where
   * that region is served: a string under a key that is a region id (the worker's ROUTES table
   * `endpoints.eu`), in a KV entry whose key is a region id, or in a DNS record named for the region
   * (its declared host, or a name with the region id as a label). There it may name only that region's
   * declared hosts, its own AWS regions, account and kit names; a DNS record of a region must point at
   * that region's own endpoint (its declared host or an AWS endpoint in its AWS regions). A region's
   * place named where no region is bound (a catch-all record, an unkeyed table) fails closed: which
   * region's workspaces it serves cannot be told.
   */
  private edgeRouting(): void {
    const places = this.places!;
    const ns = places.namespace;
    const regions = places.regionResolvers;
    const hostOwner = new Map<string, RegionResolver>();
    for (const r of regions) for (const h of [r.region.eventHostname, r.internalEventHostname]) if (h) hostOwner.set(h.toLowerCase(), r);
    const byId = new Map(regions.map((r) => [r.id, r]));
    const hostPattern = hostOwner.size ? new RegExp(`(?<![\\w.-])(${[...hostOwner.keys()].map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?![\\w-]|\\.[a-z0-9])`, "gi") : undefined;
    const kitName = new RegExp(`(?<![a-z0-9])${ns.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-([a-z0-9]+)-`, "gi");
    /** The places of regions a text names: declared hosts, AWS region codes, accounts and kit names, each with the regions it belongs to. */
    const placesIn = (text: string): Array<{ what: string; owners: RegionResolver[] }> => {
      const out: Array<{ what: string; owners: RegionResolver[] }> = [];
      if (hostPattern) for (const m of text.matchAll(hostPattern)) out.push({ what: `host ${m[1]}`, owners: [hostOwner.get(m[1]!.toLowerCase())!] });
      for (const code of regionCodesIn(text)) out.push({ what: `AWS region ${code}`, owners: regions.filter((r) => r.allowedAwsRegions.includes(code)) });
      for (const acct of accountsIn(text)) out.push({ what: `account ${acct}`, owners: regions.filter((r) => r.region.accountId === acct) });
      for (const m of text.matchAll(kitName)) if (byId.has(m[1]!.toLowerCase())) out.push({ what: `${m[0]}* names`, owners: [byId.get(m[1]!.toLowerCase())!] });
      return out;
    };
    const judgePlaces = (address: string, where: string, text: string, bound: RegionResolver | undefined) => {
      for (const p of placesIn(text)) {
        if (p.owners.length === 0) continue; // no manifest region's place: RK-RES-002 judges it
        if (!bound) this.add(address, "flow", `${where} names ${p.what} of region ${p.owners.map((o) => o.id).join("/")} where no region is bound (a key, KV key or DNS name that is a region id): which region's workspaces it serves cannot be told; route each region id to its own host`);
        else if (!p.owners.includes(bound)) this.add(address, "flow", `${where} routes region ${bound.id} to ${p.what} of region ${p.owners.map((o) => o.id).join("/")}: each region's workspaces must reach only that region's own endpoint (${[bound.region.eventHostname, ...bound.allowedAwsRegions].filter(Boolean).join(", ")})`);
      }
    };
    // Inline tables in code or config text (`eu: "https://..."`, `EU=https://...`) bind each value to its key.
    const judge = (address: string, where: string, text: string, bound: RegionResolver | undefined) => {
      const rest = !/[:=]/.test(text)
        ? text
        : text.replace(KEY_VALUE, (whole, key: string, value: string) => {
            const r = regionOfName(key);
            if (!r) return whole;
            judgePlaces(address, where, value, r);
            return " ";
          });
      judgePlaces(address, where, rest, bound);
    };
    /** The region a name is for: exactly one region id among its words (`eu`, `EU_ENDPOINT`, `rk-eu-pool`). */
    const regionOfName = (name: string): RegionResolver | undefined => {
      const ids = [...new Set(name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => byId.has(w)))];
      return ids.length === 1 ? byId.get(ids[0]!) : undefined;
    };
    /** A region an object names itself for (`region: "eu"`, `name: "rk-eu-pool"`, `key_name: "eu"`). */
    const namedFor = (o: Record<string, unknown>): RegionResolver | undefined => {
      for (const k of ["region", "region_id", "id", "name", "key_name", "key", "title", "pattern"]) {
        const v = o[k];
        const r = typeof v === "string" ? regionOfName(v) : undefined;
        if (r) return r;
      }
      return undefined;
    };
    const walk = (address: string, value: unknown, path: string[], bound: RegionResolver | undefined): void => {
      if (typeof value === "string") {
        for (const text of decodedForms(value)) {
          const json = text.length > 1 ? jsonIn(text) : undefined;
          if (json !== undefined && typeof json === "object") walk(address, json, path, bound);
          else judge(address, path.join(".") || "(value)", text, bound);
        }
      } else if (Array.isArray(value)) value.forEach((v) => walk(address, v, path, bound));
      else if (value && typeof value === "object") {
        // An object already serving a region stays bound to it: an entry inside named for another region
        // (a `us-fallback` origin in eu's pool) is that region's place where eu is served.
        const here = bound ?? namedFor(value as Record<string, unknown>);
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          if (DOC_KEYS.has(k) || (path.length === 0 && META_KEYS.has(k))) continue;
          walk(address, v, [...path, k], here ?? regionOfName(k));
        }
      }
    };
    const boundByName = (name: unknown): RegionResolver | undefined => {
      if (typeof name !== "string") return undefined;
      const n = name.toLowerCase().replace(/\.$/, "");
      const owner = hostOwner.get(n);
      if (owner) return owner;
      const ids = n.split(".").map((l) => byId.get(l)).filter((r): r is RegionResolver => r !== undefined);
      return ids.length === 1 ? ids[0] : undefined;
    };
    const workers = this.ctx.resources.filter((r) => r.mode === "managed" && /^cloudflare_workers?_script$/.test(r.type));
    const inStackWorker = (name: unknown) =>
      typeof name === "string" && (workers.some((w) => w.attrs.script_name === name || w.attrs.name === name) || (PURE_REFERENCE.test(name) && referencesIn(name).some((x) => workers.some((w) => w.address === x))));
    for (const w of workers) {
      // What a worker hands requests to: only other workers of this stack, and configuration bindings.
      for (const b of valuesAt(w.attrs, "bindings") as Array<Record<string, unknown>>) {
        const type = String(b?.type ?? "");
        if (type === "service" && !inStackWorker(b.service)) this.add(w.address, "flow", `binding ${String(b.name)} calls worker ${String(b.service)}, which this stack does not define: what it does with the requests cannot be judged`);
        else if (!EDGE_BINDINGS.has(type) && type !== "service") this.add(w.address, "flow", `binding ${String(b.name)} of type ${type || "(none)"} hands data to a Cloudflare store or service (${String(b.queue_name ?? b.bucket_name ?? b.namespace ?? b.id ?? "")}) outside the regions: the edge holds no data and only routes`);
      }
      for (const t of valuesAt(w.attrs, "tail_consumers") as Array<Record<string, unknown>>)
        if (!inStackWorker(t?.service)) this.add(w.address, "flow", `tail consumer ${String(t?.service)} receives the worker's events (URLs, headers, logs) and is not a worker of this stack`);
      if (w.attrs.logpush === true || w.attrs.logpush === "true") this.add(w.address, "flow", "logpush ships the worker's trace events (request URLs, headers) to Logpush destinations: the edge keeps no logs of workspace traffic");
      // Workers Logs keep invocation logs (request URLs, headers, console output) at Cloudflare.
      const o = w.attrs.observability as Record<string, any> | undefined;
      const logs = o?.logs?.enabled ?? o?.enabled;
      if (logs === true || logs === "true") this.add(w.address, "central-store", "observability keeps the worker's invocation logs (request URLs, headers, console output) at Cloudflare: the edge holds no data; turn Workers Logs off");
    }
    // Request logs retained by Cloudflare for Logpull: workspace traffic stored at the edge.
    for (const r of this.ctx.ofType("cloudflare_logpull_retention"))
      if (r.attrs.flag !== false && r.attrs.flag !== "false") this.add(r.address, "central-store", "logpull retention keeps the zone's request logs (URLs, headers) at Cloudflare: the edge holds no data; set flag = false");
    // A route hands the requests it matches to a worker: only a worker of this stack, whose code and bindings are judged.
    for (const r of [...this.ctx.ofType("cloudflare_workers_route"), ...this.ctx.ofType("cloudflare_worker_route")]) {
      const script = r.attrs.script ?? r.attrs.script_name;
      if (script !== undefined && !inStackWorker(script)) this.add(r.address, "flow", `route ${String(r.attrs.pattern)} hands requests to worker ${String(script)}, which this stack does not define: what it does with them cannot be judged`);
    }
    for (const r of this.ctx.resources) {
      if (r.mode !== "managed") continue;
      const a = r.attrs as Record<string, unknown>;
      const dns = /^cloudflare_(?:dns_)?record$/.test(r.type);
      // A KV entry or DNS record is bound by its key or name; the name itself is where it is served, not a destination.
      const bound = dns ? boundByName(a.name) : typeof (a.key_name ?? a.key) === "string" ? regionOfName(String(a.key_name ?? a.key)) : undefined;
      const { name: _n, key_name: _k, key: _key, ...rest } = a;
      walk(r.address, dns || bound ? rest : a, [], bound);
      if (dns && bound) {
        const type = String(a.type ?? "").toUpperCase();
        for (const target of [a.content, a.value, ...valuesAt(a, "data.target")].filter((t): t is string => typeof t === "string")) {
          if (isToken(target)) {
            this.add(r.address, "flow", `record for region ${bound.id} points at ${target}, which cannot be read: point it at the region's own endpoint literally`);
            continue;
          }
          const t = target.toLowerCase().replace(/\.$/, "");
          const v = judgeHost(t);
          const own = hostOwner.get(t) === bound || (v.place === "aws" && v.regions.length > 0 && v.regions.every((c) => bound.allowedAwsRegions.includes(c)));
          if (!own && ["CNAME", "A", "AAAA", "ALIAS", "HTTPS", "SVCB"].includes(type)) this.add(r.address, "flow", `record for region ${bound.id} points at ${target}, not the region's own endpoint (its declared host ${bound.region.eventHostname ?? "(none)"} or an AWS endpoint in ${bound.allowedAwsRegions.join(", ")})`);
        }
      }
    }
  }

  // ---- kubernetes (cdc-<id>) ---------------------------------------------------------------------

  /**
   * Kafka Connect connector classes wherever a string names one (a ConfigMap, a Job's curl body, a
   * Lambda's environment): only the in-region classes. The event sink's class is judged on the
   * connector resources themselves (MSK Connect, KafkaConnector), where the designed crossing is bound.
   */
  private connectorClasses(address: string, attr: string, text: string, key: string, resource: TfResource | undefined): void {
    const connectorResource = resource?.type === "aws_mskconnect_connector" || (resource?.type === "kubernetes_manifest" && (resource.attrs.manifest as any)?.kind === "KafkaConnector");
    for (const cls of connectorClassesIn(text, key)) {
      if (IN_REGION_CONNECTOR_CLASSES.includes(cls) || (connectorResource && cls === EVENT_SINK_CONNECTOR_CLASS)) continue;
      this.add(address, "kubernetes", `${attr || "(value)"} names the connector class ${cls}: only in-region classes (${IN_REGION_CONNECTOR_CLASSES.join(", ")}) may run, and the event sink only as the designed connector; where it sends data cannot be proven`);
    }
  }

  /**
   * A workload (or a script in a ConfigMap) that writes to the Kafka Connect REST API (`:8083`,
   * `/connectors`) creates connectors at run time, outside Terraform: judged like a KafkaConnector. It
   * passes only when the connector it posts is visible and of an in-region class (classes anywhere are
   * judged by `connectorClasses`); reading connector status is fine.
   */
  private connectRest(r: TfResource): void {
    const texts: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === "string") texts.push(...decodedForms(v));
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) if (!DOC_KEYS.has(k)) (collect(k), collect(x));
    };
    collect(r.attrs);
    const text = texts.join("\n");
    if (!CONNECT_REST.test(text) || !HTTP_WRITE.test(text)) return;
    if (connectorClassesIn(text, "").length === 0)
      this.add(r.address, "kubernetes", "writes to the Kafka Connect REST API without a visible connector class: the connector it creates cannot be judged; define it as a KafkaConnector resource (in-region classes only)");
  }

  /** Typed kubernetes_* resources: the same kind allowlist as kubernetes_manifest, and the same Service rule. */
  private kubernetesTyped(r: TfResource): void {
    const kind = kubernetesKindOf(r);
    if (!kind || !KUBERNETES_BUILTIN_KINDS.includes(kind))
      return this.add(r.address, "kubernetes", `\`${r.type}\` (Kubernetes kind ${kind ?? "unknown"}) is not allowed in ${this.ctx.stack}: allowed ${KUBERNETES_BUILTIN_KINDS.join(", ")}, and Strimzi kinds as kubernetes_manifest`);
    if (kind === "Service") for (const type of valuesAt(r.attrs, "spec.type")) if (type !== "ClusterIP") this.add(r.address, "kubernetes", `Service of type ${String(type)} exposes or aliases the cluster beyond the region's VPC; use ClusterIP`);
  }

  private kubernetesManifest(r: TfResource): void {
    const m = (r.attrs.manifest ?? {}) as Record<string, any>;
    const apiVersion = String(m.apiVersion ?? "");
    const kind = String(m.kind ?? "");
    const group = apiVersion.includes("/") ? apiVersion.split("/")[0]! : "";
    const custom = group.includes(".") && !group.endsWith(".k8s.io");
    if (custom) {
      const kinds = KUBERNETES_CUSTOM_KINDS[group];
      if (!kinds?.includes(kind)) return this.add(r.address, "kubernetes", `custom resource ${kind} (${apiVersion}) is not allowed in ${this.ctx.stack}: allowed ${Object.entries(KUBERNETES_CUSTOM_KINDS).map(([g, k]) => `${g}: ${k.join(", ")}`).join("; ")}`);
    } else if (!KUBERNETES_BUILTIN_KINDS.includes(kind)) return this.add(r.address, "kubernetes", `Kubernetes kind ${kind || "(none)"} (${apiVersion}) is not allowed in ${this.ctx.stack}: allowed ${KUBERNETES_BUILTIN_KINDS.join(", ")}`);
    const spec = m.spec ?? {};
    if (kind === "Service" && spec.type && spec.type !== "ClusterIP") this.add(r.address, "kubernetes", `Service of type ${spec.type} exposes or aliases the cluster beyond the region's VPC; use ClusterIP`);
    if (kind === "KafkaConnector") this.connector(r, String(spec.class ?? ""), spec.config ?? {});
    if (kind === "KafkaConnect") {
      const bootstrap = String(spec.bootstrapServers ?? "");
      this.kafkaBootstrap(r, bootstrap);
    }
  }

  private kafkaBootstrap(r: TfResource, bootstrap: string): void {
    const resolver = this.places!.resolver!;
    if (isToken(bootstrap)) {
      const target = referencesIn(bootstrap).map((a) => this.ctx.byAddress(a)).find(Boolean);
      const name = target?.attrs.cluster_name ?? target?.attrs.name;
      if (!target || !/aws_msk_cluster$/.test(target.type) || (typeof name === "string" && name !== resolver.mskClusterName && !isToken(name)))
        this.add(r.address, "kubernetes", `bootstrapServers ${bootstrap} is not this region's MSK cluster (${resolver.mskClusterName})`);
      return;
    }
    for (const part of bootstrap.split(",").filter(Boolean)) this.host(r.address, "bootstrapServers", part.replace(/:\d+$/, ""), part);
    if (!bootstrap) this.add(r.address, "kubernetes", "KafkaConnect has no bootstrapServers");
  }

  /** The kubernetes provider must point at this region's EKS cluster. */
  private kubernetesProvider(): void {
    const resolver = this.places!.resolver!;
    for (const [name, blocks] of Object.entries((this.ctx.json.provider ?? {}) as Record<string, Array<Record<string, any>>>)) {
      if (name !== "kubernetes" && name !== "helm") continue;
      for (const block of blocks ?? []) {
        const address = `provider.${name}${block.alias ? `.${block.alias}` : ""}`;
        for (const key of ["config_path", "config_paths", "config_context", "config_context_cluster"])
          if (block[key] !== undefined) this.add(address, "kubernetes", `${key} reads a kubeconfig: which cluster it targets cannot be proven; use this region's EKS cluster (${resolver.eksClusterName})`);
        const host = block.host;
        if (typeof host !== "string") {
          if (block.config_path === undefined) this.add(address, "kubernetes", `no host: point it at data.aws_eks_cluster of ${resolver.eksClusterName}`);
        } else if (isToken(host)) {
          const target = referencesIn(host).map((a) => this.ctx.byAddress(a)).find(Boolean);
          if (!target || target.type !== "aws_eks_cluster" || (target.attrs.name !== resolver.eksClusterName && !isToken(target.attrs.name)))
            this.add(address, "kubernetes", `host ${host} is not this region's EKS cluster (${resolver.eksClusterName})`);
        } else {
          const h = host.replace(/^https?:\/\//, "").replace(/[:/].*$/, "");
          const v = judgeHost(h);
          if (v.place !== "aws" || !h.endsWith(".eks.amazonaws.com")) this.add(address, "kubernetes", `host ${host} is not an EKS endpoint of this jurisdiction`);
        }
        const args = (Array.isArray(block.exec) ? block.exec : block.exec ? [block.exec] : []).flatMap((e: any) => (Array.isArray(e.args) ? e.args.map(String) : []));
        const i = args.indexOf("--cluster-name");
        if (i >= 0 && args[i + 1] !== resolver.eksClusterName) this.add(address, "kubernetes", `exec gets a token for cluster ${args[i + 1]}, not this region's ${resolver.eksClusterName}`);
      }
    }
  }
}

/** Connector classes a text names; `key` is the key holding it (`connector.class` makes the whole value a class). */
export function connectorClassesIn(text: string, key: string): string[] {
  const out = new Set<string>();
  if (key === "connector.class" && text.trim()) out.add(text.trim());
  for (const m of text.matchAll(CONNECTOR_FQCN)) out.add(m[1]!);
  if (text.includes("connector.class")) for (const m of text.matchAll(CONNECTOR_CLASS_KEY)) out.add(m[1]!);
  return [...out];
}

/** Typed kubernetes_* types whose name is not the kind they write. */
const KUBERNETES_TYPE_KINDS: Readonly<Record<string, string>> = { daemonset: "DaemonSet", config_map_v1_data: "ConfigMap", secret_v1_data: "Secret", default_service_account: "ServiceAccount" };

/** The Kubernetes kind a typed kubernetes_* resource writes (patch types: the kind they name). */
function kubernetesKindOf(r: TfResource): string | undefined {
  const base = r.type.replace(/^kubernetes_/, "");
  if (KUBERNETES_TYPE_KINDS[base]) return KUBERNETES_TYPE_KINDS[base];
  // Patches of an existing object (labels, annotations, env): judged by the kind they patch.
  if (base === "labels" || base === "annotations" || base === "env") return typeof r.attrs.kind === "string" && !isToken(r.attrs.kind) ? r.attrs.kind : undefined;
  const name = base.replace(/_v\d+(?:(?:alpha|beta)\d+)?$/, "");
  return KUBERNETES_TYPE_KINDS[name] ?? name.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

function describe(v: string): string {
  return v === "variable"
    ? "a variable or unresolvable reference (cannot be proven)"
    : v === "central"
      ? "a central principal"
      : v === "wildcard"
        ? "anyone"
        : v === "service"
          ? "an AWS service used as an AWS principal"
          : "another account or identity provider";
}

/** Values at a dotted path through blocks and lists; `*` takes every value of a map. */
export function valuesAt(attrs: unknown, path: string): unknown[] {
  let level: unknown[] = [attrs];
  for (const key of path.split(".")) {
    const next: unknown[] = [];
    for (const v of level.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
      if (!v || typeof v !== "object") continue;
      if (key === "*") next.push(...Object.values(v as Record<string, unknown>));
      else if ((v as Record<string, unknown>)[key] !== undefined) next.push((v as Record<string, unknown>)[key]);
    }
    level = next;
  }
  return level.flatMap((x) => (Array.isArray(x) ? x : [x]));
}

function getPath(attrs: unknown, path: string): any {
  return valuesAt(attrs, path)[0];
}

/** Instances of a `for_each` resource with `each.key`/`each.value.x` substituted from a literal map or local; undefined when unresolvable. */
function expandEach(r: TfResource, locals: Record<string, unknown>): Array<Record<string, unknown> | undefined> {
  const fe = r.attrs.for_each;
  if (fe === undefined) return [r.attrs as Record<string, unknown>];
  let map: unknown = fe;
  if (typeof fe === "string") {
    const m = /^\$\{local\.([A-Za-z0-9_-]+)\}$/.exec(fe);
    map = m ? locals[m[1]!] : undefined;
  }
  if (!map || typeof map !== "object") return [undefined];
  return Object.entries(map as Record<string, unknown>).map(([key, value]) => {
    const sub = (s: string) =>
      s.replace(/\$\{each\.key\}/g, key).replace(/\$\{each\.value\.([A-Za-z0-9_]+)\}/g, (whole, k) => {
        const x = value && typeof value === "object" ? (value as Record<string, unknown>)[k] : undefined;
        return typeof x === "string" ? x : whole;
      });
    const walk = (v: unknown): unknown => (typeof v === "string" ? sub(v) : Array.isArray(v) ? v.map(walk) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v);
    const { for_each: _fe, ...rest } = r.attrs as Record<string, unknown>;
    return walk(rest) as Record<string, unknown>;
  });
}

/** Concrete ARNs of every region's data, each with actions that read or write it; central's grants are matched against them. */
/**
 * The orchestrator's path into a region, the only thing central may do on a regional ARN: submit and
 * describe EMR steps, read the region's job specs, pass its Spark job roles, assume its
 * orchestrator-access role. Exact actions only (a wildcard action is more than the path).
 */
const ORCHESTRATOR_PATH: ReadonlyArray<{ actions: readonly string[]; resource: (r: RegionResolver, ns: string) => RegExp }> = [
  { actions: ["elasticmapreduce:AddJobFlowSteps", "elasticmapreduce:DescribeCluster", "elasticmapreduce:DescribeStep", "elasticmapreduce:ListSteps"], resource: (r) => new RegExp(`^arn:aws:elasticmapreduce:[a-z0-9-]+:${r.region.accountId}:cluster/`) },
  { actions: ["ssm:GetParameter", "ssm:GetParameters"], resource: (r, ns) => new RegExp(`^arn:aws:ssm:[a-z0-9-]+:${r.region.accountId}:parameter/${ns}/${r.id}/spark/`) },
  { actions: ["iam:PassRole"], resource: (r, ns) => new RegExp(`^arn:aws:iam::${r.region.accountId}:role/${ns}-${r.id}-spark-job-`) },
  { actions: ["sts:AssumeRole"], resource: (r) => new RegExp(`^${r.orchestratorAccessRoleArn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) },
];

function orchestratorPath(st: Statement, arn: string, r: RegionResolver, ns: string): boolean {
  if (st.notActions.length > 0 || st.actions.length === 0 || arn.includes("*") && !arn.endsWith(":cluster/*")) return false;
  return st.actions.every((a) => ORCHESTRATOR_PATH.some((p) => p.actions.includes(a) && p.resource(r, ns).test(arn)));
}

/** A Kubernetes Secret's `data` is base64 by definition: judge what it says, not its encoding (as `stringData`). */
function secretDecoded(r: TfResource): Record<string, unknown> {
  const m = r.attrs.manifest as Record<string, any> | undefined;
  if (r.type !== "kubernetes_manifest" || m?.kind !== "Secret" || !m.data || typeof m.data !== "object") return r.attrs;
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m.data as Record<string, unknown>)) data[k] = typeof v === "string" && !isToken(v) ? Buffer.from(v, "base64").toString("utf8") : v;
  return { ...r.attrs, manifest: { ...m, data } };
}

/** Where a policy says who may act: a policy attribute's `Principal`/`Condition`, a policy document's `principals`/`condition` blocks. */
function identityPath(type: string, path: Path, inJson: boolean): boolean {
  if (type === "aws_iam_policy_document") return path[0] === "statement" && (path[1] === "principals" || path[1] === "not_principals" || path[1] === "condition");
  // Only a policy attribute (`policy`, `assume_role_policy`, `inline_policy.policy`): a `Statement` elsewhere (an environment value) is data.
  if (!inJson || !type.startsWith("aws_") || !/(?:^|_)policy$/.test(path[0] ?? "") || path[1] === undefined) return false;
  const i = path.indexOf("Statement");
  return i >= 0 && (path[i + 1] === "Principal" || path[i + 1] === "NotPrincipal" || path[i + 1] === "Condition");
}

/**
 * Whether a statement bounds an OIDC subject: a literal condition on `key` whose every value names a subject
 * (a wildcard only after two literal `:` parts, `repo:acme/regionkit:*`; not `*` or `repo:*`, which any subject of the issuer matches).
 */
function boundedSubject(st: Statement, key: string): boolean {
  const named = (v: string) => {
    const cut = v.search(/[*?]/);
    return cut < 0 || v.slice(0, cut).split(":").filter((part) => part.length > 0).length >= 2;
  };
  const k = key.toLowerCase();
  return Object.entries(st.conditions).some(([op, byKey]) => !/^forallvalues:/i.test(op) && Object.entries(byKey).some(([ck, vs]) => ck === k && vs.length > 0 && vs.every((v) => !v.includes("${") && named(v))));
}

/** Whether a statement has a condition on `key` (any operator) whose values are all literal. */
function literalCondition(st: Statement, key: string): boolean {
  const k = key.toLowerCase();
  return Object.values(st.conditions).some((byKey) => Object.entries(byKey).some(([ck, vs]) => ck.toLowerCase() === k && vs.length > 0 && vs.every((v) => !v.includes("${") && v !== "*")));
}

function regionalSamples(places: Places): Array<{ arn: string; actions: string[]; what: string }> {
  const out: Array<{ arn: string; actions: string[]; what: string }> = [];
  for (const r of places.regionResolvers) {
    const acct = r.region.accountId;
    const buckets = LAKE_ZONES.flatMap((z) => [r.lakeBucket(z), ...(r.region.backupRegion ? [r.lakeBackupBucket(z)] : [])]);
    for (const b of buckets) {
      out.push({ arn: `arn:aws:s3:::${b}/x/y`, actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion"], what: `objects of ${b}` });
      out.push({ arn: `arn:aws:s3:::${b}`, actions: ["s3:ListBucket", "s3:PutBucketPolicy", "s3:PutReplicationConfiguration"], what: `bucket ${b}` });
    }
    for (const aws of r.allowedAwsRegions) {
      const p = (service: string) => `arn:aws:${service}:${aws}:${acct}:`;
      out.push(
        { arn: `${p("s3")}accesspoint/${r.name("x")}`, actions: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], what: `an access point of ${r.id}` },
        { arn: `${p("logs")}log-group:/${places.namespace}/${r.id}/x:*`, actions: ["logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery", "logs:CreateExportTask", "logs:PutSubscriptionFilter"], what: `log groups of ${r.id}` },
        { arn: `${p("rds")}db:${r.shardDatabaseId(1)}`, actions: ["rds:CreateDBSnapshot", "rds:ModifyDBInstance", "rds:CopyDBSnapshot", "rds:StartExportTask"], what: `databases of ${r.id}` },
        { arn: `${p("rds")}snapshot:x`, actions: ["rds:CopyDBSnapshot", "rds:ModifyDBSnapshotAttribute", "rds:RestoreDBInstanceFromDBSnapshot"], what: `snapshots of ${r.id}` },
        { arn: `${p("rds-db")}dbuser:db-ABC/app`, actions: ["rds-db:connect"], what: `database users of ${r.id}` },
        { arn: `${p("kafka")}topic/${r.mskClusterName}/abc/${r.kafkaTopic("block")}`, actions: ["kafka-cluster:ReadData", "kafka-cluster:WriteData"], what: `Kafka topics of ${r.id}` },
        { arn: `${p("kafka")}cluster/${r.mskClusterName}/abc`, actions: ["kafka-cluster:Connect", "kafka:GetBootstrapBrokers", "kafka:UpdateClusterConfiguration"], what: `Kafka of ${r.id}` },
        { arn: `${p("es")}domain/${r.searchDomainName}/index`, actions: ["es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"], what: `search of ${r.id}` },
        { arn: `${p("aoss")}collection/abc`, actions: ["aoss:APIAccessAll", "aoss:ReadDocument"], what: `vectors of ${r.id}` },
        { arn: `${p("secretsmanager")}secret:${r.name("x")}-AbCdEf`, actions: ["secretsmanager:GetSecretValue"], what: `secrets of ${r.id}` },
        { arn: `${p("kms")}key/00000000-0000-0000-0000-000000000000`, actions: ["kms:Decrypt", "kms:GenerateDataKey", "kms:CreateGrant", "kms:ReEncryptFrom"], what: `keys of ${r.id}` },
        { arn: `${p("dynamodb")}table/${r.name("x")}`, actions: ["dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:ExportTableToPointInTime"], what: `tables of ${r.id}` },
        { arn: `${p("ec2")}snapshot/snap-0123456789abcdef0`, actions: ["ec2:CopySnapshot", "ec2:ModifySnapshotAttribute", "ebs:GetSnapshotBlock"], what: `EBS snapshots of ${r.id}` },
        { arn: `${p("backup")}backup-vault:${r.name("x")}`, actions: ["backup:StartCopyJob", "backup:StartRestoreJob"], what: `backups of ${r.id}` },
        { arn: `${p("sqs")}${r.name("x")}`, actions: ["sqs:ReceiveMessage", "sqs:SendMessage"], what: `queues of ${r.id}` },
        { arn: `${p("sns")}${r.name("x")}`, actions: ["sns:Subscribe", "sns:Publish"], what: `topics of ${r.id}` },
        { arn: `${p("kinesis")}stream/${r.name("x")}`, actions: ["kinesis:GetRecords", "kinesis:PutRecord"], what: `streams of ${r.id}` },
        { arn: `${p("lambda")}function:${r.name("x")}`, actions: ["lambda:InvokeFunction", "lambda:UpdateFunctionCode"], what: `functions of ${r.id}` },
        { arn: `${p("ec2")}instance/i-0123456789abcdef0`, actions: ["ssm:SendCommand", "ssm:StartSession", "ec2-instance-connect:SendSSHPublicKey"], what: `instances of ${r.id}` },
        { arn: `${p("eks")}cluster/${r.eksClusterName}`, actions: ["eks:AccessKubernetesApi", "eks:CreateAccessEntry", "eks:AssociateAccessPolicy"], what: `the EKS cluster of ${r.id}` },
        { arn: `${p("glue")}table/${r.name("x")}/t`, actions: ["glue:GetTable", "glue:GetPartitions"], what: `Glue tables of ${r.id}` },
        { arn: `${p("elasticmapreduce")}cluster/j-ABC`, actions: ["elasticmapreduce:ModifyCluster", "elasticmapreduce:PutAutoScalingPolicy"], what: `the EMR cluster of ${r.id} beyond steps` },
      );
    }
    for (const role of [r.warehouseReadRoleName, r.sparkJobRoleName("sanitize"), r.name("x", [], "iamRole"), "x"])
      out.push({ arn: `arn:aws:iam::${acct}:role/${role}`, actions: ["sts:AssumeRole"], what: `role ${role} of ${r.id} (only orchestrator-access may be assumed)` });
  }
  return out;
}
