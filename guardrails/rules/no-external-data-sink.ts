import { COMPLIANT, defineRule, fail, getAll } from "../checks.js";

/** Markers of a sink outside AWS: the Snowflake Kafka connector, a Snowflake account URL. */
const EXTERNAL_MARKERS = [/com\.snowflake\.kafka\.connector/i, /snowflakecomputing\.com/i];
const FIREHOSE_EXTERNAL = ["http_endpoint_configuration", "snowflake_configuration", "splunk_configuration"];

/**
 * The event-log sink (sanitized events → the central warehouse) is the one designed crossing point;
 * it is excepted by name in guardrails/exceptions.ts, so any other sink fails.
 */
export const noExternalDataSink = defineRule({
  id: "RK-RES-015",
  name: "no-external-data-sink",
  family: "residency",
  level: "error",
  description: "Nothing in a regional stack streams data to a destination outside AWS (Snowflake connector or URL, Firehose HTTP/Snowflake/Splunk).",
  fix: "Only the event-log sink may leave the region (excepted in guardrails/exceptions.ts); send anything else to the region's lake.",
  controls: { note: "regionkit residency" },
  resourceTypes: "*",
  stackKinds: ["regional"],
  evaluate(resource, ctx) {
    if (resource.type === "aws_kinesis_firehose_delivery_stream") {
      const external = FIREHOSE_EXTERNAL.filter((b) => getAll(resource.attrs, b).length > 0);
      if (external.length) return fail(`Firehose delivers outside AWS (${external.join(", ")})`);
    }
    const hit = ctx.strings(resource).find((s) => EXTERNAL_MARKERS.some((m) => m.test(s)));
    return hit ? fail(`sends data outside AWS: ${hit.length > 80 ? `${hit.slice(0, 77)}...` : hit}`) : COMPLIANT;
  },
});
