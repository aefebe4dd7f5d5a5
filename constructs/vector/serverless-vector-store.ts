import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { OpensearchserverlessAccessPolicy } from "@cdktf/provider-aws/lib/opensearchserverless-access-policy";
import { OpensearchserverlessCollection } from "@cdktf/provider-aws/lib/opensearchserverless-collection";
import { OpensearchserverlessSecurityPolicy } from "@cdktf/provider-aws/lib/opensearchserverless-security-policy";
import { OpensearchserverlessVpcEndpoint } from "@cdktf/provider-aws/lib/opensearchserverless-vpc-endpoint";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import type { RegionResolver } from "../../regions/resolvers.js";
import { policyDocument, readerTrustPolicy } from "../iam/policy.js";
import { grantToRole } from "../iam/role-grant.js";
import type { RegionalKey } from "../keys/regional-key.js";
import type { Network } from "../network/network.js";
import type { VectorStore } from "./vector-store.js";

/** Data-plane permissions a writer gets on the collection and its indices. */
export const VECTOR_WRITE_PERMISSIONS = {
  collection: ["aoss:DescribeCollectionItems", "aoss:CreateCollectionItems", "aoss:UpdateCollectionItems"],
  index: ["aoss:CreateIndex", "aoss:DescribeIndex", "aoss:UpdateIndex", "aoss:ReadDocument", "aoss:WriteDocument"],
} as const;

/** Data-plane permissions a reader gets: find the collection and its indices, read documents (k-NN queries). */
export const VECTOR_READ_PERMISSIONS = {
  collection: ["aoss:DescribeCollectionItems"],
  index: ["aoss:DescribeIndex", "aoss:ReadDocument"],
} as const;

export interface ServerlessVectorStoreProps {
  readonly names: RegionResolver;
  /** Encrypts the collection (the region's `search` key). */
  readonly key: RegionalKey;
  /** The collection's VPC endpoint goes into its app subnets, behind its endpoint security group. */
  readonly network: Network;
}

/**
 * The default vector store: an OpenSearch Serverless collection of type
 * VECTORSEARCH, encrypted with the region's key, reachable only through this
 * region's VPC endpoint (no public access, no dashboards), writable only by the
 * roles given to `grantWrite` (the embeddings job) and readable by those and by
 * the roles given to `grantRead` (its own `readerRole`, for AI retrieval).
 */
export class ServerlessVectorStore extends Construct implements VectorStore {
  readonly engine = "opensearch-serverless";
  readonly collection: OpensearchserverlessCollection;
  readonly collectionName: string;
  readonly vpcEndpoint: OpensearchserverlessVpcEndpoint;
  readonly encryptionPolicy: OpensearchserverlessSecurityPolicy;
  readonly networkPolicy: OpensearchserverlessSecurityPolicy;
  readonly accessPolicy: OpensearchserverlessAccessPolicy;
  readonly readerRole: IamRole;
  private readonly writers: string[] = [];
  private readonly readers: string[] = [];
  private grants = 0;

  constructor(scope: Construct, id: string, props: ServerlessVectorStoreProps) {
    super(scope, id);
    const { names, key, network } = props;
    this.collectionName = names.vectorCollectionName;
    const collection = `collection/${this.collectionName}`;
    const policyName = (purpose: string) => names.name("vectors", [purpose], "openSearchServerless");

    this.encryptionPolicy = new OpensearchserverlessSecurityPolicy(this, "EncryptionPolicy", {
      name: policyName("enc"),
      type: "encryption",
      description: `Encrypt ${this.collectionName} with the region's search key`,
      policy: JSON.stringify({ Rules: [{ ResourceType: "collection", Resource: [collection] }], AWSOwnedKey: false, KmsARN: key.arn }),
    });

    this.vpcEndpoint = new OpensearchserverlessVpcEndpoint(this, "VpcEndpoint", {
      name: names.name("vectors", ["vpce"], "openSearchServerless"),
      vpcId: network.vpc.id,
      subnetIds: network.appSubnetIds,
      securityGroupIds: [network.endpointSecurityGroup.id],
    });

    // Dashboards get no rule, so they are reachable from nowhere.
    this.networkPolicy = new OpensearchserverlessSecurityPolicy(this, "NetworkPolicy", {
      name: policyName("net"),
      type: "network",
      description: `${this.collectionName} only through this region's VPC endpoint`,
      policy: JSON.stringify([
        { Rules: [{ ResourceType: "collection", Resource: [collection] }], AllowFromPublic: false, SourceVPCEs: [this.vpcEndpoint.id] },
      ]),
    });

    this.collection = new OpensearchserverlessCollection(this, "Resource", {
      name: this.collectionName,
      type: "VECTORSEARCH",
      description: `Embeddings of region ${names.id}, written by its embeddings job`,
      standbyReplicas: names.region.vector.standbyReplicas ? "ENABLED" : "DISABLED",
      dependsOn: [this.encryptionPolicy, this.networkPolicy],
      lifecycle: { preventDestroy: true },
    });

    const rule = (permissions: { readonly collection: readonly string[]; readonly index: readonly string[] }, principals: readonly string[], description: string) => ({
      Description: description,
      Rules: [
        { ResourceType: "collection", Resource: [collection], Permission: [...permissions.collection] },
        { ResourceType: "index", Resource: [`index/${this.collectionName}/*`], Permission: [...permissions.index] },
      ],
      Principal: [...principals],
    });
    this.accessPolicy = new OpensearchserverlessAccessPolicy(this, "AccessPolicy", {
      name: policyName("data"),
      type: "data",
      description: `Writers of ${this.collectionName} (the embeddings job) and its readers`,
      policy: Lazy.stringValue({
        produce: () =>
          JSON.stringify([
            rule(VECTOR_WRITE_PERMISSIONS, this.writers, "writers"),
            ...(this.readers.length > 0 ? [rule(VECTOR_READ_PERMISSIONS, this.readers, "readers: query only")] : []),
          ]),
      }),
    });

    this.readerRole = new IamRole(this, "ReaderRole", {
      name: names.vectorReaderRoleName,
      description: `Product AI retrieval path: read-only queries of ${this.collectionName}`,
      assumeRolePolicy: readerTrustPolicy(names.region.accountId, "vector"),
    });
    this.readers.push(this.readerRole.arn);
    // Literal id, so the numbered grants of grantWrite keep their addresses.
    new IamRolePolicy(this, "ReaderRolePolicy", { role: this.readerRole.id, name: `read-${this.collectionName}`, policy: policyDocument([this.apiAccess()]) });
    // A data access policy with no principal is rejected by the API; say so at synth instead.
    this.node.addValidation({
      validate: () => (this.writers.length === 0 ? [`vector store ${this.collectionName} has no writer: call grantWrite(role) with the embeddings job role`] : []),
    });
  }

  get endpoint(): string {
    return this.collection.collectionEndpoint;
  }

  get collectionArn(): string {
    return this.collection.arn;
  }

  grantWrite(role: IamRole): void {
    this.writers.push(role.arn);
    this.grants += 1;
    grantToRole(this, this.grants, role, `write-${this.collectionName}`, [this.apiAccess()]);
  }

  /** Query only: the data access policy grants readers no create, update or write permission. */
  grantRead(role: IamRole): void {
    this.readers.push(role.arn);
    this.grants += 1;
    grantToRole(this, this.grants, role, `read-${this.collectionName}`, [this.apiAccess()]);
  }

  /** IAM side of any data-plane access; what the call may do is decided by the data access policy. */
  private apiAccess() {
    return { Effect: "Allow" as const, Action: "aoss:APIAccessAll", Resource: this.collection.arn };
  }
}
