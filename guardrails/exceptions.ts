import { loadManifest } from "../regions/loader.js";
import type { Manifest } from "../regions/manifest.js";
import { get } from "./checks.js";
import { globMatch } from "./glob.js";
import { designedCrossing, warehouseEndpointPart } from "./residency/crossing.js";
import type { Finding, TfResource } from "./types.js";

/**
 * A reviewed, written-down reason why one rule does not apply to one resource. `stack` and
 * `resource` are globs (`data-*`, `aws_mskconnect_connector.*`); `where` narrows by attribute
 * values (dotted paths, globs), so an exception names what it covers instead of a whole type.
 */
export interface GuardrailException {
  readonly rule: string;
  /** @default - every stack */
  readonly stack?: string;
  /** Terraform address glob. */
  readonly resource: string;
  readonly reason: string;
  /** Attribute globs the resource must match. @default - none */
  readonly where?: Readonly<Record<string, string>>;
  /** Code only: the exception holds only while this is true of the resource (binds it to content, not names). @default - always */
  readonly holds?: (resource: TfResource, stack: string, manifest?: Manifest) => boolean;
  /** Where it was declared: `code` or the manifest file. */
  readonly source: string;
}

export const MIN_REASON_LENGTH = 10;

/** Why the event sink may leave the region; one constant so its wording can change in one place. */
export const EVENT_SINK_REASON =
  "Event-log sink: the one designed crossing point (DESIGN.md). It streams the region's sanitized product events " +
  "(sanitized by the logging API before they reach Kafka) into this region's own table in the central warehouse.";

const WAREHOUSE_ENDPOINT_REASON =
  "This resource is the sink's private path to the warehouse account (AWS PrivateLink, no internet), bound to the manifest's central.warehouse block.";

/**
 * Exceptions declared in code, reviewed with the code. The event-log sink is excepted by what it
 * does, not by its name: `holds` (guardrails/residency/crossing.ts) accepts only a Snowflake sink
 * connector shipping exactly `<id>.events` into `EVENTS_<ID>` with the region's event-sink
 * credentials, as an MSK Connect connector in `data-<id>` or a Strimzi KafkaConnector in `cdc-<id>`.
 */
export const CODE_EXCEPTIONS: readonly GuardrailException[] = [
  { rule: "RK-RES-015", stack: "data-*", resource: "aws_mskconnect_connector.*", holds: designedCrossing, reason: EVENT_SINK_REASON, source: "code" },
  { rule: "RK-RES-015", stack: "cdc-*", resource: "kubernetes_manifest.*", holds: designedCrossing, reason: EVENT_SINK_REASON, source: "code" },
  // The sink's only path to the warehouse: PrivateLink to the account's service, which may be in the central AWS region.
  ...["RK-RES-001", "RK-RES-002"].flatMap((rule) =>
    ["aws_vpc_endpoint.*", "aws_route53_zone.*", "aws_route53_record.*"].map(
      (resource): GuardrailException => ({ rule, stack: "data-*", resource, holds: warehouseEndpointPart, reason: `${EVENT_SINK_REASON} ${WAREHOUSE_ENDPOINT_REASON}`, source: "code" }),
    ),
  ),
];

/** The manifest's `exceptions:` entries. */
export function manifestExceptions(manifest: Manifest, file: string): GuardrailException[] {
  return manifest.exceptions.map((e) => ({ ...e, source: file }));
}

/**
 * Code exceptions plus those of the manifest in `manifestFile`, for the commands that read a plan
 * rather than a synth. A manifest that cannot be loaded leaves the code exceptions only, with a
 * warning naming `command`: the destroy guard still runs, just without manifest approvals.
 */
export function loadExceptions(manifestFile: string, command: string): GuardrailException[] {
  try {
    return [...CODE_EXCEPTIONS, ...manifestExceptions(loadManifest(manifestFile).manifest, manifestFile)];
  } catch (e) {
    console.warn(`${command}: no manifest exceptions (${(e as Error).message.split("\n")[0]})`);
    return [...CODE_EXCEPTIONS];
  }
}

/** Problems with exceptions themselves: a missing or short reason, an unknown rule, no resource. Each is an error. */
export function exceptionProblems(exceptions: readonly GuardrailException[], ruleIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const e of exceptions) {
    const what = `exception ${e.rule ?? "(no rule)"} on ${e.stack ? `${e.stack}/` : ""}${e.resource ?? "(no resource)"} (${e.source})`;
    if (typeof e.reason !== "string" || e.reason.trim().length < MIN_REASON_LENGTH)
      problems.push(`${what}: needs a reason of at least ${MIN_REASON_LENGTH} characters saying why, got ${JSON.stringify(e.reason ?? null)}`);
    if (!ruleIds.has(e.rule)) problems.push(`${what}: unknown rule id ${JSON.stringify(e.rule)}`);
    if (typeof e.resource !== "string" || e.resource.length === 0) problems.push(`${what}: names no resource address`);
  }
  return problems;
}

export function exceptionMatches(e: GuardrailException, finding: Pick<Finding, "ruleId" | "stack" | "address">, resource?: TfResource, manifest?: Manifest): boolean {
  if (e.rule !== finding.ruleId) return false;
  if (e.stack && !globMatch(e.stack, finding.stack)) return false;
  if (!globMatch(e.resource, finding.address)) return false;
  if (e.holds && !(resource && e.holds(resource, finding.stack, manifest))) return false;
  for (const [path, glob] of Object.entries(e.where ?? {})) {
    const value = resource ? get(resource.attrs, path) : undefined;
    if (typeof value !== "string" || !globMatch(glob, value)) return false;
  }
  return true;
}
