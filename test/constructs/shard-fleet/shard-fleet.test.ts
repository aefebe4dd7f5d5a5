import { describe, expect, it } from "vitest";
import { regionResolver } from "../../../regions/resolvers.js";
import { manifestOf, minimalManifestYaml, policyOf, synthRegion, type Synthesized } from "../../helpers.js";
import { renderUserData } from "./render-in-terraform.js";

const manifest = manifestOf();
const eu = synthRegion("eu", manifest);
const names = regionResolver(manifest, "eu");

const EU_ENTRY = `  - id: eu
    jurisdiction: EU
    awsRegion: eu-central-1
    backupRegion: eu-west-1
    cidr: 10.20.0.0/16
    accountId: "222222222222"
`;
const euWith = (extra: string) => manifestOf(minimalManifestYaml(EU_ENTRY + extra));

/** The pooler's launch template (other blocks, e.g. the CDC nodes, have their own). */
const poolerTemplate = (s: Synthesized) => Object.entries(s.resources("aws_launch_template")).find(([address]) => address.startsWith("ShardFleet_"))![1];
const instances = (s: Synthesized) => Object.values(s.resources("aws_db_instance"));
const ref = (type: string, address: string, attr: string) => `\${${type}.${address}.${attr}}`;
/** The address of the only resource of `type` whose address starts with `prefix_` and a hash. */
function address(s: Synthesized, type: string, prefix: string): string {
  const hits = Object.keys(s.resources(type)).filter((k) => new RegExp(`^${prefix}_[0-9A-F]{8}$`).test(k));
  if (hits.length !== 1) throw new Error(`expected one ${type} ${prefix}, found ${hits.length}`);
  return hits[0]!;
}
const byName = (s: Synthesized, type: string, name: string) => {
  const hits = Object.entries(s.resources(type)).filter(([, r]) => r.name === name);
  if (hits.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${hits.length}`);
  return hits[0]!;
};
const databaseKey = ref("aws_kms_key", address(eu, "aws_kms_key", "Keys_Database"), "arn");

describe("ShardFleet: size and names", () => {
  it("creates 32 Postgres instances by default, named by the resolver", () => {
    const ids = instances(eu).map((db) => db.identifier);
    expect(ids).toHaveLength(32);
    expect(ids.sort()).toEqual(Array.from({ length: 32 }, (_, i) => names.shardDatabaseId(i + 1)).sort());
    expect(instances(eu).every((db) => db.engine === "postgres" && db.engine_version === "16.4")).toBe(true);
  });

  it("publishes 480 schemas, 15 per database, in the per-database shard map entries", () => {
    const entries = Object.values(eu.resources("aws_ssm_parameter"))
      .filter((p) => p.name.startsWith(names.shardMapDatabasesPath))
      .map((p) => JSON.parse(p.value));
    expect(entries).toHaveLength(32);
    expect(entries.every((e) => e.schemas.length === 15)).toBe(true);
    const schemas = entries.flatMap((e) => e.schemas);
    expect(new Set(schemas).size).toBe(480);
    expect(entries.find((e) => e.index === 1).schemas.slice(0, 2)).toEqual(["schema001", "schema002"]);
  });

  it("creates 96 instances of 5 schemas each with the 96x5 preset", () => {
    const s = synthRegion("eu", euWith(`    shardFleet:\n      preset: 96x5\n`));
    expect(instances(s)).toHaveLength(96);
    const entries = Object.values(s.resources("aws_ssm_parameter")).filter((p) => p.name.includes("/databases/"));
    expect(entries).toHaveLength(96);
    expect(entries.every((p) => JSON.parse(p.value).schemas.length === 5)).toBe(true);
  });

  it("sizes every instance from the manifest", () => {
    const s = synthRegion("eu", euWith(`    shardFleet:\n      physicalDatabases: 48\n      instanceClass: db.r7g.4xlarge\n      storageGiB: 2000\n      maxStorageGiB: 6000\n      engineVersion: "16.6"\n      backupRetentionDays: 21\n`));
    expect(instances(s)).toHaveLength(48);
    for (const db of instances(s))
      expect(db).toMatchObject({ instance_class: "db.r7g.4xlarge", allocated_storage: 2000, max_allocated_storage: 6000, engine_version: "16.6", backup_retention_period: 21 });
  });
});

describe("ShardFleet: secure defaults on every instance", () => {
  const all = instances(eu);
  it.each([
    ["Multi-AZ", { multi_az: true }],
    ["storage encrypted with the region's database key", { storage_encrypted: true, kms_key_id: databaseKey }],
    ["not publicly accessible", { publicly_accessible: false }],
    ["deletion protection", { deletion_protection: true }],
    ["a final snapshot on delete", { skip_final_snapshot: false }],
    ["automated backups kept after delete", { delete_automated_backups: false }],
    ["IAM database authentication", { iam_database_authentication_enabled: true }],
    ["master password managed in Secrets Manager with the database key", { manage_master_user_password: true, master_user_secret_kms_key_id: databaseKey }],
    ["Performance Insights with the database key", { performance_insights_enabled: true, performance_insights_kms_key_id: databaseKey }],
    ["Postgres and upgrade logs exported", { enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"] }],
    ["auto minor version upgrade", { auto_minor_version_upgrade: true }],
    ["tags copied to snapshots", { copy_tags_to_snapshot: true }],
    ["prevent_destroy", { lifecycle: { prevent_destroy: true } }],
    ["no major version upgrade by surprise", { allow_major_version_upgrade: false }],
  ])("%s", (_, expected) => {
    for (const db of all) expect(db).toMatchObject(expected);
  });

  it("has no password in the configuration", () => {
    for (const db of all) {
      expect(db.password).toBeUndefined();
      expect(db.password_wo).toBeUndefined();
    }
  });

  it("keeps backups at least 14 days", () => {
    for (const db of all) expect(db.backup_retention_period).toBeGreaterThanOrEqual(14);
  });

  it("names a distinct final snapshot per instance", () => {
    const finals = all.map((db) => db.final_snapshot_identifier);
    expect(finals.every((f, i) => f === `${all[i]!.identifier}-final`)).toBe(true);
    expect(new Set(finals).size).toBe(all.length);
  });

  it("uses Enhanced Monitoring through a role only RDS monitoring of this account can assume", () => {
    const [roleAddress, role] = byName(eu, "aws_iam_role", names.name("shard-monitoring", [], "iamRole"));
    for (const db of all) expect(db).toMatchObject({ monitoring_interval: 60, monitoring_role_arn: ref("aws_iam_role", roleAddress, "arn") });
    expect(policyOf(role.assume_role_policy).Statement).toEqual([
      expect.objectContaining({ Principal: { Service: "monitoring.rds.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } } }),
    ]);
  });

  it("caps storage autoscaling at maxStorageGiB on gp3", () => {
    for (const db of all) expect(db).toMatchObject({ storage_type: "gp3", allocated_storage: 1000, max_allocated_storage: 4000 });
  });

  it("creates each instance's log groups first, encrypted with the logs key, kept a year", () => {
    const logsKey = ref("aws_kms_key", address(eu, "aws_kms_key", "Keys_Logs"), "arn");
    const groups = eu.resources("aws_cloudwatch_log_group");
    for (const db of all) {
      for (const type of ["postgresql", "upgrade"]) {
        const [groupAddress, group] = byName(eu, "aws_cloudwatch_log_group", `/aws/rds/instance/${db.identifier}/${type}`);
        expect(group).toMatchObject({ kms_key_id: logsKey, retention_in_days: 365 });
        expect(db.depends_on).toContain(`aws_cloudwatch_log_group.${groupAddress}`);
      }
    }
    expect(Object.keys(groups).length).toBeGreaterThanOrEqual(64);
  });
});

describe("ShardFleet: network", () => {
  it("places the databases in the data subnets through one subnet group", () => {
    const subnetGroup = eu.only("aws_db_subnet_group");
    const dataSubnets = Object.entries(eu.resources("aws_subnet"))
      .filter(([, s]) => s.tags["regionkit:tier"] === "data")
      .map(([a]) => ref("aws_subnet", a, "id"));
    expect(dataSubnets).toHaveLength(3);
    expect(subnetGroup.subnet_ids).toEqual(dataSubnets);
    const groupName = ref("aws_db_subnet_group", address(eu, "aws_db_subnet_group", "ShardFleet_SubnetGroup"), "name");
    for (const db of instances(eu)) expect(db.db_subnet_group_name).toBe(groupName);
  });

  it("lets Postgres in only from the pooler and the database-client group", () => {
    const dbGroup = address(eu, "aws_security_group", "ShardFleet_SecurityGroup");
    const ingress = Object.values(eu.resources("aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === ref("aws_security_group", dbGroup, "id"));
    expect(ingress.map((r) => [r.from_port, r.to_port, r.ip_protocol, r.referenced_security_group_id, r.cidr_ipv4]).sort()).toEqual(
      [
        [5432, 5432, "tcp", ref("aws_security_group", address(eu, "aws_security_group", "ShardFleet_ClientSecurityGroup"), "id"), undefined],
        [5432, 5432, "tcp", ref("aws_security_group", address(eu, "aws_security_group", "ShardFleet_PoolerSecurityGroup"), "id"), undefined],
      ].sort(),
    );
    for (const db of instances(eu)) expect(db.vpc_security_group_ids).toEqual([ref("aws_security_group", dbGroup, "id")]);
    expect(eu.resources("aws_security_group")[dbGroup]!.ingress).toBeUndefined();
  });

  it("opens nothing to 0.0.0.0/0 and only the VPC CIDR to the pooler", () => {
    const rules = [...Object.values(eu.resources("aws_vpc_security_group_ingress_rule")), ...Object.values(eu.resources("aws_vpc_security_group_egress_rule"))];
    expect(rules.filter((r) => r.cidr_ipv4 !== undefined).map((r) => r.cidr_ipv4)).toEqual(expect.arrayContaining(["10.20.0.0/16"]));
    expect(rules.every((r) => r.cidr_ipv4 === undefined || r.cidr_ipv4 === "10.20.0.0/16")).toBe(true);
    expect(rules.some((r) => r.cidr_ipv6 !== undefined)).toBe(false);
  });

  it("uses one parameter group: logical replication, TLS only, bounded slot WAL", () => {
    const group = eu.only("aws_db_parameter_group");
    expect(group.family).toBe("postgres16");
    const params = Object.fromEntries((group.parameter as Array<{ name: string; value: string }>).map((p) => [p.name, p.value]));
    expect(params["rds.logical_replication"]).toBe("1");
    expect(params["rds.force_ssl"]).toBe("1");
    expect(params.ssl_min_protocol_version).toBe("TLSv1.2");
    // 10% of 1000 GiB, in MB.
    expect(params.max_slot_wal_keep_size).toBe(String(1000 * 1024 * 0.1));
    const groupName = ref("aws_db_parameter_group", address(eu, "aws_db_parameter_group", "ShardFleet_ParameterGroup"), "name");
    for (const db of instances(eu)) expect(db.parameter_group_name).toBe(groupName);
  });
});

describe("ShardFleet: automated backup replication", () => {
  it("replicates no backups by default", () => {
    expect(eu.resources("aws_db_instance_automated_backups_replication")).toEqual({});
  });

  it("replicates every instance's backups to the backup region only, with a backup-region key, when asked", () => {
    const s = synthRegion("eu", euWith(`    shardFleet:\n      replicateBackupsToBackupRegion: true\n`));
    const replications = Object.values(s.resources("aws_db_instance_automated_backups_replication"));
    expect(replications).toHaveLength(32);
    expect(s.json.provider.aws.find((p: any) => p.alias === "backup").region).toBe("eu-west-1");
    const [keyAddress, key] = Object.entries(s.resources("aws_kms_key")).find(([a]) => a.startsWith("ShardFleet_BackupKey"))!;
    expect(key).toMatchObject({ provider: "aws.backup", multi_region: false, enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    const sources = new Set(Object.keys(s.resources("aws_db_instance")).map((a) => ref("aws_db_instance", a, "arn")));
    for (const r of replications) {
      expect(r).toMatchObject({ provider: "aws.backup", kms_key_id: ref("aws_kms_key", keyAddress, "arn"), retention_period: 14 });
      expect(sources.has(r.source_db_instance_arn)).toBe(true);
    }
    expect(new Set(replications.map((r) => r.source_db_instance_arn)).size).toBe(32);
  });

  it("fails when backups should replicate but the region has no backupRegion", () => {
    const m = manifestOf(minimalManifestYaml(`  - id: kr\n    jurisdiction: KR\n    awsRegion: ap-northeast-2\n    cidr: 10.40.0.0/16\n`));
    const kr = m.regions[0]!;
    const asking = { ...m, regions: [{ ...kr, shardFleet: { ...kr.shardFleet, replicateBackupsToBackupRegion: true } }] };
    expect(() => synthRegion("kr", asking)).toThrow(/shardFleet\.replicateBackupsToBackupRegion is true but the region has no backupRegion/);
  });
});

describe("ShardFleet: PgBouncer tier", () => {
  it("runs poolerInstances instances of poolerInstanceType in the app subnets", () => {
    const s = synthRegion("eu", euWith(`    shardFleet:\n      poolerInstanceType: c7g.xlarge\n      poolerInstances: 4\n`));
    const group = s.only("aws_autoscaling_group");
    expect(group).toMatchObject({ min_size: 4, max_size: 4, desired_capacity: 4, health_check_type: "ELB" });
    const appSubnets = Object.entries(s.resources("aws_subnet"))
      .filter(([, sn]) => sn.tags["regionkit:tier"] === "app")
      .map(([a]) => ref("aws_subnet", a, "id"));
    expect(group.vpc_zone_identifier).toEqual(appSubnets);
    expect(poolerTemplate(s).instance_type).toBe("c7g.xlarge");
  });

  it("requires IMDSv2 and encrypts the root volume with the compute key", () => {
    const template = poolerTemplate(eu);
    expect(template.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 });
    expect(template.block_device_mappings).toEqual([
      expect.objectContaining({ ebs: expect.objectContaining({ encrypted: "true", kms_key_id: ref("aws_kms_key", address(eu, "aws_kms_key", "Keys_Compute"), "arn") }) }),
    ]);
  });

  it("resolves the AL2023 arm64 image through SSM at launch (no AMI data source)", () => {
    expect(poolerTemplate(eu).image_id).toBe("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    expect(eu.json.data ?? {}).toEqual({});
  });

  it("configures PgBouncer with one entry per logical shard, pointing at the address of the instance that holds it", () => {
    const userData = poolerTemplate(eu).user_data as string;
    expect(userData.startsWith("${base64gzip(")).toBe(true);
    // Terraform renders the entries from two locals: the expression and the endpoint list it indexes. Stand in each
    // instance's identifier (and 5432) for its address (and port), and a literal for the secret ARN: unknown until apply.
    const instances = Object.entries(eu.resources("aws_db_instance"));
    const locals = eu.json.locals as Record<string, unknown>;
    const [databasesLocal] = [...userData.matchAll(/\$\{local\.([\w-]+)\}/g)].map((m) => m[1]!);
    const expression = locals[databasesLocal!] as string;
    const [endpointsLocal] = [...expression.matchAll(/local\.([\w-]+)\[/g)].map((m) => m[1]!);
    const endpoints = locals[endpointsLocal!] as string[];
    expect(endpoints).toHaveLength(instances.length);
    const stood = endpoints.map((e) => {
      const [, db] = instances.find(([a]) => e === `${ref("aws_db_instance", a, "address")}:${ref("aws_db_instance", a, "port")}`)!;
      return `${db.identifier}.rds:5432`;
    });
    const { script, gzipBytes } = renderUserData(userData.replace(/\$\{aws_secretsmanager_secret\.[\w]+\.arn\}/, "arn"), { [databasesLocal!]: expression, [endpointsLocal!]: stood });
    const entries = script.split("\n").filter((l) => /^schema\d{3} = /.test(l));
    expect(entries).toHaveLength(480);
    for (const [, db] of instances) {
      const index = Number(db.identifier.slice(-3));
      for (let shard = (index - 1) * 15 + 1; shard <= index * 15; shard++)
        expect(entries[shard - 1]).toBe(`schema${String(shard).padStart(3, "0")} = host=${db.identifier}.rds port=5432 dbname=shards`);
    }
    // One reference per instance address and port, not one per shard (each costs synth time).
    expect(JSON.stringify([userData, expression, endpoints]).split("aws_db_instance.").length - 1).toBe(2 * instances.length);
    expect(Math.ceil(gzipBytes / 3) * 4).toBeLessThan(16_384);
    expect(script).toContain("client_tls_sslmode = require");
    expect(script).toContain("server_tls_sslmode = require");
  });

  it("fronts the pooler with an internal, deletion-protected NLB on 6432", () => {
    const lb = eu.resources("aws_lb")[address(eu, "aws_lb", "ShardFleet_PoolerLoadBalancer")];
    expect(lb).toMatchObject({ internal: true, load_balancer_type: "network", enable_deletion_protection: true });
    expect(eu.resources("aws_lb_listener")[address(eu, "aws_lb_listener", "ShardFleet_PoolerListener")]).toMatchObject({ port: 6432, protocol: "TCP" });
  });

  it("lets the pooler role read only its auth secret, decrypting through Secrets Manager", () => {
    const [, policy] = byName(eu, "aws_iam_role_policy", "read-pooler-auth-secret");
    const secret = ref("aws_secretsmanager_secret", address(eu, "aws_secretsmanager_secret", "ShardFleet_PoolerAuthSecret"), "arn");
    expect(policyOf(policy.policy).Statement).toEqual([
      { Sid: "ReadAuthSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secret },
      {
        Sid: "DecryptAuthSecret",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: databaseKey,
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-central-1.amazonaws.com" } },
      },
    ]);
  });
});

describe("ShardFleet: shard map publication", () => {
  it("publishes the header at the resolver's parameter as a plain String", () => {
    const [, header] = byName(eu, "aws_ssm_parameter", "/rk/eu/shard-map");
    expect(header).toMatchObject({ type: "String", tier: "Standard" });
    const value = JSON.parse(header.value);
    expect(value).toMatchObject({ version: 1, region: "eu", logicalShards: 480, physicalDatabases: 32, shardsPerDatabase: 15, databasesPath: "/rk/eu/shard-map/databases/" });
    expect(value.pooler).toBe(`${ref("aws_lb", address(eu, "aws_lb", "ShardFleet_PoolerLoadBalancer"), "dns_name")}:6432`);
  });

  it("publishes each database's entry with its endpoint as a Terraform reference", () => {
    for (const [a, db] of Object.entries(eu.resources("aws_db_instance"))) {
      const index = Number(db.identifier.slice(-3));
      const [, entry] = byName(eu, "aws_ssm_parameter", names.shardMapDatabaseParameter(index));
      const value = JSON.parse(entry.value);
      expect(value.identifier).toBe(db.identifier);
      expect(value.endpoint).toBe(`${ref("aws_db_instance", a, "address")}:${ref("aws_db_instance", a, "port")}`);
      expect(value.firstShard).toBe((index - 1) * 15 + 1);
    }
  });

  it("keeps every shard map parameter under SSM's 4 KB standard limit, even at 96 databases", () => {
    const s = synthRegion("eu", euWith(`    shardFleet:\n      preset: 96x5\n`));
    // Terraform references are longer than the ~60-character endpoints they resolve to.
    for (const p of Object.values(s.resources("aws_ssm_parameter")).filter((x) => x.name.startsWith("/rk/eu/shard-map"))) expect(p.value.length).toBeLessThan(4096);
  });
});

describe("ShardFleet: pinned Terraform addresses", () => {
  // Renaming a construct id renames these addresses, and Terraform then plans to destroy and
  // re-create a database. These literals are the contract: change them only with a `moved` block.
  it.each([
    ["aws_db_instance", "ShardFleet_Database1_1C1CB90B"],
    ["aws_db_instance", "ShardFleet_Database2_EA8B51DA"],
    ["aws_db_instance", "ShardFleet_Database3_3263E8A7"],
    ["aws_db_instance", "ShardFleet_Database32_A041FA82"],
    ["aws_db_parameter_group", "ShardFleet_ParameterGroup_E7C61E83"],
    ["aws_db_subnet_group", "ShardFleet_SubnetGroup_16C953DC"],
    ["aws_secretsmanager_secret", "ShardFleet_PoolerAuthSecret_EC31EB60"],
    ["aws_kms_key", "Keys_Database_918B5966"],
    ["aws_kms_key", "Keys_Lake_E304391B"],
    ["aws_kms_key", "Keys_Logs_7981C88C"],
  ])("%s.%s", (type, name) => {
    expect(Object.keys(eu.resources(type))).toContain(name);
  });

  it("pins the backup-region key of replicated backups", () => {
    const s = synthRegion("eu", euWith(`    shardFleet:\n      replicateBackupsToBackupRegion: true\n`));
    expect(Object.keys(s.resources("aws_kms_key"))).toContain("ShardFleet_BackupKey_37E18FB7");
  });

  it("addresses database N as ShardFleet_DatabaseN for every N", () => {
    const addresses = Object.keys(eu.resources("aws_db_instance")).map((a) => a.replace(/_[0-9A-F]{8}$/, ""));
    expect(addresses.sort()).toEqual(Array.from({ length: 32 }, (_, i) => `ShardFleet_Database${i + 1}`).sort());
  });
});

describe("ShardFleet: pooler Auto Scaling group tags", () => {
  it("copies the stack's default tags onto the group and the instances it launches (provider default tags reach neither)", () => {
    const group = eu.only("aws_autoscaling_group");
    const tags = Object.fromEntries((group.tag as Array<{ key: string; value: string; propagate_at_launch: boolean }>).map((t) => [t.key, t]));
    expect(tags["regionkit:region"]?.value).toBe("eu");
    expect(tags["regionkit:jurisdiction"]?.value).toBe("EU");
    expect(tags["regionkit:data-class"]?.value).toBe("customer");
    expect(tags.Name?.value).toBe(names.name("shard-pooler"));
    expect(Object.values(tags).every((t) => t.propagate_at_launch === true)).toBe(true);
  });
});
