import { TAGS } from "../../stacks/kit-stack.js";
import { check, defineRule, NOT_APPLICABLE } from "../checks.js";

export const centralNoCustomerData = defineRule({
  id: "RK-RES-016",
  name: "central-no-customer-data",
  family: "residency",
  level: "error",
  description: `No resource of a central stack is tagged ${TAGS.dataClass}=customer (resource tags or provider default tags).`,
  fix: "Customer data belongs in the region's data-<id> stack; central holds only routing, orchestration and sanitized outputs.",
  controls: { note: "regionkit residency" },
  resourceTypes: "*",
  stackKinds: ["central", "warehouse"],
  evaluate(resource, ctx) {
    if (resource.mode !== "managed") return NOT_APPLICABLE;
    const dataClass = ctx.tags(resource)[TAGS.dataClass];
    return check(dataClass !== "customer", `tagged ${TAGS.dataClass}=customer`);
  },
});
