import { check, defineRule, isTrue } from "../checks.js";

export const s3NoForceDestroy = defineRule({
  id: "RK-DL-007",
  name: "s3-no-force-destroy",
  family: "data-loss",
  level: "error",
  description: "No S3 bucket sets `force_destroy` (which deletes every object when the bucket is destroyed).",
  fix: "Remove force_destroy (SecureBucket sets it false).",
  controls: { note: "regionkit data loss" },
  resourceTypes: ["aws_s3_bucket"],
  evaluate(r) {
    return check(!isTrue(r.attrs.force_destroy), "force_destroy is true");
  },
});
