import { defineRule, destinationsInJurisdiction, getAll } from "../checks.js";

const SOURCES: Readonly<Record<string, readonly string[]>> = {
  aws_ami_copy: ["source_ami_region"],
  aws_ebs_snapshot_copy: ["source_region"],
  aws_db_snapshot_copy: ["destination_region", "source_db_snapshot_identifier", "kms_key_id"],
  aws_db_cluster_snapshot_copy: ["destination_region", "source_db_cluster_snapshot_identifier", "kms_key_id"],
};

export const imageSnapshotCopyInJurisdiction = defineRule({
  id: "RK-RES-009",
  name: "image-snapshot-copy-in-jurisdiction",
  family: "residency",
  level: "error",
  description: "AMI and EBS/RDS snapshot copies come from and go to the stack's allowed AWS regions only.",
  fix: "Copy images and snapshots only between the region's primary and backup AWS regions.",
  controls: { note: "regionkit residency" },
  resourceTypes: Object.keys(SOURCES),
  evaluate(resource, ctx) {
    const values = SOURCES[resource.type]!.flatMap((p) => getAll(resource.attrs, p)).filter(
      (v) => typeof v !== "string" || v.startsWith("arn:") || v.includes("${") || /^[a-z]{2}-[a-z]+-\d$/.test(v),
    );
    return destinationsInJurisdiction(ctx, values, "copy source/destination");
  },
});
