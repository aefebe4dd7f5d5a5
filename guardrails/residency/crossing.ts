import type { Manifest } from "../../regions/manifest.js";
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

/** A neutral key stays neutral only with a plain literal (a class name, a number, a flag): no URL, host or endpoint. */
function neutralValue(key: string, value: unknown): boolean {
  if (typeof value === "number" || typeof value === "boolean") return true;
  return typeof value === "string" && !/url|registry|host|server|endpoint|location/i.test(key) && /^[A-Za-z0-9_.,$-]*$/.test(value);
}

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
    } else if (!NEUTRAL_KEY.test(key) || !neutralValue(key, value)) return false;
  }
  return Object.keys(expected).every((k) => config![k] !== undefined);
}

/** Private hosted zone Snowflake's PrivateLink host names live in (Snowflake's documented name). */
export const SNOWFLAKE_PRIVATELINK_ZONE = "privatelink.snowflakecomputing.com";

/** A reference to an interface endpoint's DNS name (`${aws_vpc_endpoint.X.dns_entry[0].dns_name}`): the endpoint, not a host typed in. */
export const ENDPOINT_DNS_REFERENCE = /^\$\{aws_vpc_endpoint\.([\w-]+)\.dns_entry\[\d+\]\.dns_name\}$/;
/** A reference to a VPC's id (`${aws_vpc.X.id}`). */
export const VPC_REFERENCE = /^\$\{aws_vpc\.([\w-]+)\.id\}$/;

/**
 * The event sink's private path to the warehouse (constructs/event-log `WarehouseEndpoint`), bound to the
 * manifest's `central.warehouse` block rather than to names: an interface endpoint to exactly the
 * account's PrivateLink service (in that service's own AWS region, nothing else); the private zone
 * `privatelink.snowflakecomputing.com` or exactly the internal stage host, associated only with VPCs
 * named by reference (no `vpc_region` outside the region's own AWS regions); and CNAME records for
 * exactly the account host and its OCSP host whose every target is an interface endpoint's `dns_entry`
 * by reference (a literal `vpce-...` host could be anyone's endpoint). Another service, host, record type
 * or target makes it an ordinary cross-region reference again. That the referenced endpoint and VPC are
 * this stack's own is checked by the analysis (RK-RES-019), which sees the whole stack.
 */
export function warehouseEndpointPart(resource: TfResource, stack: string, manifest?: Manifest): boolean {
  const w = manifest?.central.warehouse;
  if (!w) return false;
  const a = resource.attrs as Record<string, unknown>;
  switch (resource.type) {
    case "aws_vpc_endpoint": {
      if (a.service_name !== w.privateLinkServiceName || a.vpc_endpoint_type !== "Interface") return false;
      const serviceRegion = w.privateLinkServiceName.split(".")[3];
      return a.service_region === undefined || a.service_region === serviceRegion;
    }
    case "aws_route53_zone": {
      if (a.name !== SNOWFLAKE_PRIVATELINK_ZONE && a.name !== w.internalStageHost) return false;
      const own = manifest!.regions.find((r) => r.id === regionIdOf(stack));
      const regions = own ? [own.awsRegion, own.backupRegion].filter(Boolean) : [];
      const vpcs = [a.vpc ?? []].flat() as Array<Record<string, unknown>>;
      return vpcs.length > 0 && vpcs.every((v) => typeof v?.vpc_id === "string" && VPC_REFERENCE.test(v.vpc_id) && (v.vpc_region === undefined || regions.includes(String(v.vpc_region))));
    }
    case "aws_route53_record": {
      if (a.type !== "CNAME" || (a.name !== w.accountHost && a.name !== `ocsp.${w.accountHost}`)) return false;
      const records = [a.records ?? []].flat();
      return records.length > 0 && records.every((t) => typeof t === "string" && ENDPOINT_DNS_REFERENCE.test(t));
    }
    default:
      return false;
  }
}
