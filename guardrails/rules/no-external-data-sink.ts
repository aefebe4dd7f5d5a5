import { analysisRule } from "../residency/rule.js";

export const noExternalDataSink = analysisRule({
  id: "RK-RES-015",
  name: "no-external-data-sink",
  kind: "external",
  description:
    "No destination outside AWS: non-AWS hosts and URLs, Snowflake/HTTP/Splunk sinks, SNS email/SMS/HTTP subscriptions. The event sink is excepted only while it ships exactly `<id>.events` into the region's own events table.",
  fix: "Send data to the region's own stores; only the designed event sink may leave (guardrails/exceptions.ts binds it to its content).",
});
