import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { Construct } from "constructs";
import type { SecureBucket } from "../secure-bucket/secure-bucket.js";

export interface ConfigObjectProps {
  /** The shared config bucket. */
  readonly bucket: SecureBucket;
  /** Object key, e.g. `routing/regions.json`. */
  readonly key: string;
  /**
   * The object's text, known at synth time, so a change shows in the plan as an in-place update. Plain text only:
   * `${` and `%{` are escaped so Terraform stores them literally instead of interpolating.
   */
  readonly content: string;
  /** @default "application/json" */
  readonly contentType?: string;
}

/** One customer-data-free object in the shared config bucket, encrypted with the bucket's key. */
export class ConfigObject extends Construct {
  readonly object: S3Object;
  readonly key: string;

  constructor(scope: Construct, id: string, props: ConfigObjectProps) {
    super(scope, id);
    this.key = props.key;
    const kmsKey = props.bucket.key;
    this.object = new S3Object(this, "Resource", {
      bucket: props.bucket.bucket.id,
      key: props.key,
      content: literal(props.content),
      contentType: props.contentType ?? "application/json",
      ...(kmsKey ? { serverSideEncryption: "aws:kms", kmsKeyId: kmsKey.arn, bucketKeyEnabled: true } : { serverSideEncryption: "AES256" }),
    });
  }
}

/** Terraform reads `${...}` and `%{...}` in any string as template syntax; `$${` and `%%{` are their literal forms. */
export function literal(text: string): string {
  return text.replace(/\$\{/g, "$$${").replace(/%\{/g, "%%{");
}
