import { globMatch } from "../glob.js";
import { referencesIn } from "../context.js";
import type { StackContextApi, TfResource } from "../types.js";
import type { Places } from "./places.js";
import { jsonIn } from "./scan.js";

/** One policy statement as written: `NotAction` and `NotResource` kept apart, to be read as complements. */
export interface Statement {
  readonly effect: string;
  /** Principals by type (`AWS`, `Service`, `Federated`, `CanonicalUser`, `*`). */
  readonly principals?: Readonly<Record<string, readonly string[]>>;
  readonly notPrincipal: boolean;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** A policy found in a resource: where, which kind, its statements. */
export interface PolicyDoc {
  readonly attr: string;
  /** `trust`: who may assume a role; `identity`: what a principal may do; `resource`: who may use a resource. */
  readonly kind: "trust" | "identity" | "resource";
  readonly statements: readonly Statement[];
}

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function principalsOf(p: unknown): Record<string, string[]> | undefined {
  if (p === undefined) return undefined;
  if (typeof p === "string") return { "*": [p] };
  if (p && typeof p === "object") return Object.fromEntries(Object.entries(p as Record<string, unknown>).map(([k, v]) => [k, list(v)]));
  return { "*": [String(p)] };
}

function conditionsOf(c: unknown): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  if (!c || typeof c !== "object") return out;
  for (const [op, byKey] of Object.entries(c as Record<string, unknown>)) {
    out[op] = {};
    if (byKey && typeof byKey === "object") for (const [k, v] of Object.entries(byKey as Record<string, unknown>)) out[op]![k.toLowerCase()] = list(v);
  }
  return out;
}

function jsonStatements(doc: any): Statement[] {
  const raw = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
  return raw.map((s: any) => ({
    effect: String(s.Effect ?? "Allow"),
    principals: principalsOf(s.Principal ?? s.NotPrincipal),
    notPrincipal: s.NotPrincipal !== undefined,
    actions: list(s.Action),
    notActions: list(s.NotAction),
    resources: list(s.Resource),
    notResources: list(s.NotResource),
    conditions: conditionsOf(s.Condition),
  }));
}

/** `aws_iam_policy_document` blocks. */
function documentStatements(attrs: Record<string, any>): Statement[] {
  const blocks = Array.isArray(attrs.statement) ? attrs.statement : attrs.statement ? [attrs.statement] : [];
  return blocks.map((st: any) => {
    const ps = [...list(st.principals).length ? (Array.isArray(st.principals) ? st.principals : [st.principals]) : []];
    const nps = st.not_principals ? (Array.isArray(st.not_principals) ? st.not_principals : [st.not_principals]) : [];
    const principals: Record<string, string[]> = {};
    for (const p of [...ps, ...nps]) principals[p.type] = [...(principals[p.type] ?? []), ...list(p.identifiers)];
    const conditions: Record<string, Record<string, string[]>> = {};
    for (const c of Array.isArray(st.condition) ? st.condition : st.condition ? [st.condition] : []) {
      conditions[c.test] = { ...(conditions[c.test] ?? {}), [String(c.variable).toLowerCase()]: list(c.values) };
    }
    return {
      effect: st.effect ?? "Allow",
      principals: ps.length || nps.length ? principals : undefined,
      notPrincipal: nps.length > 0,
      actions: list(st.actions),
      notActions: list(st.not_actions),
      resources: list(st.resources),
      notResources: list(st.not_resources),
      conditions,
    };
  });
}

const IDENTITY_TYPES = new Set(["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"]);

/** Every policy a resource holds: any attribute holding a JSON document with `Statement`, and policy-document data sources. */
const policyCache = new WeakMap<TfResource, PolicyDoc[]>();

export function policiesIn(resource: TfResource): PolicyDoc[] {
  let docs = policyCache.get(resource);
  if (!docs) policyCache.set(resource, (docs = readPolicies(resource)));
  return docs;
}

function readPolicies(resource: TfResource): PolicyDoc[] {
  if (resource.type === "aws_iam_policy_document") {
    const statements = documentStatements(resource.attrs as Record<string, any>);
    return [{ attr: "statement", kind: statements.some((s) => s.principals) ? "resource" : "identity", statements }];
  }
  const out: PolicyDoc[] = [];
  const visit = (v: unknown, path: string) => {
    if (typeof v === "string") {
      if (!v.includes("Statement")) return;
      const doc = jsonIn(v) as any;
      if (doc && typeof doc === "object" && !Array.isArray(doc) && doc.Statement !== undefined) {
        const kind = path.endsWith("assume_role_policy") ? "trust" : IDENTITY_TYPES.has(resource.type) || (resource.type === "aws_iam_role" && path.startsWith("inline_policy")) ? "identity" : "resource";
        out.push({ attr: path, kind, statements: jsonStatements(doc) });
      }
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, path));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) visit(x, path ? `${path}.${k}` : k);
  };
  visit(resource.attrs, "");
  return out;
}

/** Principals outside policy documents: KMS grants, Lambda and EventBridge permissions, AOSS data access rules. */
export function loosePrincipals(resource: TfResource): Array<{ attr: string; value: string }> {
  const out: Array<{ attr: string; value: string }> = [];
  const a = resource.attrs as Record<string, any>;
  for (const key of ["grantee_principal", "retiring_principal", "principal", "source_account"]) if (typeof a[key] === "string") out.push({ attr: key, value: a[key] });
  if (resource.type === "aws_opensearchserverless_access_policy" && typeof a.policy === "string") {
    const rules = jsonIn(a.policy);
    for (const r of Array.isArray(rules) ? rules : []) for (const p of list((r as any)?.Principal)) out.push({ attr: "policy.Principal", value: p });
  }
  return out;
}

export type PrincipalVerdict = "own" | "service" | "wildcard" | "variable" | "central" | "foreign";

/** Who a principal is, from the stack's point of view. */
export function judgePrincipal(value: string, ctx: StackContextApi, places: Places): PrincipalVerdict {
  const v = value.trim();
  if (v === "*") return "wildcard";
  if (v.includes("${")) {
    const refs = referencesIn(v);
    if (refs.length > 0 && refs.every((r) => !r.startsWith("var.") && !r.startsWith("local.") && ctx.byAddress(r))) return "own";
    return "variable";
  }
  if (/^[a-z0-9.-]+\.amazonaws\.com$/i.test(v) || /^[a-z0-9-]+\.amazonaws\.com\.cn$/i.test(v)) return v.endsWith(".cn") ? "foreign" : "service";
  const account = /^(\d{12})$/.exec(v)?.[1] ?? /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(v)?.[1];
  // A central role is central even where a region shares central's account (data-us): by its kit name.
  if (account && new RegExp(`:role/(?:[^/]*/)*${places.namespace}-central-`).test(v) && places.profile !== "central") return "central";
  if (account === places.account) return "own";
  if (account && account === (ctx.manifest.central.accountId as string) && /:role\/[^/]*central-|:root$/.test(v)) return "central";
  return "foreign";
}

const BOUNDING_KEYS = ["aws:principalaccount", "aws:sourceaccount", "aws:sourceowner", "aws:principalarn", "aws:sourcearn", "kms:calleraccount"];
// Not `ForAllValues:`: it is true when the key is absent from the request (an anonymous caller has no
// aws:PrincipalAccount), so it bounds nothing. Nor `...IfExists`, for the same reason.
const BOUNDING_OPERATORS = /^(?:foranyvalue:)?(?:stringequals|stringequalsignorecase|stringlike|arnequals|arnlike)$/i;

/**
 * Whether a `Principal *` statement is bounded to the stack's own account: an account or ARN
 * condition (`kms:CallerAccount` for key policies) whose every value is the own account (or one of its ARNs). An organisation condition
 * does not bound it (other accounts of the organisation are other jurisdictions).
 */
const RESOURCE_REFERENCE = /^\$\{aws_[a-z0-9_]+\.[\w-]+(?:\.[\w]+|\[\d+\])*\}$/;

export function boundedToOwnAccount(st: Statement, places: Places): boolean {
  for (const [op, byKey] of Object.entries(st.conditions)) {
    if (!BOUNDING_OPERATORS.test(op)) continue;
    for (const key of BOUNDING_KEYS) {
      const values = byKey[key];
      if (!values || values.length === 0) continue;
      // Literal own account, an own-account ARN, or a reference to a resource of the stack (its ARN). Not a
      // variable, local or data source (any value), nor an IAM policy variable `$${aws:...}` (true of every caller).
      const own = values.every((v) => v === places.account || new RegExp(`^arn:aws:[a-z0-9-]*:[a-z0-9-]*:${places.account}:`).test(v) || RESOURCE_REFERENCE.test(v));
      if (own) return true;
    }
  }
  return false;
}

/** Whether an IAM action pattern (with `*`, `?`) could match a concrete action; actions ignore case. */
export const actionMatches = (pattern: string, action: string): boolean => globMatch(pattern, action, "i");

/** Whether a statement allows `action` on `arn`, reading NotAction and NotResource as complements. */
export function allows(st: Statement, action: string, arn: string): boolean {
  if (st.effect !== "Allow") return false;
  const actionHit = st.actions.some((p) => actionMatches(p, action)) || (st.notActions.length > 0 && !st.notActions.some((p) => actionMatches(p, action)));
  if (!actionHit) return false;
  return st.resources.some((r) => globMatch(r, arn)) || (st.notResources.length > 0 && !st.notResources.some((r) => globMatch(r, arn)));
}
