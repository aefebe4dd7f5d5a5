import { describe, expect, it } from "vitest";
import { SEARCH_INDEX_PATTERNS, searchSecurityRequests } from "../../../constructs/search/index.js";
import { addressOf, manifestOf, manifestWithRegion, policyOf, resourceAt, synthRegion } from "../../helpers.js";

const manifest = manifestOf();
const eu = synthRegion("eu", manifest);
const domain = eu.only("aws_opensearch_domain");

const ref = addressOf;

describe("SearchDomain", () => {
  it("is named by the resolver and keeps prevent_destroy", () => {
    expect(domain.domain_name).toBe("rk-eu-search");
    expect(domain.lifecycle.prevent_destroy).toBe(true);
  });

  it("keeps its Terraform addresses (renaming a construct id would replace the domain)", () => {
    expect(Object.keys(eu.resources("aws_opensearch_domain"))).toEqual(["Search_14E54FC3"]);
  });

  it("sizes data and dedicated master nodes from the manifest search block", () => {
    const sized = synthRegion(
      "xx",
      manifestWithRegion(
        "  - id: xx\n    jurisdiction: EU\n    awsRegion: eu-north-1\n    cidr: 10.90.0.0/16\n    search:\n      dataInstanceCount: 6\n      masterInstanceCount: 5\n      dataInstanceType: r7g.xlarge.search\n      masterInstanceType: m7g.xlarge.search\n      volumeSizeGiB: 1024\n      engineVersion: OpenSearch_2.15\n",
      ),
    ).only("aws_opensearch_domain");
    expect(sized.cluster_config).toMatchObject({
      instance_type: "r7g.xlarge.search",
      instance_count: 6,
      dedicated_master_enabled: true,
      dedicated_master_type: "m7g.xlarge.search",
      dedicated_master_count: 5,
    });
    expect(sized.ebs_options.volume_size).toBe(1024);
    expect(sized.engine_version).toBe("OpenSearch_2.15");
  });

  it("spreads at least three data nodes and dedicated masters over three zones", () => {
    expect(domain.cluster_config.zone_awareness_enabled).toBe(true);
    expect(domain.cluster_config.zone_awareness_config.availability_zone_count).toBe(3);
    expect(domain.cluster_config.instance_count).toBeGreaterThanOrEqual(3);
    expect(domain.cluster_config.dedicated_master_enabled).toBe(true);
    expect(domain.cluster_config.dedicated_master_count % 2).toBe(1);
  });

  it("lives in the three app subnets behind its own security group", () => {
    const appSubnets = Object.entries(eu.resources("aws_subnet"))
      .filter(([, s]) => s.tags["regionkit:tier"] === "app")
      .map(([name]) => `\${aws_subnet.${name}.id}`);
    expect(domain.vpc_options.subnet_ids).toEqual(appSubnets);
    expect(domain.vpc_options.security_group_ids).toEqual([`\${${ref(eu, "aws_security_group", "Search_SecurityGroup")}.id}`]);
  });

  it("allows only HTTPS from inside the region VPC and no egress", () => {
    const sg = eu.resources("aws_security_group")[ref(eu, "aws_security_group", "Search_SecurityGroup").split(".")[1]!]!;
    expect(sg.ingress).toEqual([expect.objectContaining({ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.20.0.0/16"] })]);
    expect(sg.egress).toEqual([]);
  });

  it("encrypts at rest with the region's search key", () => {
    expect(domain.encrypt_at_rest).toEqual({ enabled: true, kms_key_id: `\${${ref(eu, "aws_kms_key", "Keys_Search")}.arn}` });
  });

  it("encrypts node-to-node traffic", () => {
    expect(domain.node_to_node_encryption).toEqual({ enabled: true });
  });

  it("enforces HTTPS with a TLS 1.2+ policy", () => {
    expect(domain.domain_endpoint_options.enforce_https).toBe(true);
    expect(domain.domain_endpoint_options.tls_security_policy).toMatch(/^Policy-Min-TLS-1-2-/);
  });

  it("turns on fine-grained access control with an IAM master role and no internal users", () => {
    expect(domain.advanced_security_options).toEqual({
      enabled: true,
      anonymous_auth_enabled: false,
      internal_user_database_enabled: false,
      master_user_options: { master_user_arn: `\${${ref(eu, "aws_iam_role", "Search_AdminRole")}.arn}` },
    });
  });

  const adminTrust = (s: typeof eu) => policyOf(s.resources("aws_iam_role")[ref(s, "aws_iam_role", "Search_AdminRole").split(".")[1]!]!.assume_role_policy);

  it("lets only named roles of this region's account assume the master role, not every principal of the account", () => {
    const trust = adminTrust(eu);
    expect(trust.Statement).toHaveLength(1);
    const [statement] = trust.Statement;
    expect(statement).toMatchObject({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "sts:AssumeRole" });
    // Without this condition the account root trust lets any principal allowed sts:AssumeRole become domain admin.
    expect(statement!.Condition).toEqual({
      ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:role/rk-eu-search-operator"] },
      StringEquals: { "aws:PrincipalAccount": "222222222222" },
    });
    expect(statement!.Resource).toBeUndefined();
  });

  it("takes the admin principals from search.adminRoles", () => {
    const s = synthRegion(
      "xx",
      manifestWithRegion(
        '  - id: xx\n    jurisdiction: EU\n    awsRegion: eu-north-1\n    cidr: 10.90.0.0/16\n    search:\n      adminRoles: [search-admins, "aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_SearchAdmin_*"]\n',
      ),
    );
    const accountId = manifestWithRegion("  - id: xx\n    jurisdiction: EU\n    awsRegion: eu-north-1\n    cidr: 10.90.0.0/16\n").regions.find((r) => r.id === "xx")!.accountId;
    expect(adminTrust(s).Statement[0]!.Condition.ArnLike["aws:PrincipalArn"]).toEqual([
      `arn:aws:iam::${accountId}:role/search-admins`,
      `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_SearchAdmin_*`,
    ]);
  });

  it("fails on an admin role that is not an IAM role name, naming the field and what is valid", () => {
    expect(() => manifestWithRegion("  - id: xx\n    jurisdiction: EU\n    awsRegion: eu-north-1\n    cidr: 10.90.0.0/16\n    search:\n      adminRoles: [\"arn:aws:iam::1:root\"]\n")).toThrow(
      /search\.adminRoles entry "arn:aws:iam::1:root" is not an IAM role name/,
    );
  });

  it("uses encrypted gp3 volumes", () => {
    expect(domain.ebs_options).toMatchObject({ ebs_enabled: true, volume_type: "gp3" });
    expect(domain.encrypt_at_rest.enabled).toBe(true);
  });

  it("publishes slow, application and audit logs to KMS-encrypted log groups in the region", () => {
    const types = domain.log_publishing_options.map((o: Record<string, unknown>) => o.log_type).sort();
    expect(types).toEqual(["AUDIT_LOGS", "ES_APPLICATION_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"]);
    const logsKey = `\${${ref(eu, "aws_kms_key", "Keys_Logs")}.arn}`;
    for (const option of domain.log_publishing_options) {
      expect(option.enabled).toBe(true);
      const group = eu.resources("aws_cloudwatch_log_group")[String(option.cloudwatch_log_group_arn).match(/aws_cloudwatch_log_group\.([^.]+)\.arn/)![1]!]!;
      expect(group.kms_key_id).toBe(logsKey);
      expect(group.name).toMatch(/^\/rk\/eu\/search\//);
      expect(group.retention_in_days).toBeGreaterThanOrEqual(365);
    }
  });

  it("lets OpenSearch write only to its own log groups, from this account and domain", () => {
    const policy = policyOf(eu.only("aws_cloudwatch_log_resource_policy").policy_document);
    expect(policy.Statement).toHaveLength(1);
    const [statement] = policy.Statement;
    expect(statement!.Principal).toEqual({ Service: "es.amazonaws.com" });
    expect(statement!.Action).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
    const groups = domain.log_publishing_options.map((o: Record<string, string>) => `${o.cloudwatch_log_group_arn}:*`);
    expect([...statement!.Resource].sort()).toEqual(groups.sort());
    expect(statement!.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "222222222222" },
      ArnLike: { "aws:SourceArn": "arn:aws:es:eu-central-1:222222222222:domain/rk-eu-search" },
    });
    expect(domain.depends_on).toContain(ref(eu, "aws_cloudwatch_log_resource_policy", "Search_LogPolicy"));
  });

  it("applies software updates automatically", () => {
    expect(domain.software_update_options).toEqual({ auto_software_update_enabled: true });
  });

  it("has an access policy naming only this region's principals and domain", () => {
    const policy = policyOf(domain.access_policies);
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe("Allow");
      for (const principal of [statement.Principal.AWS].flat()) expect(principal).toMatch(/^\$\{aws_iam_role\.[A-Za-z0-9_]+\.arn\}$/);
      expect(statement.Resource).toBe("arn:aws:es:eu-central-1:222222222222:domain/rk-eu-search/*");
    }
  });

  it("has a reader role for the product's search path, assumable only by this account's roles tagged for it", () => {
    const reader = resourceAt(eu, "aws_iam_role", "Search/ReaderRole");
    expect(reader.body.name).toBe("rk-eu-search-reader");
    expect(policyOf(reader.body.assume_role_policy).Statement[0]).toMatchObject({
      Principal: { AWS: "arn:aws:iam::222222222222:root" },
      Condition: { StringEquals: { "aws:PrincipalTag/regionkit:reader": "search", "aws:PrincipalAccount": "222222222222" } },
    });
    const principals = policyOf(domain.access_policies).Statement.flatMap((st) => [st.Principal.AWS].flat());
    expect(principals).toContain(reader.ref("arn"));
    const actions = policyOf(resourceAt(eu, "aws_iam_role_policy", "Search/ReaderRolePolicy").body.policy).Statement[0]!.Action;
    expect(actions).toEqual(["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost"]);
  });

  it("manages the fine-grained-access roles and mappings in code: writer and reader roles mapped to their IAM roles", () => {
    const param = resourceAt(eu, "aws_ssm_parameter", "Search/SecurityConfig").body;
    expect(param).toMatchObject({ name: "/rk/eu/search/security-config", type: "String" });
    const requests = JSON.parse(param.value) as Array<{ method: string; path: string; body: any }>;
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "PUT /_plugins/_security/api/roles/regionkit_search_writer",
      "PUT /_plugins/_security/api/roles/regionkit_search_reader",
      "PUT /_plugins/_security/api/rolesmapping/regionkit_search_writer",
      "PUT /_plugins/_security/api/rolesmapping/regionkit_search_reader",
    ]);
    const mapping = (role: string) => requests.find((r) => r.path.endsWith(`rolesmapping/${role}`))!.body.backend_roles;
    expect(mapping("regionkit_search_writer")).toEqual([resourceAt(eu, "aws_iam_role", "Spark/SearchReindexJob").ref("arn")]);
    expect(mapping("regionkit_search_reader")).toEqual([resourceAt(eu, "aws_iam_role", "Search/ReaderRole").ref("arn")]);
    expect(param.value.length).toBeLessThan(4096);
  });

  it("lets the reader role only read the searchable indices", () => {
    const role = searchSecurityRequests({ write: [], read: ["arn:aws:iam::222222222222:role/r"] })[0]!.body as any;
    expect(role.index_permissions).toEqual([{ index_patterns: [...SEARCH_INDEX_PATTERNS], allowed_actions: ["read"] }]);
    expect(role.cluster_permissions).toEqual(["cluster_composite_ops_ro"]);
    expect(SEARCH_INDEX_PATTERNS).toContain("block");
    expect(SEARCH_INDEX_PATTERNS).not.toContain("*");
  });
});
