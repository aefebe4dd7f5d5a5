import { isAwsRegion } from "../regions/aws-regions.js";
import { isToken, referencesIn } from "./context.js";
import { globMatch } from "./glob.js";
import type { Outcome, Rule, StackContextApi, TfResource } from "./types.js";

/** Shared building blocks for rules: outcomes, attribute access, ARNs, policies, region checks. */

export const COMPLIANT: Outcome = { status: "compliant" };
export const NOT_APPLICABLE: Outcome = { status: "not-applicable" };
export const fail = (detail: string): Outcome => ({ status: "non-compliant", detail });
export const check = (ok: boolean, detail: string): Outcome => (ok ? COMPLIANT : fail(detail));

/** Rules are plain objects; this only fixes their type. */
export const defineRule = (rule: Rule): Rule => rule;

/** A block attribute: cdktf writes single blocks as objects and repeated ones as arrays; take the first. */
export function first(value: unknown): any {
  return Array.isArray(value) ? value[0] : value;
}

/** Walk `a.b.c` through nested blocks, taking the first element of each list. */
export function get(attrs: unknown, path: string): any {
  let cur: any = attrs;
  for (const key of path.split(".")) {
    cur = first(cur);
    if (cur === null || typeof cur !== "object") return undefined;
    cur = cur[key];
  }
  return cur;
}

/** Every value at `a.b.c`, through every element of every list on the way. */
export function getAll(attrs: unknown, path: string): any[] {
  let level: any[] = [attrs];
  for (const key of path.split(".")) {
    const next: any[] = [];
    for (const v of level.flatMap((x) => (Array.isArray(x) ? x : [x]))) if (v && typeof v === "object" && v[key] !== undefined) next.push(v[key]);
    level = next;
  }
  return level.flatMap((x) => (Array.isArray(x) ? x : [x]));
}

export const isTrue = (v: unknown): boolean => v === true || v === "true";
export const isFalse = (v: unknown): boolean => v === false || v === "false";
/** Set to something: a literal or a reference. */
export const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== "";

const ARN = /arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:/;

export function arnParts(value: string): { service: string; region?: string; account?: string } | undefined {
  const m = ARN.exec(value);
  if (!m) return undefined;
  return { service: m[1]!, region: m[2] || undefined, account: m[3] || undefined };
}

/**
 * Where a value points, as an AWS region: an ARN's region, a region code itself, or the effective
 * region of the in-stack resource it references. `undefined` when it cannot be told from the config.
 */
export function regionOf(ctx: StackContextApi, value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  if (isToken(value)) {
    for (const address of referencesIn(value)) {
      const target = ctx.byAddress(address);
      if (target) return ctx.effectiveRegion(target);
    }
    return undefined;
  }
  if (isAwsRegion(value)) return value;
  return arnParts(value)?.region;
}

/**
 * Every value must point inside the stack's allowed AWS regions. A value whose region cannot be
 * told (an unknown ARN without region, a variable) fails too: residency has to be provable.
 */
export function destinationsInJurisdiction(ctx: StackContextApi, values: readonly unknown[], what: string): Outcome {
  const present = values.filter(isSet);
  if (present.length === 0) return NOT_APPLICABLE;
  if (ctx.allowedRegions.length === 0) return NOT_APPLICABLE;
  const bad: string[] = [];
  for (const v of present) {
    const region = regionOf(ctx, v);
    if (region === undefined) bad.push(`${what} ${String(v)} (region unknown)`);
    else if (!ctx.allowedRegions.includes(region)) bad.push(`${what} ${String(v)} is in ${region}`);
  }
  return bad.length ? fail(`${bad.join("; ")}; allowed: ${ctx.allowedRegions.join(", ")}`) : COMPLIANT;
}

/** Same for S3 bucket references (ARNs of S3 carry no region): the bucket must be known and in-jurisdiction. */
export function bucketsInJurisdiction(ctx: StackContextApi, values: readonly unknown[], what: string): Outcome {
  const present = values.filter(isSet);
  if (present.length === 0) return NOT_APPLICABLE;
  if (ctx.allowedRegions.length === 0) return NOT_APPLICABLE;
  const bad: string[] = [];
  for (const v of present) {
    const where = ctx.bucketLocation(v);
    if (!where.region) bad.push(`${what} ${where.label} is not a bucket of this region (cannot prove where it is)`);
    else if (!ctx.allowedRegions.includes(where.region)) bad.push(`${what} ${where.label} is in ${where.region}`);
  }
  return bad.length ? fail(`${bad.join("; ")}; allowed: ${ctx.allowedRegions.join(", ")}`) : COMPLIANT;
}

export interface PolicyStatementData {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action: string[];
  readonly NotAction: string[];
  readonly Resource: string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** A JSON document held as a string (policies, configurations), or the value itself when not a string; undefined when the string is not JSON (a reference, say). */
export function parseJson(value: unknown): any {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Statements of a policy JSON string; [] when the value is not literal JSON (a reference, say). */
export function statementsOf(policy: unknown): PolicyStatementData[] {
  const doc = parseJson(policy);
  if (!doc || typeof doc !== "object") return [];
  return (Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : []).map((s: any) => ({
    Sid: s.Sid,
    Effect: s.Effect,
    Principal: s.Principal,
    NotPrincipal: s.NotPrincipal,
    Action: list(s.Action),
    NotAction: list(s.NotAction),
    Resource: list(s.Resource ?? s.NotResource),
    Condition: s.Condition,
  }));
}

/** Every IAM-style policy document held by a resource, by attribute. */
export const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_policy: ["policy"],
  aws_iam_role_policy: ["policy"],
  aws_iam_user_policy: ["policy"],
  aws_iam_group_policy: ["policy"],
  aws_iam_role: ["inline_policy.policy"],
};

/** Data sources holding policy statements: rendered locally, no AWS call. */
export const POLICY_DATA_SOURCES = ["aws_iam_policy_document"] as const;

export function policiesOf(resource: TfResource): PolicyStatementData[] {
  if (resource.type === "aws_iam_policy_document") return documentStatements(resource);
  const paths = POLICY_ATTRIBUTES[resource.type] ?? [];
  return paths.flatMap((p) => getAll(resource.attrs, p)).flatMap(statementsOf);
}

/** Statements of an `aws_iam_policy_document` data source (HCL blocks rather than JSON). */
function documentStatements(resource: TfResource): PolicyStatementData[] {
  return getAll(resource.attrs, "statement").map((st: any) => {
    const principals = getAll(st, "principals");
    return {
      Sid: st.sid,
      Effect: st.effect ?? "Allow",
      Principal: principals.length ? Object.fromEntries(principals.map((p: any) => [p.type, p.identifiers])) : undefined,
      Action: list(st.actions),
      NotAction: list(st.not_actions),
      Resource: list(st.resources ?? st.not_resources),
    };
  });
}

/** Whether an IAM action pattern (with `*`, `?`) could match a concrete action; actions ignore case. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern, action, "i");
}

/** A name list joined for messages: `a, b and 3 more`. */
export function few(items: readonly string[], max = 3): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}
