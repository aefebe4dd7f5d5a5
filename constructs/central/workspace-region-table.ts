import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import { WORKSPACE_ID_ATTRIBUTE } from "../../regions/workspace-region.js";
import type { RegionalKey } from "../keys/regional-key.js";

export interface WorkspaceRegionTableProps {
  /** Physical name, from `CentralResolver.workspaceRegionTable`. */
  readonly tableName: string;
  /** Central key for server-side encryption. */
  readonly encryption: RegionalKey;
}

/**
 * The source of truth for which region serves each workspace, and whether it
 * is moving. Keyed by workspace id; the item shape and the optimistic
 * migration transitions are in regions/workspace-region.ts. On-demand,
 * point-in-time recovery, deletion protection, the central key,
 * `prevent_destroy`, and deliberately no replicas: it lives in the central
 * home region only.
 */
export class WorkspaceRegionTable extends Construct {
  readonly table: DynamodbTable;
  readonly tableName: string;

  constructor(scope: Construct, id: string, props: WorkspaceRegionTableProps) {
    super(scope, id);
    this.tableName = props.tableName;
    this.table = new DynamodbTable(this, "Resource", {
      name: props.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: WORKSPACE_ID_ATTRIBUTE,
      attribute: [{ name: WORKSPACE_ID_ATTRIBUTE, type: "S" }],
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
      serverSideEncryption: { enabled: true, kmsKeyArn: props.encryption.arn },
      lifecycle: { preventDestroy: true },
    });
  }

  get arn(): string {
    return this.table.arn;
  }
}
