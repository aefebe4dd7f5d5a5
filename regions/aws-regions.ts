/**
 * The AWS commercial regions the kit knows, the jurisdiction each one's data
 * falls under, and three availability zones per region written out, so that no
 * configuration needs an `aws_availability_zones` lookup at plan time.
 *
 * Jurisdiction is legal, not geographic: London (UK) and Zurich (CH) are in
 * Europe but not in the EU, so they get their own codes.
 */
export const JURISDICTIONS = ["US", "CA", "BR", "MX", "EU", "UK", "CH", "JP", "KR", "IN", "SG", "AU", "ID", "MY", "TH", "HK", "IL", "AE", "BH", "ZA", "NZ"] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export interface AwsRegionInfo {
  readonly jurisdiction: Jurisdiction;
  /** Three zone names; override per manifest region where an account's zones differ. */
  readonly availabilityZones: readonly [string, string, string];
}

const az = (region: string, letters: string): readonly [string, string, string] => {
  const [a, b, c] = letters.split("");
  return [`${region}${a}`, `${region}${b}`, `${region}${c}`];
};

export const AWS_REGIONS: Readonly<Record<string, AwsRegionInfo>> = {
  "us-east-1": { jurisdiction: "US", availabilityZones: az("us-east-1", "abc") },
  "us-east-2": { jurisdiction: "US", availabilityZones: az("us-east-2", "abc") },
  "us-west-1": { jurisdiction: "US", availabilityZones: az("us-west-1", "abc") },
  "us-west-2": { jurisdiction: "US", availabilityZones: az("us-west-2", "abc") },
  "ca-central-1": { jurisdiction: "CA", availabilityZones: az("ca-central-1", "abd") },
  "ca-west-1": { jurisdiction: "CA", availabilityZones: az("ca-west-1", "abc") },
  "sa-east-1": { jurisdiction: "BR", availabilityZones: az("sa-east-1", "abc") },
  "mx-central-1": { jurisdiction: "MX", availabilityZones: az("mx-central-1", "abc") },
  "eu-central-1": { jurisdiction: "EU", availabilityZones: az("eu-central-1", "abc") },
  "eu-west-1": { jurisdiction: "EU", availabilityZones: az("eu-west-1", "abc") },
  "eu-west-3": { jurisdiction: "EU", availabilityZones: az("eu-west-3", "abc") },
  "eu-north-1": { jurisdiction: "EU", availabilityZones: az("eu-north-1", "abc") },
  "eu-south-1": { jurisdiction: "EU", availabilityZones: az("eu-south-1", "abc") },
  "eu-south-2": { jurisdiction: "EU", availabilityZones: az("eu-south-2", "abc") },
  "eu-west-2": { jurisdiction: "UK", availabilityZones: az("eu-west-2", "abc") },
  "eu-central-2": { jurisdiction: "CH", availabilityZones: az("eu-central-2", "abc") },
  "ap-northeast-1": { jurisdiction: "JP", availabilityZones: az("ap-northeast-1", "acd") },
  "ap-northeast-3": { jurisdiction: "JP", availabilityZones: az("ap-northeast-3", "abc") },
  "ap-northeast-2": { jurisdiction: "KR", availabilityZones: az("ap-northeast-2", "abc") },
  "ap-south-1": { jurisdiction: "IN", availabilityZones: az("ap-south-1", "abc") },
  "ap-south-2": { jurisdiction: "IN", availabilityZones: az("ap-south-2", "abc") },
  "ap-southeast-1": { jurisdiction: "SG", availabilityZones: az("ap-southeast-1", "abc") },
  "ap-southeast-2": { jurisdiction: "AU", availabilityZones: az("ap-southeast-2", "abc") },
  "ap-southeast-4": { jurisdiction: "AU", availabilityZones: az("ap-southeast-4", "abc") },
  "ap-southeast-3": { jurisdiction: "ID", availabilityZones: az("ap-southeast-3", "abc") },
  "ap-southeast-5": { jurisdiction: "MY", availabilityZones: az("ap-southeast-5", "abc") },
  "ap-southeast-7": { jurisdiction: "TH", availabilityZones: az("ap-southeast-7", "abc") },
  "ap-southeast-6": { jurisdiction: "NZ", availabilityZones: az("ap-southeast-6", "abc") },
  "ap-east-1": { jurisdiction: "HK", availabilityZones: az("ap-east-1", "abc") },
  "il-central-1": { jurisdiction: "IL", availabilityZones: az("il-central-1", "abc") },
  "me-central-1": { jurisdiction: "AE", availabilityZones: az("me-central-1", "abc") },
  "me-south-1": { jurisdiction: "BH", availabilityZones: az("me-south-1", "abc") },
  "af-south-1": { jurisdiction: "ZA", availabilityZones: az("af-south-1", "abc") },
};

export const AWS_REGION_CODES: readonly string[] = Object.keys(AWS_REGIONS);

export function awsRegionsOf(jurisdiction: string): string[] {
  return AWS_REGION_CODES.filter((code) => AWS_REGIONS[code]!.jurisdiction === jurisdiction);
}

export function isAwsRegion(code: unknown): code is string {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(AWS_REGIONS, code);
}

/**
 * AWS region codes the kit does not place anything in but must still recognise: commercial
 * regions without a jurisdiction entry above, and every other partition (GovCloud, China, the
 * isolated ISO partitions, the European Sovereign Cloud). Residency guardrails read any of these in
 * a stack as a place outside the jurisdiction.
 */
export const OTHER_AWS_REGION_CODES: readonly string[] = [
  "ap-east-2",
  "us-gov-west-1",
  "us-gov-east-1",
  "cn-north-1",
  "cn-northwest-1",
  "us-iso-east-1",
  "us-iso-west-1",
  "us-isob-east-1",
  "us-isob-west-1",
  "us-isof-south-1",
  "us-isof-east-1",
  "eu-isoe-west-1",
  "eusc-de-east-1",
];

/** Every AWS region code of every partition: the one complete list. */
export const ALL_AWS_REGION_CODES: readonly string[] = [...AWS_REGION_CODES, ...OTHER_AWS_REGION_CODES];
