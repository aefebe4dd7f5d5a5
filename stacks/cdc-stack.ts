import { DataAwsDbInstance } from "@cdktf/provider-aws/lib/data-aws-db-instance";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsMskCluster } from "@cdktf/provider-aws/lib/data-aws-msk-cluster";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn } from "cdktf";
import type { Construct } from "constructs";
import { CdcDeployment } from "../constructs/cdc/cdc-deployment.js";
import type { CentralConfig, RegionConfig } from "../regions/manifest.js";
import { generationConstructId } from "../regions/fleet.js";
import { RegionResolver } from "../regions/resolvers.js";
import { KitStack, regionalStackProps } from "./kit-stack.js";

export interface CdcStackProps {
  /** This region's manifest entry, defaults applied. */
  readonly region: RegionConfig;
  /** The manifest's central block: namespace and default account. */
  readonly central: CentralConfig;
}

/**
 * `cdc-<id>`: the Kubernetes objects of a region's CDC (Strimzi Connect, one
 * Debezium connector per shard database, the topics), applied to the EKS
 * cluster that `data-<id>` creates. A separate stack because it needs the
 * Kubernetes provider, which keeps `data-<id>` AWS-only and checkable offline.
 * It reads only in-region values, by their deterministic names: the EKS
 * cluster, the MSK cluster and each shard database. Deploy it after `data-<id>`,
 * from a runner that can reach the cluster's private endpoint.
 */
export class CdcStack extends KitStack {
  readonly names: RegionResolver;
  readonly deployment: CdcDeployment;

  constructor(scope: Construct, props: CdcStackProps) {
    const names = new RegionResolver(props.region, props.central.namespace);
    super(scope, names.cdcStackName, regionalStackProps(names, { withBackupProvider: false }));
    this.names = names;

    const eks = new DataAwsEksCluster(this, "EksCluster", { name: names.eksClusterName });
    const msk = new DataAwsMskCluster(this, "KafkaCluster", { clusterName: names.mskClusterName });
    new KubernetesProvider(this, "kubernetes", {
      host: eks.endpoint,
      clusterCaCertificate: Fn.base64decode(eks.certificateAuthority.get(0).data),
      // Short-lived tokens from the deployer's AWS credentials, for this region's cluster only.
      exec: [
        {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token", "--cluster-name", names.eksClusterName, "--region", props.region.awsRegion],
        },
      ],
    });

    this.deployment = new CdcDeployment(this, "Cdc", {
      names,
      bootstrapServers: msk.bootstrapBrokersSaslIam,
      endpointOf: (database, generation) => {
        const db = new DataAwsDbInstance(this, generationConstructId({ id: generation }, `ShardDatabase${String(database.index).padStart(3, "0")}`), {
          dbInstanceIdentifier: database.identifier,
        });
        return { host: db.address, port: db.port, dbName: db.dbName };
      },
    });
  }
}
