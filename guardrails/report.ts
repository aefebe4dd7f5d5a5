import type { GuardrailResult, StackInput } from "./engine.js";
import { hasErrors, openFindings } from "./engine.js";
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
  readonly ok: boolean;
  readonly summary: {
    readonly stacks: number;
    readonly resources: number;
    readonly rules: number;
    readonly passed: number;
    readonly errors: number;
    readonly warnings: number;
    readonly excepted: number;
    readonly statefulRemovals: number;
  };
  readonly exceptionErrors: readonly string[];
  readonly stacks: readonly StackReport[];
  /** Stacks in the base synth that are gone from this one (everything in them would be destroyed). */
  readonly removedStacks: readonly { readonly stack: string; readonly diff: StackDiff }[];
  /** Per region: stores, movers, flows and crossings from the residency analysis. */
  readonly residencyGraphs: readonly ResidencyGraph[];
  readonly durationMs: number;
}

const byStatefulFirst = (a: DiffEntry, b: DiffEntry) => Number(b.stateful) - Number(a.stateful) || a.address.localeCompare(b.address);

export function diffStack(base: StackInput | undefined, current: StackInput | undefined): StackDiff {
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
  const removed = [...before].filter(([a]) => !after.has(a)).map(([a, r]) => entry(a, r.type));
  return { added: added.sort(byStatefulFirst), removed: removed.sort(byStatefulFirst), changed: changed.sort(byStatefulFirst) };
}

export function buildReport(result: GuardrailResult, stacks: readonly StackInput[], base?: readonly StackInput[]): Report {
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
      ...(base ? { diff: diffStack(baseByName.get(s.stack), inputByName.get(s.stack)), isNew: !baseByName.has(s.stack) } : {}),
    };
  });
  const removedStacks = (base ?? []).filter((b) => !inputByName.has(b.name)).map((b) => ({ stack: b.name, diff: diffStack(b, undefined) }));
  const statefulRemovals = [...stackReports.map((s) => s.diff), ...removedStacks.map((s) => s.diff)].reduce((n, d) => n + (d?.removed.filter((r) => r.stateful).length ?? 0), 0);
  return {
    ok: !hasErrors(result),
    summary: {
      stacks: stackReports.length,
      resources: stackReports.reduce((n, s) => n + s.resourceCount, 0),
      rules: result.rules.length,
      passed: stackReports.reduce((n, s) => n + s.passed, 0),
      errors: openFindings(result, "error").length,
      warnings: openFindings(result, "warning").length,
      excepted: stackReports.reduce((n, s) => n + s.excepted.length, 0),
      statefulRemovals,
    },
    exceptionErrors: result.exceptionErrors,
    stacks: stackReports,
    removedStacks,
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

/** One stack of `plan-summary.json`. */
export interface PlanStackSummary {
  stack: string;
  status: string;
  create: number;
  update: number;
  replace: number;
  destroy: number;
  blocked: readonly string[];
}

/** What `npm run plan -- --base` wrote to <out>/plan-summary.json. */
export interface PlanSummary {
  readonly base: string;
  readonly stacks: readonly PlanStackSummary[];
}

/** Markdown for a pull-request comment: verdict first, then what needs attention, then details folded away. */
export function reportMarkdown(report: Report, plan?: PlanSummary): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`## regionkit guardrails: ${report.ok ? "✅ passed" : `❌ ${s.errors + report.exceptionErrors.length} error(s)`}`);
  out.push("");
  out.push(
    `${s.stacks} stack${s.stacks === 1 ? "" : "s"}, ${s.resources} resources, ${s.rules} rules: **${s.passed} checks passed**, ${s.errors} failed, ${s.warnings} warning(s), ${s.excepted} excepted${report.stacks.some((x) => x.diff) ? `, **${s.statefulRemovals} stateful removal(s)**` : ""}.`,
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
        ...(withDiff ? [x.diff!.added.length, x.diff!.removed.length ? `${x.diff!.removed.some((r) => r.stateful) ? "⚠️ " : ""}${x.diff!.removed.length}` : "0", x.diff!.changed.length] : []),
      ]),
    ),
  );

  const statefulRemoved = [
    ...report.removedStacks.flatMap((r) => r.diff.removed.filter((d) => d.stateful).map((d) => [r.stack, d] as const)),
    ...report.stacks.flatMap((x) => (x.diff?.removed ?? []).filter((d) => d.stateful).map((d) => [x.stack, d] as const)),
  ];
  if (statefulRemoved.length) {
    out.push("", `### ⚠️ Stateful resources removed (${statefulRemoved.length})`, "", "Terraform would destroy these (prevent_destroy stops the apply). Rename with `moveTo`, or get an RK-DL-009 exception.", "");
    out.push(...table(["stack", "resource", "type"], statefulRemoved.map(([stack, d]) => [code(stack), code(d.address), d.type])));
  }
  for (const r of report.removedStacks) out.push("", `⚠️ Stack ${code(r.stack)} is gone from this synth: its ${r.diff.removed.length} resources would be destroyed.`);

  if (plan) {
    const blocked = plan.stacks.flatMap((p) => p.blocked.map((b) => `${code(p.stack)} ${code(b)}`));
    out.push("", `### Terraform plan against the base ${blocked.length ? `❌ ${blocked.length} stateful destroy/replace` : "✅"}`, "");
    out.push(...table(["stack", "plan", "create", "update", "replace", "destroy", "blocked"], plan.stacks.map((p) => [code(p.stack), p.status, p.create, p.update, p.replace, p.destroy, p.blocked.length ? `❌ ${p.blocked.join(", ")}` : "0"])));
  }

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
  const excepted = report.stacks.flatMap((x) => x.excepted);
  if (excepted.length) {
    out.push("", `### Excepted (${excepted.length})`, "");
    out.push(...table(["stack", "resource", "rule", "reason", "declared in"], excepted.map((f) => [code(f.stack), code(f.address), `${f.ruleId} ${f.ruleName}`, f.exception!.reason, f.exception!.source])));
  }

  out.push(...residencyGraphMarkdown(report.residencyGraphs));
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

/** SARIF 2.1.0 for code-scanning tools: one result per non-compliant finding; excepted ones carry a suppression. */
export function reportSarif(
  result: GuardrailResult,
  stackFiles: ReadonlyMap<string, { uri: string; text: string }>,
  extraRules: ReadonlyArray<Pick<Rule, "id" | "name" | "family" | "level" | "description" | "fix"> & Partial<Pick<Rule, "controls">>> = [],
): object {
  const rules = [...result.rules, ...extraRules];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const findings = result.stacks.flatMap((s) => s.findings.filter((f) => f.status === "non-compliant"));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "regionkit-guardrails",
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
        results: findings.map((f) => {
          const file = stackFiles.get(f.stack);
          const name = f.address.split(".").pop()!;
          const at = file ? file.text.indexOf(`"${name}": {`) : -1;
          const line = at >= 0 ? file!.text.slice(0, at).split("\n").length : undefined;
          return {
            ruleId: f.ruleId,
            ruleIndex: ruleIndex.get(f.ruleId),
            level: f.level,
            message: { text: `${f.stack} ${f.address}: ${f.detail ?? "non-compliant"}. Fix: ${f.fix}` },
            locations: [
              {
                physicalLocation: { artifactLocation: { uri: file?.uri ?? `cdktf.out/stacks/${f.stack}/cdk.tf.json` }, ...(line ? { region: { startLine: line } } : {}) },
                logicalLocations: [{ fullyQualifiedName: `${f.stack}/${f.address}`, kind: "resource" }],
              },
            ],
            ...(f.exception ? { suppressions: [{ kind: "external", justification: f.exception.reason }] } : {}),
          };
        }),
      },
    ],
  };
}
