import { describe, expect, it } from "vitest";
import { ConfigObject } from "../../../constructs/central/config-object.js";
import { CentralStack } from "../../../stacks/central-stack.js";
import { manifestOf, resourceAt, synthesize, testApp } from "../../helpers.js";

/** The central stack plus one ConfigObject in its config bucket, synthesized. */
function withObject(content: string, contentType?: string) {
  const stack = new CentralStack(testApp(), { manifest: manifestOf() });
  new ConfigObject(stack, "TestObject", { bucket: stack.configBucket, key: "test/object", content, contentType });
  const synth = synthesize(stack);
  return { synth, body: resourceAt(synth, "aws_s3_object", "TestObject/Resource").body };
}

describe("ConfigObject", () => {
  it("stores Terraform template sequences literally", () => {
    expect(withObject("a ${var.x} %{ if y } $z", "text/plain").body.content).toBe("a $${var.x} %%{ if y } $z");
  });

  it("encrypts with the bucket's key", () => {
    const { synth, body } = withObject("{}");
    expect(body).toMatchObject({
      server_side_encryption: "aws:kms",
      kms_key_id: resourceAt(synth, "aws_kms_key", "Key/Resource").ref("arn"),
      bucket_key_enabled: true,
      content_type: "application/json",
    });
  });
});
