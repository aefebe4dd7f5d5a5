import type { GuardrailResult, StackInput } from "./engine.js";
import { openFindings } from "./engine.js";
import type { GuardrailException } from "./exceptions.js";
import { exceptionFor } from "./plan-guard.js";
import type { SourceIndex, SourceLocation } from "./sources.js";
import { isStateful } from "./stateful.js";
import { resourcesOf } from "./context.js";
import type { Finding, Rule } from "./types.js";
import { residencyGraphMarkdown, residencyGraphs, type ResidencyGraph } from "./residency/graph.js";

/** What changed in one stack between a base synth and this one, by Terraform address. */
export interface StackDiff {
  readonly added: readonly DiffEntry[];
  /** Stateful removals first. */
  readonly removed: readonly DiffEntry[];
  readonly changed: readonly DiffEntry[];
}

export interface DiffEntry {
  readonly address: string;
  readonly type: string;
  readonly stateful: boolean;
  /** Top-level arguments that differ (changed entries only). */
  readonly attributes?: readonly string[];
  /** A stateful removal an RK-DL-009 exception approves, with its reason. */
  readonly approved?: string;
}

export interface StackReport {
  readonly stack: string;
  readonly kind: string;
  readonly region?: string;
  readonly resourceCount: number;
  readonly resourcesByType: Readonly<Record<string, number>>;
  readonly passed: number;
  readonly failed: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly excepted: readonly Finding[];
  /** Present when a base synth was given; a stack new in this synth has everything added. */
  readonly diff?: StackDiff;
  /** The base synth had no such stack. */
  readonly isNew?: boolean;
}

export interface Report {
  /** False on any open error finding, invalid exception, unapproved stateful removal, failed or blocked plan, or report error. */
  readonly ok: boolean;
  readonly summary: {
    readonly stacks: number;
    readonly resources: number;
    readonly rules: number;
    readonly passed: number;
    readonly errors: number;
    readonly warnings: number;
    readonly excepted: number;
    /** Stateful resources the synth diff removes that no RK-DL-009 exception approves. */
    readonly statefulRemovals: number;
    /** Stacks whose Terraform plan failed or was blocked (0 without a plan). */
    readonly failedPlans: number;
  };
  readonly exceptionErrors: readonly string[];
  readonly stacks: readonly StackReport[];
  /** Stacks in the base synth that are gone from this one (everything in them would be destroyed). */
  readonly removedStacks: readonly { readonly stack: string; readonly diff: StackDiff }[];
  /** `npm run plan -- --base` results, per stack, when that ran. */
  readonly plan?: PlanSummary;
  /** Errors that kept the report from being complete (an unreadable input): the report is red. */
  readonly errors: readonly string[];
  /** Per region: stores, movers, flows and crossings from the residency analysis. */
  readonly residencyGraphs: readonly ResidencyGraph[];
  readonly durationMs: number;
}

export interface ReportOptions {
  /** The base synth: adds a per-stack diff. */
  readonly base?: readonly StackInput[];
  /** What `npm run plan -- --base` wrote to plan-summary.json. */
  readonly plan?: PlanSummary;
  /** RK-DL-009 exceptions: a stateful removal they name is approved, not an error. */
  readonly exceptions?: readonly GuardrailException[];
  /** Problems met while gathering the inputs; each one turns the report red. */
  readonly errors?: readonly string[];
}

const byStatefulFirst = (a: DiffEntry, b: DiffEntry) => Number(b.stateful) - Number(a.stateful) || a.address.localeCompare(b.address);

export function diffStack(base: StackInput | undefined, current: StackInput | undefined, exceptions: readonly GuardrailException[] = []): StackDiff {
  const index = (s?: StackInput) => new Map((s ? resourcesOf(s.json) : []).filter((r) => r.mode === "managed").map((r) => [r.address, r]));
  const before = index(base);
  const after = index(current);
  const entry = (address: string, type: string, attributes?: string[]): DiffEntry => ({ address, type, stateful: isStateful(type), ...(attributes ? { attributes } : {}) });
  const added: DiffEntry[] = [];
  const changed: DiffEntry[] = [];
  for (const [address, r] of after) {
    const old = before.get(address);
    if (!old) added.push(entry(address, r.type));
    else {
      const keys = [...new Set([...Object.keys(old.attrs), ...Object.keys(r.attrs)])].filter((k) => JSON.stringify(old.attrs[k]) !== JSON.stringify(r.attrs[k]));
      if (keys.length) changed.push(entry(address, r.type, keys.sort()));
    }
  }
  const stack = (current ?? base)?.name;
  const removed = [...before]
    .filter(([a]) => !after.has(a))
    .map(([a, r]) => {
      const approved = isStateful(r.type) ? exceptionFor(exceptions, stack, a)?.reason : undefined;
      return { ...entry(a, r.type), ...(approved ? { approved } : {}) };
    });
  return { added: added.sort(byStatefulFirst), removed: removed.sort(byStatefulFirst), changed: changed.sort(byStatefulFirst) };
}

export function buildReport(result: GuardrailResult, stacks: readonly StackInput[], options: ReportOptions = {}): Report {
  const { base, plan, exceptions = [] } = options;
  const baseByName = new Map((base ?? []).map((s) => [s.name, s]));
  const inputByName = new Map(stacks.map((s) => [s.name, s]));
  const stackReports = result.stacks.map((s): StackReport => {
    const nonCompliant = s.findings.filter((f) => f.status === "non-compliant");
    return {
      stack: s.stack,
      kind: s.kind,
      region: s.region,
      resourceCount: Object.values(s.resourcesByType).reduce((a, b) => a + b, 0),
      resourcesByType: s.resourcesByType,
      passed: s.findings.filter((f) => f.status === "compliant").length,
      failed: nonCompliant.filter((f) => !f.exception && f.level === "error"),
      warnings: nonCompliant.filter((f) => !f.exception && f.level === "warning"),
      excepted: nonCompliant.filter((f) => f.exception),
      ...(base ? { diff: diffStack(baseByName.get(s.stack), inputByName.get(s.stack), exceptions), isNew: !baseByName.has(s.stack) } : {}),
    };
  });
  const removedStacks = (base ?? []).filter((b) => !inputByName.has(b.name)).map((b) => ({ stack: b.name, diff: diffStack(b, undefined, exceptions) }));
  const statefulRemovals = [...stackReports.map((s) => s.diff), ...removedStacks.map((s) => s.diff)].reduce((n, d) => n + (d?.removed.filter((r) => r.stateful && !r.approved).length ?? 0), 0);
  const errors = openFindings(result, "error").length;
  const failedPlans = plan ? plan.stacks.filter((p) => !p.ok).length + (plan.ok || plan.stacks.some((p) => !p.ok) ? 0 : 1) : 0;
  const reportErrors = options.errors ?? [];
  return {
    ok: errors === 0 && result.exceptionErrors.length === 0 && statefulRemovals === 0 && failedPlans === 0 && reportErrors.length === 0,
    summary: {
      stacks: stackReports.length,
      resources: stackReports.reduce((n, s) => n + s.resourceCount, 0),
      rules: result.rules.length,
      passed: stackReports.reduce((n, s) => n + s.passed, 0),
      errors,
      warnings: openFindings(result, "warning").length,
      excepted: stackReports.reduce((n, s) => n + s.excepted.length, 0),
      statefulRemovals,
      failedPlans,
    },
    exceptionErrors: result.exceptionErrors,
    stacks: stackReports,
    removedStacks,
    ...(plan ? { plan } : {}),
    errors: reportErrors,
    residencyGraphs: residencyGraphs(result.stacks),
    durationMs: result.durationMs,
  };
}

/** Markdown table cell: no pipes or newlines. */
const cell = (s: string | number | undefined) => String(s ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => `\`${s}\``;

function table(headers: string[], rows: Array<Array<string | number | undefined>>): string[] {
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}

/** One address's change in a stack plan: what Terraform would do and which attributes differ. */
export interface AddressChange {
  readonly address: string;
  readonly type: string;
  readonly actions: readonly string[];
  /** Top-level attributes whose value differs or becomes known only after apply. */
  readonly attributes: readonly string[];
  /** Why Terraform replaces it (`replace_because_cannot_update`, ...), when it does. */
  readonly reason?: string;
}

/** One stack of `plan-summary.json` (written by `npm run plan -- --base`). */
export interface PlanStackSummary {
  readonly stack: string;
  /** `planned`, `new-stack`, `removed-stack`, `blocked`, `failed`, or `skipped (...)`. */
  readonly status: string;
  /** False when the plan failed or the destroy guard blocked a change. */
  readonly ok: boolean;
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly destroy: number;
  /** `<address> (<kind>)` of every stateful destroy/replace the guard or prevent_destroy stopped. */
  readonly blocked: readonly string[];
  /** Stateful destroys an RK-DL-009 exception approved, with its reason. */
  readonly excepted?: readonly string[];
  /** Terraform's error, when the plan failed for another reason. */
  readonly error?: string;
  readonly changes?: readonly AddressChange[];
  readonly seconds?: number;
}

/** What `npm run plan -- --base` wrote to <out>/plan-summary.json. */
export interface PlanSummary {
  readonly base: string;
  /** False when any stack's plan failed or was blocked. */
  readonly ok: boolean;
  readonly stacks: readonly PlanStackSummary[];
}

/**
 * A section another capability adds to the report (e.g. the per-region residency graph): it gets
 * the finished report and returns Markdown lines, placed after the plan and before the per-stack
 * details. A section that finds a problem says so in its own lines; the verdict is the report's.
 */
export interface ReportSection {
  readonly title: string;
  render(report: Report): readonly string[];
}

/** Hidden marker the pull-request workflow finds to update its one comment instead of adding another. */
export const REPORT_MARKER = "<!-- regionkit-report -->";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : word.endsWith("s") ? "es" : "s"}`;

/** The verdict line: red on anything that should stop a merge, naming each kind of problem. */
function verdict(report: Report): string {
  if (report.ok) return "✅ passed";
  const s = report.summary;
  const problems = [
    s.errors && plural(s.errors, "failed check"),
    report.exceptionErrors.length && plural(report.exceptionErrors.length, "invalid exception"),
    s.statefulRemovals && plural(s.statefulRemovals, "stateful removal"),
    s.failedPlans && plural(s.failedPlans, "failed plan"),
    report.errors.length && plural(report.errors.length, "error"),
  ].filter(Boolean);
  return `❌ ${problems.join(", ")}`;
}

/** Markdown for a pull-request comment: verdict first, then what needs attention, then details folded away. */
export function reportMarkdown(report: Report, sections: readonly ReportSection[] = []): string {
  const s = report.summary;
  const plan = report.plan;
  const out: string[] = [REPORT_MARKER];
  out.push(`## regionkit guardrails: ${verdict(report)}`);
  out.push("");
  if (report.errors.length) out.push(...report.errors.map((e) => `> ❌ ${e}`), "");
  out.push(
    `${plural(s.stacks, "stack")}, ${s.resources} resources, ${s.rules} rules: **${s.passed} checks passed**, ${s.errors} failed, ${s.warnings} warning(s), ${s.excepted} excepted${report.stacks.some((x) => x.diff) ? `, **${s.statefulRemovals} stateful removal(s)**` : ""}${plan ? `, **${s.failedPlans} failed plan(s)**` : ""}.`,
  );
  out.push("");
  const withDiff = report.stacks.some((x) => x.diff);
  out.push(
    ...table(
      ["stack", "region", "resources", "passed", "failed", "warnings", "excepted", ...(withDiff ? ["added", "removed", "changed"] : [])],
      report.stacks.map((x) => [
        `${code(x.stack)}${x.isNew ? " (new)" : ""}`,
        x.region ?? x.kind,
        x.resourceCount,
        x.passed,
        x.failed.length ? `❌ ${x.failed.length}` : "0",
        x.warnings.length,
        x.excepted.length,
        ...(withDiff ? [x.diff!.added.length, x.diff!.removed.length ? `${x.diff!.removed.some((r) => r.stateful && !r.approved) ? "⚠️ " : ""}${x.diff!.removed.length}` : "0", x.diff!.changed.length] : []),
      ]),
    ),
  );

  const statefulRemoved = [
    ...report.removedStacks.flatMap((r) => r.diff.removed.filter((d) => d.stateful).map((d) => [r.stack, d] as const)),
    ...report.stacks.flatMap((x) => (x.diff?.removed ?? []).filter((d) => d.stateful).map((d) => [x.stack, d] as const)),
  ];
  if (statefulRemoved.length) {
    out.push("", `### ⚠️ Stateful resources removed (${statefulRemoved.length})`, "", "Terraform would destroy these (prevent_destroy stops the apply). Rename with `moveTo`, or get an RK-DL-009 exception.", "");
    out.push(...table(["stack", "resource", "type", "approved"], statefulRemoved.map(([stack, d]) => [code(stack), code(d.address), d.type, d.approved ? `✅ ${d.approved}` : "❌ no"])));
  }
  for (const r of report.removedStacks) out.push("", `⚠️ Stack ${code(r.stack)} is gone from this synth: its ${r.diff.removed.length} resources would be destroyed.`);

  if (plan) out.push("", ...planMarkdown(plan));

  if (report.exceptionErrors.length) out.push("", "### ❌ Invalid exceptions", "", ...report.exceptionErrors.map((e) => `- ${e}`));
  const failed = report.stacks.flatMap((x) => x.failed);
  if (failed.length) {
    out.push("", `### ❌ Failed checks (${failed.length})`, "");
    out.push(...table(["stack", "resource", "rule", "why", "fix"], failed.map((f) => [code(f.stack), code(f.address), `${f.ruleId} ${f.ruleName}`, f.detail, f.fix])));
  }
  const warnings = report.stacks.flatMap((x) => x.warnings);
  if (warnings.length) {
    out.push("", `### Warnings (${warnings.length})`, "");
    out.push(...table(["stack", "resource", "rule", "why"], warnings.map((f) => [code(f.stack), code(f.address), `${f.ruleId} ${f.ruleName}`, f.detail])));
  }
  const excepted = groupExcepted(report.stacks.flatMap((x) => x.excepted));
  if (excepted.length) {
    out.push("", `### Excepted (${report.summary.excepted} findings, ${plural(excepted.length, "exception")})`, "");
    out.push(
      ...table(
        ["rule", "reason", "declared in", "applies to"],
        excepted.map((g) => [`${g.ruleId} ${g.ruleName}`, g.reason, g.source, g.findings.length === 1 ? `${code(g.findings[0]!.stack)} ${code(g.findings[0]!.address)}` : `${g.findings.length} resources in ${[...new Set(g.findings.map((f) => f.stack))].map(code).join(", ")}`]),
      ),
    );
  }

  out.push(...residencyGraphMarkdown(report.residencyGraphs));

  for (const section of sections) out.push("", `### ${section.title}`, "", ...section.render(report));

  out.push("", "### Stacks", "");
  for (const x of report.stacks) {
    out.push(`<details><summary><code>${x.stack}</code>: ${x.resourceCount} resources${x.diff ? `, +${x.diff.added.length} −${x.diff.removed.length} ~${x.diff.changed.length}` : ""}</summary>`, "");
    out.push(...table(["type", "count"], Object.entries(x.resourcesByType).sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => [code(t), n])));
    if (x.diff) {
      const list = (title: string, entries: readonly DiffEntry[]) => {
        if (!entries.length) return;
        out.push("", `**${title}**`, "", ...entries.map((e) => `- ${e.stateful ? "**stateful** " : ""}${code(e.address)}${e.attributes ? `: ${e.attributes.map(code).join(", ")}` : ""}`));
      };
      list("Removed", x.diff.removed);
      list("Added", x.diff.added);
      list("Changed", x.diff.changed);
    }
    out.push("", "</details>", "");
  }
  out.push(`<sub>guardrails ran in ${report.durationMs.toFixed(0)} ms. Rules: guardrails/README.md.</sub>`);
  return `${out.join("\n")}\n`;
}

/** Findings excepted by one exception (same rule, reason and source), so a reason shows once. */
function groupExcepted(findings: readonly Finding[]) {
  const groups = new Map<string, { ruleId: string; ruleName: string; reason: string; source: string; findings: Finding[] }>();
  for (const f of findings) {
    const key = JSON.stringify([f.ruleId, f.exception!.reason, f.exception!.source]);
    const g = groups.get(key) ?? { ruleId: f.ruleId, ruleName: f.ruleName, reason: f.exception!.reason, source: f.exception!.source, findings: [] };
    g.findings.push(f);
    groups.set(key, g);
  }
  return [...groups.values()];
}

const ACTION_MARK: Readonly<Record<string, string>> = { create: "+", update: "~", delete: "−", "delete,create": "−/+", "create,delete": "+/−" };

/** The Terraform plan section: one row per stack, then each stack's address changes folded away. */
function planMarkdown(plan: PlanSummary): string[] {
  const failed = plan.stacks.filter((p) => !p.ok);
  const out = [`### Terraform plan against the base ${failed.length ? `❌ ${plural(failed.length, "stack")} failed or blocked` : "✅"}`, ""];
  out.push(
    ...table(
      ["stack", "plan", "create", "update", "replace", "destroy", "blocked"],
      plan.stacks.map((p) => [code(p.stack), p.ok ? p.status : `❌ ${p.status}`, p.create, p.update, p.replace, p.destroy, p.blocked.length ? `❌ ${p.blocked.join(", ")}` : "0"]),
    ),
  );
  for (const p of plan.stacks.filter((x) => x.error)) out.push("", `❌ ${code(p.stack)}: Terraform plan failed`, "", "```", p.error!, "```");
  for (const p of plan.stacks.filter((x) => x.changes?.length)) {
    out.push("", `<details><summary><code>${p.stack}</code>: ${plural(p.changes!.length, "address")} change</summary>`, "");
    out.push(
      ...table(
        ["", "address", "attributes"],
        // A create sets everything: listing its attributes would bury the updates and replacements.
        p.changes!.map((c) => [ACTION_MARK[c.actions.join()] ?? c.actions.join(), `${code(c.address)}${c.reason ? ` (${c.reason})` : ""}`, c.attributes.length && c.actions.join() !== "create" ? c.attributes.map(code).join(", ") : "-"]),
      ),
    );
    out.push("", "</details>");
  }
  return out;
}

export interface SarifOptions {
  /** Where findings are in the repository's source (construct files, manifest lines). */
  readonly sources: SourceIndex;
  /** The tool's version (regionkit's package version). */
  readonly version: string;
  /** Where the rules are documented (an absolute URI). */
  readonly informationUri: string;
  /** Plan results: each blocked stateful destroy becomes an RK-DL-009 result. */
  readonly plan?: PlanSummary;
  /** The construct path of an address (from the synth that has it), to locate plan results. */
  readonly constructPathOf?: (stack: string, address: string) => string | undefined;
  /** Rules not in the guardrail run that results may name (the destroy guard). */
  readonly extraRules?: ReadonlyArray<Pick<Rule, "id" | "name" | "family" | "level" | "description" | "fix"> & Partial<Pick<Rule, "controls">>>;
}

const physical = (at: SourceLocation) => ({ physicalLocation: { artifactLocation: { uri: at.uri, uriBaseId: "%SRCROOT%" }, ...(at.line ? { region: { startLine: at.line } } : {}) } });

/**
 * SARIF 2.1.0 for code scanning: one result per non-compliant finding (excepted ones carry a
 * suppression) and per blocked stateful destroy in the plan, each located in the repository's
 * source: a residency finding of a regional stack at its region's manifest line (the region entry
 * decides where things go), every other finding at the line that creates its construct.
 */
export function reportSarif(result: GuardrailResult, options: SarifOptions): object {
  const { sources } = options;
  const rules = [...result.rules, ...(options.extraRules ?? [])];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const family = new Map(rules.map((r) => [r.id, r.family]));
  const findings = result.stacks.flatMap((s) => s.findings.filter((f) => f.status === "non-compliant"));
  const located = (stack: string, constructPath: string | undefined, residency: boolean) => {
    const construct = sources.locate(stack, constructPath);
    const region = sources.region(stack);
    const primary = residency && region.line ? region : construct;
    return { locations: [physical(primary)], ...(primary !== construct ? { relatedLocations: [{ id: 1, ...physical(construct), message: { text: "the construct" } }] } : {}) };
  };
  const findingResults = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId),
    level: f.level,
    message: { text: `${f.stack} ${f.address}: ${f.detail ?? "non-compliant"}. Fix: ${f.fix}` },
    ...located(f.stack, f.constructPath, family.get(f.ruleId) === "residency"),
    ...(f.exception ? { suppressions: [{ kind: "external", justification: f.exception.reason }] } : {}),
  }));
  const planResults = (options.plan?.stacks ?? []).flatMap((p) =>
    p.blocked.map((b) => {
      const address = b.replace(/ \(.*\)$/, "");
      const rule = options.extraRules?.find((r) => r.family === "data-loss");
      return {
        ruleId: rule?.id ?? "plan",
        ...(rule ? { ruleIndex: ruleIndex.get(rule.id) } : {}),
        level: "error",
        message: { text: `${p.stack} ${b}: the plan destroys a stateful resource.${rule ? ` Fix: ${rule.fix}` : ""}` },
        ...located(p.stack, options.constructPathOf?.(p.stack, address), false),
      };
    }),
  );
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "regionkit-guardrails",
            version: options.version,
            informationUri: options.informationUri,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.description },
              help: { text: r.fix },
              defaultConfiguration: { level: r.level },
              properties: { tags: [r.family, ...(r.controls?.fsbp ?? []), ...(r.controls?.checkov ?? [])] },
            })),
          },
        },
        results: [...findingResults, ...planResults].map((r) => ({ ...r, partialFingerprints: { regionkitFinding: `${r.ruleId}:${r.message.text.split(":")[0]}` } })),
      },
    ],
  };
}
