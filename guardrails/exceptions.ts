import { loadManifest } from "../regions/loader.js";
import type { Manifest } from "../regions/manifest.js";
import { get } from "./checks.js";
import { globMatch } from "./glob.js";
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
  /** Where it was declared: `code` or the manifest file. */
  readonly source: string;
}

export const MIN_REASON_LENGTH = 10;

const EVENT_SINK_REASON =
  "Event-log sink: the one designed crossing point (README.md, section Data flow). It streams the region's sanitized product events " +
  "(sanitized by the logging API before they reach Kafka) into this region's own table in the central warehouse.";

const EVENT_SINK_NAME = "*event*sink*";
const EVENT_SINK_TYPES = ["aws_mskconnect_connector", "aws_mskconnect_custom_plugin", "aws_secretsmanager_secret"];

/**
 * Exceptions declared in code, reviewed with the code. The event-log sink is expected as an MSK
 * Connect connector (with its custom plugin and Secrets Manager secret) whose `name` matches
 * `*event*sink*` in `data-<id>`, or as a Kubernetes manifest whose `metadata.name` matches it in `cdc-<id>`; anything else that leaves the region fails.
 */
export const CODE_EXCEPTIONS: readonly GuardrailException[] = [
  ...["RK-RES-015", "RK-RES-002"].flatMap((rule): GuardrailException[] => [
    // The connector and what only it uses: its Snowflake plugin and its credentials in this region's Secrets Manager.
    ...EVENT_SINK_TYPES.map((type) => ({ rule, stack: "data-*", resource: `${type}.*`, where: { name: EVENT_SINK_NAME }, reason: EVENT_SINK_REASON, source: "code" })),
    { rule, stack: "cdc-*", resource: "kubernetes_manifest.*", where: { "manifest.metadata.name": EVENT_SINK_NAME }, reason: EVENT_SINK_REASON, source: "code" },
  ]),
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

export function exceptionMatches(e: GuardrailException, finding: Pick<Finding, "ruleId" | "stack" | "address">, resource?: TfResource): boolean {
  if (e.rule !== finding.ruleId) return false;
  if (e.stack && !globMatch(e.stack, finding.stack)) return false;
  if (!globMatch(e.resource, finding.address)) return false;
  for (const [path, glob] of Object.entries(e.where ?? {})) {
    const value = resource ? get(resource.attrs, path) : undefined;
    if (typeof value !== "string" || !globMatch(glob, value)) return false;
  }
  return true;
}
