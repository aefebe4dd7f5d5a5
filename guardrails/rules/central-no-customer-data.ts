import { TAGS } from "../../stacks/kit-stack.js";
import { COMPLIANT, defineRule, fail, NOT_APPLICABLE } from "../checks.js";
import { analyze } from "../residency/analysis.js";

export const centralNoCustomerData = defineRule({
  id: "RK-RES-016",
  name: "central-no-customer-data",
  family: "residency",
  level: "error",
  description: `No central, warehouse or edge resource holds customer data: no store the catalog reserves for regional stacks, and nothing tagged ${TAGS.dataClass}=customer.`,
  fix: "Customer data belongs in the region's data-<id> stack; central holds only routing, orchestration and sanitized outputs.",
  controls: { note: "regionkit residency" },
  resourceTypes: "*",
  stackKinds: ["central", "warehouse", "other"],
  evaluate(resource, ctx) {
    if (resource.mode !== "managed") return NOT_APPLICABLE;
    const a = analyze(ctx);
    if (ctx.kind === "other" && a.profile !== "edge") return NOT_APPLICABLE;
    const problems = a.problemsOf(resource.address, "central-store");
    if (ctx.tags(resource)[TAGS.dataClass] === "customer") problems.push(`tagged ${TAGS.dataClass}=customer`);
    return problems.length ? fail(problems.join("; ")) : COMPLIANT;
  },
});
