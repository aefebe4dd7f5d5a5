import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";

/**
 * What the rest of the kit needs from a region's vector database, and nothing
 * more: where to write, what it is called, and a way to let a role write. The
 * embeddings job and the stack depend only on this, so an external vector
 * service with a regional endpoint can replace the OpenSearch Serverless
 * default by implementing it (its `grantWrite` would, for example, grant the
 * role read access to an in-region API-key secret).
 */
export interface VectorStore {
  /** Implementation, as in the manifest's `vector.engine`. */
  readonly engine: string;
  /** HTTPS endpoint in this region that jobs write embeddings to. */
  readonly endpoint: string;
  /** The store's physical name (a collection, index namespace or database). */
  readonly collectionName: string;
  /** ARN or other unique id of the collection, for IAM and audit. */
  readonly collectionArn: string;
  /** Let a role of this region write embeddings (and read them back). */
  grantWrite(role: IamRole): void;
  /** Let a role of this region query embeddings, nothing else (the product's AI retrieval path). */
  grantRead(role: IamRole): void;
  /** The role the product's AI retrieval path assumes to query this region's store. */
  readonly readerRole: IamRole;
}
