import { beforeAll, describe, expect, it } from "vitest";
import { CDC_KUBERNETES } from "../../constructs/cdc/kubernetes-names.js";
import { regionTopics } from "../../constructs/kafka/topics.js";
import { manifestOf, oneRegionManifest, regionResolver, synthCdc, type Synthesized } from "../helpers.js";

const manifest = manifestOf();
const names = regionResolver(manifest, "eu");
const eu = names.region;

const manifestsOfKind = (syn: Synthesized, kind: string) =>
  Object.values(syn.resources("kubernetes_manifest"))
    .map((m) => m.manifest)
    .filter((m) => m.kind === kind);

describe("CdcStack", () => {
  let syn: Synthesized;
  beforeAll(() => {
    syn = synthCdc("eu", manifest);
  });

  it.each([
    ["32x15", 32],
    ["96x5", 96],
  ] as const)("renders one KafkaConnector per physical database with preset %s", (preset, databases) => {
    const m = oneRegionManifest(`    shardFleet:\n      preset: "${preset}"\n`);
    const connectors = manifestsOfKind(synthCdc("eu", m), "KafkaConnector");
    expect(connectors).toHaveLength(m.regions[0]!.shardFleet.physicalDatabases);
    expect(connectors).toHaveLength(databases);
  });

  it("renders one KafkaTopic per declared topic, per table and not per shard", () => {
    const topics = manifestsOfKind(syn, "KafkaTopic").map((t) => t.spec.topicName);
    expect(topics.sort()).toEqual(regionTopics(names).map((t) => t.name).sort());
    expect(topics.some((t) => /schema\d|shard/.test(t))).toBe(false);
  });

  it("runs Kafka Connect against this region's MSK cluster with IAM over TLS", () => {
    const [connect] = manifestsOfKind(syn, "KafkaConnect");
    expect(connect.metadata).toMatchObject({ name: CDC_KUBERNETES.connectCluster, namespace: CDC_KUBERNETES.namespace });
    expect(connect.spec.bootstrapServers).toMatch(/^\$\{data\.aws_msk_cluster\.[A-Za-z0-9_]+\.bootstrap_brokers_sasl_iam\}$/);
    expect(connect.spec.tls).toBeDefined();
    expect(connect.spec.authentication).toMatchObject({ type: "custom", sasl: true, config: { "sasl.mechanism": "AWS_MSK_IAM" } });
    expect(connect.spec.config["topic.creation.enable"]).toBe(false);
    expect(connect.spec.image.startsWith(`${eu.accountId}.dkr.ecr.${eu.awsRegion}.amazonaws.com/`)).toBe(true);
  });

  it("runs Connect workers as non-root without privilege escalation or capabilities", () => {
    const [connect] = manifestsOfKind(syn, "KafkaConnect");
    expect(connect.spec.template.pod.securityContext.runAsNonRoot).toBe(true);
    expect(connect.spec.template.connectContainer.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
  });

  it("passes config-provider references to Kubernetes literally (escaped from Terraform interpolation)", () => {
    const [connector] = manifestsOfKind(syn, "KafkaConnector");
    expect(connector.spec.config["database.password"]).toBe(`$\${secretsmanager:${names.debeziumSecretName(1)}:password}`);
  });

  it("reads only this region's cluster and databases, by their deterministic names", () => {
    expect(Object.values(syn.json.data.aws_eks_cluster).map((d: any) => d.name)).toEqual([names.eksClusterName]);
    expect(Object.values(syn.json.data.aws_msk_cluster).map((d: any) => d.cluster_name)).toEqual([names.mskClusterName]);
    const dbs = Object.values(syn.json.data.aws_db_instance).map((d: any) => d.db_instance_identifier);
    expect(dbs).toEqual(Array.from({ length: eu.shardFleet.physicalDatabases }, (_, i) => names.shardDatabaseId(i + 1)));
  });

  it("authenticates to this region's EKS cluster with short-lived tokens", () => {
    const [k8s] = syn.json.provider.kubernetes;
    expect(k8s.exec[0]).toMatchObject({ command: "aws", args: ["eks", "get-token", "--cluster-name", names.eksClusterName, "--region", eu.awsRegion] });
    expect(syn.json.provider.aws[0]).toMatchObject({ region: eu.awsRegion, allowed_account_ids: [eu.accountId] });
  });

  it("keeps its state in its own region's state bucket", () => {
    expect(syn.json.terraform.backend.s3).toMatchObject({ bucket: names.stateBucket, key: "cdc-eu/terraform.tfstate", region: eu.awsRegion });
  });

  it("runs the Topic Operator as a restricted pod against MSK with IAM", () => {
    const [deployment] = manifestsOfKind(syn, "Deployment");
    const [container] = deployment.spec.template.spec.containers;
    expect(deployment.spec.template.spec.serviceAccountName).toBe(CDC_KUBERNETES.topicOperatorServiceAccount);
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ STRIMZI_SECURITY_PROTOCOL: "SASL_SSL", STRIMZI_SASL_MECHANISM: "custom", STRIMZI_NAMESPACE: CDC_KUBERNETES.namespace });
    expect(JSON.parse(env.STRIMZI_SASL_CUSTOM_CONFIG_JSON)["sasl.mechanism"]).toBe("AWS_MSK_IAM");
  });

  it("mentions no other region's AWS region or account", () => {
    for (const other of manifest.regions.filter((r) => r.id !== "eu")) {
      expect(syn.text).not.toContain(`"${other.awsRegion}"`);
      expect(syn.text).not.toContain(`.${other.awsRegion}.`);
      expect(syn.text).not.toContain(other.accountId);
    }
  });

  it.each(manifest.regions.map((r) => r.id))("matches the snapshot of cdc-%s", (id) => {
    expect(synthCdc(id, manifest).text).toMatchSnapshot();
  });
});
