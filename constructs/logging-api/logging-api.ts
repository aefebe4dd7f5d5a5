import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { LbTargetGroupAttachment } from "@cdktf/provider-aws/lib/lb-target-group-attachment";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Construct } from "constructs";
import { formatCidr, parseCidr, subnet } from "../../regions/cidr.js";
import { EVENTS_PATH, type RegionResolver } from "../../regions/resolvers.js";
import { policyDocument, serviceTrustPolicy } from "../iam/policy.js";
import { kafkaClientEgress, type KafkaCluster } from "../kafka/kafka-cluster.js";
import type { RegionalKey } from "../keys/regional-key.js";
import type { Network } from "../network/network.js";
import type { SecureBucket } from "../secure-bucket/secure-bucket.js";

/**
 * Cloudflare's published IPv4 ranges (https://www.cloudflare.com/ips-v4): the
 * only sources the edge-facing load balancer accepts. Cloudflare changes them
 * rarely and announces it; pass `edgeSourceCidrs` to use a newer list.
 */
export const CLOUDFLARE_IPV4_RANGES = [
  "173.245.48.0/20",
  "103.21.244.0/22",
  "103.22.200.0/22",
  "103.31.4.0/22",
  "141.101.64.0/18",
  "108.162.192.0/18",
  "190.93.240.0/20",
  "188.114.96.0/20",
  "197.234.240.0/22",
  "198.41.128.0/17",
  "162.158.0.0/15",
  "104.16.0.0/13",
  "104.24.0.0/14",
  "172.64.0.0/13",
  "131.0.72.0/22",
] as const;

/** TLS 1.3 and 1.2 only, forward-secret ciphers. */
export const LOGGING_API_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
export const LAMBDA_VPC_ACCESS_POLICY = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";
export const DEFAULT_FUNCTION_CODE_KEY = "functions/logging-api/logging-api.zip";

export interface LoggingApiProps {
  readonly names: RegionResolver;
  readonly network: Network;
  /** The region's Kafka cluster: the function writes `<id>.events` there, and nothing else. */
  readonly kafka: KafkaCluster;
  /** Encrypts the function's environment. */
  readonly streamingKey: RegionalKey;
  /** Encrypts the function's log group. */
  readonly logsKey: RegionalKey;
  /** In-region bucket holding the function's zip (no customer data), uploaded by CI. */
  readonly codeBucket: SecureBucket;
  /** @default DEFAULT_FUNCTION_CODE_KEY */
  readonly codeKey?: string;
  /** Sources the edge-facing load balancer accepts on 443. @default CLOUDFLARE_IPV4_RANGES */
  readonly edgeSourceCidrs?: readonly string[];
  /** @default 365 */
  readonly logRetentionDays?: number;
}

/**
 * The regional logging API (logging-api/ holds its code): a Lambda function in
 * the region's VPC behind two HTTPS load balancers.
 *
 * - internal: for server events from inside the region's VPC (443 from the VPC CIDR);
 * - edge-facing: for client events the edge worker (edge/) forwards. It sits in
 *   three small public subnets of its own, and its security group accepts 443
 *   from Cloudflare's ranges only, so RK-SEC-047 (no ingress from anywhere)
 *   holds without an exception. Only `POST /v1/events` is forwarded; anything
 *   else gets a 404 from the load balancer itself.
 *
 * The function sanitizes every event (logging-api/sanitizer.ts) and may write
 * only to the region's events topic (IAM: WriteData on `<id>.events`); the
 * event sink (constructs/event-log) carries that topic to the region's
 * warehouse table. Created only for a region with an `eventHostname`.
 */
export class LoggingApi extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly internalLoadBalancer: Lb;
  readonly edgeLoadBalancer: Lb;
  readonly certificate: AcmCertificate;
  readonly logGroup: CloudwatchLogGroup;
  /** The public subnets of the edge-facing load balancer. */
  readonly edgeSubnets: readonly Subnet[];

  constructor(scope: Construct, id: string, props: LoggingApiProps) {
    super(scope, id);
    const { names, network, kafka } = props;
    const region = names.region;
    const hostname = region.eventHostname;
    const internalHostname = names.internalEventHostname;
    if (!hostname || !internalHostname) throw new Error(`region ${names.id}: the logging API needs eventHostname in the manifest`);
    const topic = names.eventsTopic;
    const block = parseCidr(region.cidr);
    if (!block) throw new Error(`region ${region.id}: cidr ${region.cidr} is not a CIDR block`);

    this.logGroup = new CloudwatchLogGroup(this, "Logs", {
      name: names.logGroupName("logging-api"),
      kmsKeyId: props.logsKey.arn,
      retentionInDays: props.logRetentionDays ?? 365,
    });

    this.role = new IamRole(this, "Role", {
      name: names.name("logging-api", [], "iamRole"),
      assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", region.accountId),
    });
    new IamRolePolicy(this, "RolePolicy", {
      role: this.role.id,
      name: "logging-api",
      policy: policyDocument([
        { Sid: "ConnectToRegionalKafka", Effect: "Allow", Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], Resource: kafka.clusterArn },
        // The one topic it may write: the region's sanitized events.
        { Sid: "WriteEventsTopicOnly", Effect: "Allow", Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"], Resource: kafka.topicArn(topic) },
        {
          Sid: "DecryptEnvironment",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.streamingKey.arn,
          Condition: { StringEquals: { "kms:ViaService": `lambda.${region.awsRegion}.amazonaws.com` } },
        },
      ]),
    });

    // A function in a VPC manages its network interfaces and writes its logs: AWS's policy for exactly that.
    new IamRolePolicyAttachment(this, "VpcAccessPolicy", { role: this.role.name, policyArn: LAMBDA_VPC_ACCESS_POLICY });

    // No ingress: load balancers invoke the function through the Lambda API, not its network interface.
    const functionSecurityGroup = new SecurityGroup(this, "FunctionSecurityGroup", {
      name: names.name("logging-api", [], "securityGroup"),
      description: "Logging API function: Kafka IAM/TLS and HTTPS inside the region VPC only",
      vpcId: network.vpc.id,
      ingress: [],
      egress: kafkaClientEgress(network.cidr),
    });

    this.function = new LambdaFunction(this, "Function", {
      functionName: names.name("logging-api"),
      description: `Sanitizes client and server events of region ${names.id} into ${topic}`,
      role: this.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      s3Bucket: props.codeBucket.bucketName,
      s3Key: props.codeKey ?? DEFAULT_FUNCTION_CODE_KEY,
      memorySize: 512,
      timeout: 10,
      kmsKeyArn: props.streamingKey.arn,
      environment: { variables: { REGION_ID: names.id, EVENTS_TOPIC: topic, KAFKA_BOOTSTRAP: kafka.bootstrapBrokersIam } },
      vpcConfig: { subnetIds: network.appSubnetIds, securityGroupIds: [functionSecurityGroup.id] },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
    });

    this.certificate = new AcmCertificate(this, "Certificate", {
      domainName: hostname,
      subjectAlternativeNames: [internalHostname],
      validationMethod: "DNS",
      lifecycle: { createBeforeDestroy: true },
    });

    // Edge-facing side: its own public subnets (the last sixty-fourths of the block, unused by the
    // Network's tiers) routed to an internet gateway; the app and data tiers keep their private routes.
    const gateway = new InternetGateway(this, "InternetGateway", { vpcId: network.vpc.id, tags: { Name: names.name("igw", ["logging-api"]) } });
    const edgeRoutes = new RouteTable(this, "EdgeRouteTable", { vpcId: network.vpc.id, tags: { Name: names.name("rt", ["edge"]) } });
    new Route(this, "EdgeDefaultRoute", { routeTableId: edgeRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: gateway.id });
    this.edgeSubnets = region.availabilityZones.map((availabilityZone, zone) => {
      const s = new Subnet(this, `EdgeSubnet${zone + 1}`, {
        vpcId: network.vpc.id,
        availabilityZone,
        cidrBlock: formatCidr(subnet(block, 6, 61 + zone)),
        mapPublicIpOnLaunch: false,
        tags: { Name: names.name("subnet", ["edge", availabilityZone]), "regionkit:tier": "edge" },
      });
      new RouteTableAssociation(this, `EdgeSubnet${zone + 1}Routes`, { subnetId: s.id, routeTableId: edgeRoutes.id });
      return s;
    });

    const balancer = (side: "Internal" | "Edge", sources: readonly string[], subnets: readonly string[]) => {
      const securityGroup = new SecurityGroup(this, `${side}LoadBalancerSecurityGroup`, {
        name: names.name("logging-api", [side.toLowerCase()], "securityGroup"),
        description: side === "Edge" ? "Logging API edge load balancer: HTTPS from Cloudflare only" : "Logging API internal load balancer: HTTPS from the region VPC",
        vpcId: network.vpc.id,
        ingress: [{ description: "HTTPS", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [...sources] }],
        egress: [],
      });
      const lb = new Lb(this, `${side}LoadBalancer`, {
        name: names.name("events", [side === "Edge" ? "edge" : "int"], "loadBalancer"),
        internal: side === "Internal",
        loadBalancerType: "application",
        ipAddressType: "ipv4",
        securityGroups: [securityGroup.id],
        subnets: [...subnets],
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "strictest",
        enableDeletionProtection: true,
      });
      const targets = new LbTargetGroup(this, `${side}TargetGroup`, { name: names.name("events", [side === "Edge" ? "edge" : "int"], "loadBalancer"), targetType: "lambda" });
      const permission = new LambdaPermission(this, `${side}InvokePermission`, {
        statementId: `${side}LoadBalancer`,
        action: "lambda:InvokeFunction",
        functionName: this.function.functionName,
        principal: "elasticloadbalancing.amazonaws.com",
        sourceArn: targets.arn,
      });
      new LbTargetGroupAttachment(this, `${side}TargetGroupAttachment`, { targetGroupArn: targets.arn, targetId: this.function.arn, dependsOn: [permission] });
      const listener = new LbListener(this, `${side}HttpsListener`, {
        loadBalancerArn: lb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: LOGGING_API_TLS_POLICY,
        certificateArn: this.certificate.arn,
        defaultAction:
          side === "Edge"
            ? [{ type: "fixed-response", fixedResponse: { contentType: "application/json", statusCode: "404", messageBody: '{"error":{"code":"not-found"}}' } }]
            : [{ type: "forward", targetGroupArn: targets.arn }],
      });
      if (side === "Edge")
        new LbListenerRule(this, "EdgeEventsRule", {
          listenerArn: listener.arn,
          priority: 10,
          condition: [{ pathPattern: { values: [EVENTS_PATH] } }, { httpRequestMethod: { values: ["POST"] } }],
          action: [{ type: "forward", targetGroupArn: targets.arn }],
        });
      return lb;
    };
    this.internalLoadBalancer = balancer("Internal", [network.cidr], network.appSubnetIds);
    this.edgeLoadBalancer = balancer(
      "Edge",
      props.edgeSourceCidrs ?? CLOUDFLARE_IPV4_RANGES,
      this.edgeSubnets.map((s) => s.id)
    );
  }
}
