import type { Manifest } from "../regions/manifest.js";
import { StackContext } from "./context.js";
import { CODE_EXCEPTIONS, exceptionMatches, exceptionProblems, type GuardrailException } from "./exceptions.js";
import { DEFAULT_PACKS, rulesOf, type Pack } from "./packs.js";
import { DESTROY_GUARD_RULE } from "./plan-guard.js";
import { residencySummary, type ResidencySummary } from "./residency/graph.js";
import { ALL_RULES } from "./rules/index.js";
import type { Finding, Rule, StackKind, TfResource } from "./types.js";

export interface StackInput {
  readonly name: string;
  readonly json: Readonly<Record<string, any>>;
}

export interface StackResult {
  readonly stack: string;
  readonly kind: StackKind;
  readonly region?: string;
  readonly resourcesByType: Readonly<Record<string, number>>;
  /** Every compliant and non-compliant outcome (not-applicable ones are dropped). */
  readonly findings: readonly Finding[];
  /** Stores, movers and flows from the residency analysis, for the residency graph (when residency rules ran). */
  readonly residency?: ResidencySummary;
}

export interface GuardrailResult {
  readonly stacks: readonly StackResult[];
  readonly rules: readonly Rule[];
  /** Exceptions that are themselves wrong (no reason, unknown rule): errors. */
  readonly exceptionErrors: readonly string[];
  /** Exceptions that matched nothing: stale, reported as warnings. */
  readonly unusedExceptions: readonly GuardrailException[];
  readonly durationMs: number;
}

export interface RunOptions {
  readonly manifest: Manifest;
  /** @default DEFAULT_PACKS */
  readonly packs?: readonly Pack[];
  /** Manifest exceptions (see manifestExceptions); code exceptions are always added. @default [] */
  readonly exceptions?: readonly GuardrailException[];
}

/**
 * Problems with exceptions themselves (no reason, an unknown rule id, no resource), judged against every rule
 * the kit has: runGuardrails reports them as errors, and `npm run synth` refuses a manifest with any before
 * it synthesizes anything.
 */
export function invalidExceptions(exceptions: readonly GuardrailException[]): string[] {
  return exceptionProblems(exceptions, new Set([...ALL_RULES.map((r) => r.id), DESTROY_GUARD_RULE.id]));
}

/** Problems with exceptions (invalidExceptions) as printed: a header, then one ERROR line each. */
export function formatExceptionErrors(errors: readonly string[]): string[] {
  return ["Invalid guardrail exceptions:", ...errors.map((e) => `  ERROR ${e}`)];
}

/** Run every rule over every stack: one pass over each rule's resource types, so time is linear in the config. */
export function runGuardrails(stacks: readonly StackInput[], opts: RunOptions): GuardrailResult {
  const started = performance.now();
  const rules = rulesOf(opts.packs ?? DEFAULT_PACKS);
  const exceptions = [...CODE_EXCEPTIONS, ...(opts.exceptions ?? [])];
  const exceptionErrors = invalidExceptions(exceptions);
  const used = new Set<GuardrailException>();
  const results = stacks.map((s) => runStack(s, opts.manifest, rules, exceptions, used));
  return {
    stacks: results,
    rules,
    exceptionErrors,
    unusedExceptions: exceptions.filter((e) => e.source !== "code" && e.rule !== DESTROY_GUARD_RULE.id && !used.has(e)),
    durationMs: performance.now() - started,
  };
}

function runStack(input: StackInput, manifest: Manifest, rules: readonly Rule[], exceptions: readonly GuardrailException[], used: Set<GuardrailException>): StackResult {
  const ctx = new StackContext(input.name, input.json, manifest);
  const findings: Finding[] = [];
  const record = (rule: Rule, address: string, type: string, status: Finding["status"], detail: string | undefined, resource?: TfResource) => {
    if (status === "not-applicable") return;
    let exception: Finding["exception"];
    if (status === "non-compliant") {
      const e = exceptions.find((x) => exceptionMatches(x, { ruleId: rule.id, stack: input.name, address }, resource, manifest));
      if (e) {
        used.add(e);
        exception = { reason: e.reason, source: e.source };
      }
    }
    findings.push({
      stack: input.name,
      address,
      type,
      constructPath: resource?.constructPath,
      ruleId: rule.id,
      ruleName: rule.name,
      level: rule.level,
      status,
      detail,
      fix: rule.fix,
      exception,
    });
  };
  for (const rule of rules) {
    if (rule.stackKinds && !rule.stackKinds.includes(ctx.kind)) continue;
    const targets =
      rule.resourceTypes === "*"
        ? ctx.resources
        : [
            ...rule.resourceTypes.flatMap((t) => ctx.ofType(t).filter((r) => r.mode === "managed")),
            ...(rule.dataSources ?? []).flatMap((t) => ctx.ofType(t).filter((r) => r.mode === "data")),
          ];
    for (const resource of targets) {
      const outcome = rule.evaluate(resource, ctx);
      record(rule, resource.address, resource.type, outcome.status, outcome.detail, resource);
    }
    for (const outcome of rule.evaluateStack?.(ctx) ?? []) record(rule, outcome.address, outcome.address, outcome.status, outcome.detail);
  }
  const resourcesByType: Record<string, number> = {};
  for (const r of ctx.resources) if (r.mode === "managed") resourcesByType[r.type] = (resourcesByType[r.type] ?? 0) + 1;
  const residency = rules.some((r) => r.family === "residency") ? residencySummary(ctx) : undefined;
  return { stack: input.name, kind: ctx.kind, region: ctx.region?.id, resourcesByType, findings, ...(residency ? { residency } : {}) };
}

/** Non-compliant, not excepted, at a level. */
export function openFindings(result: GuardrailResult, level: Finding["level"]): Finding[] {
  return result.stacks.flatMap((s) => s.findings.filter((f) => f.status === "non-compliant" && !f.exception && f.level === level));
}

/** Whether synth / check must fail. */
export function hasErrors(result: GuardrailResult): boolean {
  return result.exceptionErrors.length > 0 || openFindings(result, "error").length > 0;
}

export function formatFinding(f: Finding): string {
  return `  ${f.level === "error" ? "ERROR" : "warning"} ${f.stack} ${f.address} [${f.ruleId} ${f.ruleName}]: ${f.detail ?? "non-compliant"}\n      fix: ${f.fix}`;
}

/** Console text: every open error and warning, exception problems, stale exceptions, and a one-line summary. */
export function formatResult(result: GuardrailResult): string {
  const errors = openFindings(result, "error");
  const warnings = openFindings(result, "warning");
  const excepted = result.stacks.flatMap((s) => s.findings.filter((f) => f.exception)).length;
  const lines: string[] = [];
  if (result.exceptionErrors.length) lines.push(...formatExceptionErrors(result.exceptionErrors));
  if (errors.length) lines.push(`Guardrail errors (${errors.length}):`, ...errors.map(formatFinding));
  if (warnings.length) lines.push(`Guardrail warnings (${warnings.length}):`, ...warnings.map(formatFinding));
  for (const e of result.unusedExceptions) lines.push(`  warning exception ${e.rule} on ${e.stack ?? "*"}/${e.resource} (${e.source}) matches nothing: remove it`);
  const checked = result.stacks.reduce((n, s) => n + s.findings.length, 0);
  lines.push(
    `guardrails: ${result.stacks.length} stack(s), ${result.rules.length} rules, ${checked} checks: ${errors.length} error(s), ${warnings.length} warning(s), ${excepted} excepted, in ${result.durationMs.toFixed(0)} ms`,
  );
  return lines.join("\n");
}
