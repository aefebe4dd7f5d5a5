import { WAREHOUSE } from "../../regions/resolvers.js";
import { isToken, referencesIn } from "../context.js";
import type { TfResource } from "../types.js";
import { EVENT_SINK_CONNECTOR_CLASS } from "./catalog.js";

/**
 * The designed crossing, recognised by what it does rather than by its name: a Snowflake sink
 * connector that ships exactly the region's events topic (`<id>.events`) into the region's own
 * events table (`REGIONKIT.EVENTS.EVENTS_<ID>`), with its Snowflake credentials from the region's
 * event-sink secret, and nothing else. Any other topic, table, key or destination makes it an
 * ordinary external sink again.
 */

/** Connector keys the event sink may set besides the checked ones (converters, error handling, buffering, tuning). */
const NEUTRAL_KEY = /^(?:tasks\.max|key\.converter.*|value\.converter.*|errors\..*|buffer\..*|snowflake\.ingestion\.method|snowflake\.enable\.schematization|snowflake\.streaming\..*|jmx|behavior\.on\.null\.values)$/;
const CREDENTIAL_KEYS = ["snowflake.private.key", "snowflake.role.name", "snowflake.url.name", "snowflake.user.name", "snowflake.private.key.passphrase"];

/** Region id from the stack name: `data-eu` / `cdc-eu` → `eu`. */
const regionIdOf = (stack: string): string => stack.replace(/^[a-z]+-/, "");

export function designedCrossing(resource: TfResource, stack: string): boolean {
  const id = regionIdOf(stack);
  let cls: unknown;
  let config: Record<string, unknown> | undefined;
  if (resource.type === "aws_mskconnect_connector") {
    config = resource.attrs.connector_configuration as Record<string, unknown> | undefined;
    cls = config?.["connector.class"];
    const bootstrap = (resource.attrs.kafka_cluster as any)?.apache_kafka_cluster?.bootstrap_servers;
    // It must read the region's own MSK cluster, defined in this stack.
    if (typeof bootstrap !== "string" || !isToken(bootstrap) || !referencesIn(bootstrap).some((a) => a.startsWith("aws_msk_cluster."))) return false;
  } else if (resource.type === "kubernetes_manifest") {
    const m = resource.attrs.manifest as any;
    if (m?.kind !== "KafkaConnector") return false;
    cls = m.spec?.class;
    config = { ...(m.spec?.config ?? {}), "connector.class": m.spec?.class ?? m.spec?.config?.["connector.class"] };
  }
  if (!config || cls !== EVENT_SINK_CONNECTOR_CLASS) return false;
  const topic = `${id}.events`;
  const table = `EVENTS_${id.replace(/-/g, "_").toUpperCase()}`;
  const expected: Record<string, string> = {
    "connector.class": EVENT_SINK_CONNECTOR_CLASS,
    topics: topic,
    "snowflake.topic2table.map": `${topic}:${table}`,
    "snowflake.database.name": WAREHOUSE.database,
    "snowflake.schema.name": WAREHOUSE.eventsSchema,
  };
  const secret = new RegExp(`^\\$?\\$\\{secretsmanager:[a-z0-9-]*${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-event-sink-snowflake:[a-z_]+\\}$`);
  for (const [key, value] of Object.entries(config)) {
    if (key in expected) {
      if (String(value) !== expected[key]) return false;
    } else if (CREDENTIAL_KEYS.includes(key)) {
      if (typeof value !== "string" || !secret.test(value)) return false;
    } else if (!NEUTRAL_KEY.test(key)) return false;
  }
  return Object.keys(expected).every((k) => config![k] !== undefined);
}
