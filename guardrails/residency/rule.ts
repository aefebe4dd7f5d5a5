import { COMPLIANT, defineRule, fail, NOT_APPLICABLE } from "../checks.js";
import type { Controls, Rule, StackKind } from "../types.js";
import { analyze, type ProblemKind } from "./analysis.js";

/**
 * A residency rule is a view on the shared stack analysis: the problems of one kind, per resource
 * and per stack section (providers, backend, outputs). The analysis runs once per stack.
 */
export function analysisRule(spec: {
  id: string;
  name: string;
  kind: ProblemKind;
  description: string;
  fix: string;
  controls?: Controls;
  stackKinds?: readonly StackKind[];
  /** Managed resources only (data sources hold no configuration of their own). @default false */
  managedOnly?: boolean;
}): Rule {
  return defineRule({
    id: spec.id,
    name: spec.name,
    family: "residency",
    level: "error",
    description: spec.description,
    fix: spec.fix,
    controls: spec.controls ?? { note: "regionkit residency (closed-world analysis, guardrails/residency)" },
    resourceTypes: "*",
    stackKinds: spec.stackKinds,
    evaluate(resource, ctx) {
      const a = analyze(ctx);
      if (!a.profile || (spec.managedOnly && resource.mode !== "managed")) return NOT_APPLICABLE;
      const problems = a.problemsOf(resource.address, spec.kind);
      return problems.length ? fail(problems.join("; ")) : COMPLIANT;
    },
    evaluateStack(ctx) {
      const a = analyze(ctx);
      if (!a.profile) return [];
      const failed = a.stackProblems(spec.kind).map(({ address, details }) => ({ address, ...fail(details.join("; ")) }));
      // Providers and backend are checked on every stack: say so when they pass.
      const passed = ["provider", "terraform"].filter((s) => ctx.json[s] !== undefined && !failed.some((f) => f.address === s || f.address.startsWith(`${s}.`)));
      return [...failed, ...passed.map((address) => ({ address, ...COMPLIANT }))];
    },
  });
}
