import { check, defineRule, get, isTrue } from "../checks.js";
import { STATEFUL_TYPES } from "../stateful.js";

export const preventDestroy = defineRule({
  id: "RK-DL-001",
  name: "prevent-destroy",
  family: "data-loss",
  level: "error",
  description: "Every stateful resource (guardrails/stateful.ts) has `lifecycle.prevent_destroy`, so Terraform refuses a plan that destroys it.",
  fix: "Pass `lifecycle: { preventDestroy: true }` to the resource.",
  controls: { note: "regionkit data loss; Terraform lifecycle" },
  resourceTypes: [...STATEFUL_TYPES],
  evaluate(r) {
    return check(r.mode === "managed" && isTrue(get(r.attrs, "lifecycle.prevent_destroy")), "no lifecycle.prevent_destroy");
  },
});
