import { Testing, type TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { classify, CATALOG } from "../../../guardrails/residency/catalog.js";
import { buildStacks } from "../../../stacks/app.js";
import { synthesize } from "../../helpers.js";
import { manifest } from "../fixtures.js";

describe("the resource type catalog", () => {
  it("classifies every managed type the kit synthesizes today, for the kind of stack it is in", () => {
    const app = Testing.app();
    buildStacks(app, manifest);
    const unclassified: string[] = [];
    for (const stack of app.node.children) {
      const json = synthesize(stack as TerraformStack).json;
      const profile = stack.node.id.startsWith("cdc-") ? "cdc" : stack.node.id.startsWith("data-") ? "data" : stack.node.id;
      for (const type of Object.keys(json.resource ?? {})) {
        const c = classify(type);
        if (!c || !c.where.includes(profile as never)) unclassified.push(`${stack.node.id}: ${type}`);
      }
    }
    expect(unclassified).toEqual([]);
  });

  it("pre-classifies the types colleagues are adding", () => {
    const adding = ["aws_cloudwatch_metric_alarm", "aws_sns_topic", "aws_sns_topic_policy", "aws_sns_topic_subscription", "aws_lb", "aws_lb_listener", "aws_lb_target_group", "aws_lambda_function", "aws_lambda_permission", "aws_lambda_event_source_mapping", "aws_vpc_endpoint", "aws_route53_zone", "aws_route53_record", "aws_secretsmanager_secret_rotation", "aws_opensearch_domain_policy", "aws_s3_object", "aws_ssm_parameter", "aws_ecs_service", "aws_ecs_task_definition", "aws_autoscaling_group", "aws_iam_openid_connect_provider", "aws_mskconnect_connector", "kubernetes_manifest", "cloudflare_workers_script", "cloudflare_workers_route", "snowflake_warehouse"];
    expect(adding.filter((t) => !classify(t))).toEqual([]);
  });

  it("names the destination attributes of every mover, and never classifies a type as a mover without them", () => {
    expect(classify("aws_sns_topic_subscription")).toMatchObject({ role: "mover", to: ["endpoint", "subscription_role_arn"] });
    expect(classify("aws_vpc_endpoint")?.to).toContain("service_name");
    expect(Object.entries(CATALOG).filter(([, c]) => c.role === "mover" && !c.to).map(([t]) => t)).toEqual([]);
  });

  it("keeps customer-data stores out of central and the edge", () => {
    expect(classify("aws_db_instance")!.where).not.toContain("central");
    expect(classify("cloudflare_r2_bucket")!.where).toEqual([]);
    expect(classify("cloudflare_workers_script")!.where).toEqual(["edge"]);
  });

  it("leaves unknown types unclassified (the closed world fails them)", () => {
    expect(classify("aws_appflow_flow")).toBeUndefined();
    expect(classify("helm_release")).toBeUndefined();
  });
});
