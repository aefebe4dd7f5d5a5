import type { Manifest, RegionConfig } from "../regions/manifest.js";
import type { RegionResolver } from "../regions/resolvers.js";

/** Errors fail synth and `npm run check`; warnings are printed and reported. */
export type Level = "error" | "warning";
export type Family = "residency" | "security" | "data-loss";
export type Status = "compliant" | "non-compliant" | "not-applicable";

/**
 * What a stack is, from its name: `data-<id>` and any `<prefix>-<id>` of a manifest region
 * (e.g. `cdc-<id>`) are regional; `central` and `warehouse` are central-side; anything else is `other`.
 */
export type StackKind = "regional" | "central" | "warehouse" | "other";

/** Recognised control ids a rule corresponds to. */
export interface Controls {
  /** AWS Security Hub Foundational Security Best Practices, e.g. `RDS.3`. */
  readonly fsbp?: readonly string[];
  /** Checkov, e.g. `CKV_AWS_16`. */
  readonly checkov?: readonly string[];
  /** Anything else worth naming (cdk-nag rule names, "inverts S3.7"). */
  readonly note?: string;
}

/** One resource (or data source) of a synthesized stack. */
export interface TfResource {
  /** Terraform address: `aws_s3_bucket.Lake_Raw_1A2B3C4D`, `data.aws_iam_policy_document.X`. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly mode: "managed" | "data";
  readonly attrs: Readonly<Record<string, unknown>>;
  /** cdktf construct path from the `//` metadata, when present. */
  readonly constructPath?: string;
}

export interface Outcome {
  readonly status: Status;
  /** Why, for non-compliant outcomes: names the attribute and the value found. */
  readonly detail?: string;
}

export interface Rule {
  /** Stable: `RK-RES-nnn`, `RK-SEC-nnn`, `RK-DL-nnn`. Never reused. */
  readonly id: string;
  /** The rule file's name: `s3-bucket-kms-encryption`. */
  readonly name: string;
  readonly family: Family;
  readonly level: Level;
  /** One line: what a compliant configuration looks like. */
  readonly description: string;
  /** One line: what to change when it fails. */
  readonly fix: string;
  readonly controls: Controls;
  /** Managed resource types the rule looks at; `*` for every resource and data source. */
  readonly resourceTypes: readonly string[] | "*";
  /**
   * Data source types the rule also looks at (only ones that render locally, like
   * `aws_iam_policy_document`; a lookup of another stack's resource is not this stack's to fix).
   * @default none
   */
  readonly dataSources?: readonly string[];
  /** Stack kinds the rule applies to. @default every kind */
  readonly stackKinds?: readonly StackKind[];
  evaluate(resource: TfResource, ctx: StackContextApi): Outcome;
  /** Checks outside resources (providers, outputs, backend); each outcome names its own address. */
  evaluateStack?(ctx: StackContextApi): ReadonlyArray<Outcome & { readonly address: string }>;
}

/** What a rule may ask about the stack it runs on. Built once per stack, linear in its size. */
export interface StackContextApi {
  readonly stack: string;
  readonly kind: StackKind;
  readonly manifest: Manifest;
  /** The manifest region of a regional stack. */
  readonly region?: RegionConfig;
  readonly resolver?: RegionResolver;
  /** AWS regions resources of this stack may live in; empty when unknown (`other` stacks). */
  readonly allowedRegions: readonly string[];
  /** The account the stack deploys to. */
  readonly accountId?: string;
  readonly json: Readonly<Record<string, any>>;
  readonly resources: readonly TfResource[];
  ofType(type: string): readonly TfResource[];
  byAddress(address: string): TfResource | undefined;
  /** The resource's own `region` argument, else its provider's region; undefined when not literal. */
  effectiveRegion(resource: TfResource): string | undefined;
  /** Provider default tags merged with the resource's own tags. */
  tags(resource: TfResource): Readonly<Record<string, string>>;
  /** Resources of `type` whose `attr` references `target` (by `${type.name.*}`) or names it literally. */
  companions(target: TfResource, type: string, attr?: string): readonly TfResource[];
  /** Every string inside the resource's configuration (cached). */
  strings(resource: TfResource): readonly string[];
  /** Where a bucket reference (`${aws_s3_bucket.X.arn}`, an S3 ARN, `s3://name/...`, a name) lives. */
  bucketLocation(value: unknown): BucketLocation;
}

export interface BucketLocation {
  /** The bucket resource in this stack, when the value names one. */
  readonly resource?: TfResource;
  /** Its AWS region, when known. */
  readonly region?: string;
  /** A short description for messages. */
  readonly label: string;
}

export interface Finding {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly constructPath?: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly level: Level;
  readonly status: Status;
  readonly detail?: string;
  readonly fix: string;
  /** Set when an exception covers a non-compliant finding. */
  readonly exception?: { readonly reason: string; readonly source: string };
}
