import { describe, expect, it } from "vitest";
import { manifestOf, manifestWithRegion, NEW_REGION_YAML, synthWarehouse, type Synthesized } from "../../helpers.js";

const manifest = manifestOf();
const warehouse = synthWarehouse(manifest);
const ids = manifest.regions.map((r) => r.id);

const regionNames = (s: Synthesized): Record<string, Record<string, string>> => s.json.locals.warehouse_regions;
const only = (s: Synthesized, type: string, namePart: string) => {
  const matches = Object.entries(s.resources(type)).filter(([n]) => n.includes(namePart));
  if (matches.length !== 1) throw new Error(`expected one ${type} matching ${namePart}, found ${matches.length}`);
  return matches[0]![1];
};
const view = (s: Synthesized) => only(s, "snowflake_view", "EventsView");

describe("WarehouseObjects", () => {
  it("creates the REGIONKIT database with the EVENTS and SANITIZED schemas, all protected from destroy", () => {
    const db = only(warehouse, "snowflake_database", "Warehouse");
    expect(db).toMatchObject({ name: "REGIONKIT", drop_public_schema_on_creation: true, lifecycle: { prevent_destroy: true } });
    const schemas = Object.values(warehouse.resources("snowflake_schema"));
    expect(schemas.map((s) => s.name).sort()).toEqual(["EVENTS", "SANITIZED"]);
    for (const s of schemas) expect(s).toMatchObject({ with_managed_access: "true", lifecycle: { prevent_destroy: true } });
  });

  it("names every manifest region's objects, keyed by region id", () => {
    expect(Object.keys(regionNames(warehouse)).sort()).toEqual([...ids].sort());
    expect(regionNames(warehouse).eu).toMatchObject({
      events_table: "EVENTS_EU",
      sanitized_table: "SANITIZED_EU",
      export_path: "s3://rk-eu-lake-sanitized-222222222222/export/",
      role_arn: "arn:aws:iam::222222222222:role/rk-eu-warehouse-read",
    });
  });

  it("creates one events table per region with the fixed connector columns", () => {
    const tables = only(warehouse, "snowflake_table", "EventsTables");
    expect(tables.for_each).toBe("${local.warehouse_regions}");
    expect(tables.name).toBe("${each.value.events_table}");
    expect(tables.schema).toMatch(/^\$\{snowflake_schema\.Warehouse_EventsSchema_[0-9A-F]{8}\.name\}$/);
    expect(tables.column).toEqual([
      { name: "RECORD_METADATA", type: "VARIANT", nullable: true },
      { name: "RECORD_CONTENT", type: "VARIANT", nullable: true },
    ]);
    expect(tables.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("merges every region's events table in one view with a region column", () => {
    const { name, statement } = view(warehouse);
    expect(name).toBe("EVENTS_ALL_REGIONS");
    const branches = (statement as string).split("\nUNION ALL\n");
    expect(branches).toHaveLength(ids.length);
    for (const id of ids) {
      expect(branches).toContain(`SELECT '${id}' AS REGION, RECORD_METADATA, RECORD_CONTENT FROM REGIONKIT.EVENTS.EVENTS_${id.toUpperCase()}`);
    }
  });

  it("gives each region's event sink a role that may insert into its own events table only", () => {
    expect(only(warehouse, "snowflake_account_role", "EventSinkRoles")).toMatchObject({
      for_each: "${local.warehouse_regions}",
      name: "${each.value.event_sink_role}",
    });
    const grants = Object.entries(warehouse.resources("snowflake_grant_privileges_to_account_role"))
      .filter(([n]) => n.includes("EventSink"))
      .map(([, g]) => g);
    expect(grants).toHaveLength(3);
    for (const g of grants) expect(g).toMatchObject({ for_each: "${local.warehouse_regions}", account_role_name: "${each.value.event_sink_role}" });
    const byPrivilege = Object.fromEntries(grants.map((g) => [`${g.privileges.join(",")} ${Object.keys(g).find((k) => k.startsWith("on_"))}`, g]));
    expect(Object.keys(byPrivilege).sort()).toEqual(["INSERT on_schema_object", "USAGE on_account_object", "USAGE on_schema"]);
    expect(byPrivilege["INSERT on_schema_object"]!.on_schema_object).toEqual({ object_type: "TABLE", object_name: "${each.value.events_table_fqn}" });
    expect(grants.some((g) => g.all_privileges || g.on_account || g.with_grant_option)).toBe(false);
    for (const region of manifest.regions) {
      const names = regionNames(warehouse)[region.id]!;
      expect(names.event_sink_role).toBe(`RK_${region.id.toUpperCase()}_EVENT_SINK`);
      expect(names.events_table_fqn).toBe(`"REGIONKIT"."EVENTS"."EVENTS_${region.id.toUpperCase()}"`);
    }
  });

  it("scopes each storage integration to its region's sanitized export and read role", () => {
    const integrations = only(warehouse, "snowflake_storage_integration", "StorageIntegrations");
    expect(integrations).toMatchObject({
      for_each: "${local.warehouse_regions}",
      type: "EXTERNAL_STAGE",
      storage_provider: "S3",
      enabled: true,
      storage_allowed_locations: ["${each.value.export_path}"],
      storage_aws_role_arn: "${each.value.role_arn}",
      storage_aws_external_id: "${each.value.external_id}",
    });
    for (const region of manifest.regions) {
      const names = regionNames(warehouse)[region.id]!;
      expect(names.export_path).toBe(`s3://rk-${region.id}-lake-sanitized-${region.accountId}/export/`);
      expect(names.role_arn).toBe(`arn:aws:iam::${region.accountId}:role/rk-${region.id}-warehouse-read`);
    }
  });

  it("never lets the warehouse reach a raw, lake or logs bucket", () => {
    const text = JSON.stringify(warehouse.json);
    for (const region of manifest.regions) {
      for (const zone of ["raw", "lake", "logs"]) expect(text).not.toContain(`rk-${region.id}-lake-${zone}-`);
    }
  });

  it("lands sanitized data in one table per region, over a stage on the export, with no pipe nobody would trigger", () => {
    expect(only(warehouse, "snowflake_table", "SanitizedTables")).toMatchObject({
      name: "${each.value.sanitized_table}",
      lifecycle: { prevent_destroy: true },
    });
    expect(only(warehouse, "snowflake_stage", "SanitizedStages")).toMatchObject({
      url: "${each.value.export_path}",
      storage_integration: "${each.value.integration}",
      file_format: "TYPE = PARQUET",
    });
    expect(warehouse.resources("snowflake_pipe")).toEqual({});
  });

  it("merges every region's sanitized landing table in one view with a region column", () => {
    const merged = only(warehouse, "snowflake_view", "SanitizedView");
    expect(merged).toMatchObject({ name: "SANITIZED_ALL_REGIONS" });
    expect(merged.schema).toMatch(/^\$\{snowflake_schema\.Warehouse_SanitizedSchema_[0-9A-F]{8}\.name\}$/);
    const branches = (merged.statement as string).split("\nUNION ALL\n");
    expect(branches).toEqual(ids.map((id) => `SELECT '${id}' AS REGION, RECORD, SOURCE_FILE, LOADED_AT FROM REGIONKIT.SANITIZED.SANITIZED_${id.toUpperCase()}`));
  });

  it("gives the orchestrator's loader role exactly what COPY INTO needs: usage on database, schema and stages, insert on the landing tables", () => {
    expect(only(warehouse, "snowflake_account_role", "SanitizedLoaderRole").name).toBe("RK_SANITIZED_LOADER");
    const grants = Object.entries(warehouse.resources("snowflake_grant_privileges_to_account_role")).filter(([n]) => n.includes("SanitizedLoader"));
    const summary = grants
      .map(([, g]) => `${g.privileges.join(",")} ${g.on_account_object?.object_type ?? (g.on_schema ? "SCHEMA" : g.on_schema_object.object_type)} ${g.on_schema_object?.object_name ?? ""}`.trim())
      .sort();
    expect(summary).toEqual(["INSERT TABLE ${each.value.sanitized_table_fqn}", "USAGE DATABASE", "USAGE SCHEMA", "USAGE STAGE ${each.value.stage_fqn}"].sort());
    expect(regionNames(warehouse).eu).toMatchObject({ sanitized_table_fqn: '"REGIONKIT"."SANITIZED"."SANITIZED_EU"', stage_fqn: '"REGIONKIT"."SANITIZED"."SANITIZED_EU_STAGE"' });
  });

  // Snowpipe Streaming into an existing table with schematization off: USAGE on database and schema, INSERT on the
  // table (Snowflake's access-control table for Snowpipe Streaming); no OWNERSHIP, no CREATE on the schema.
  it("grants each event sink exactly what Snowpipe Streaming needs on an existing table", () => {
    const grants = Object.entries(warehouse.resources("snowflake_grant_privileges_to_account_role")).filter(([n]) => n.includes("EventSink"));
    expect(grants.map(([, g]) => g.privileges).flat().sort()).toEqual(["INSERT", "USAGE", "USAGE"]);
  });

  it("adds exactly the new region's tables, integration, stage, pipe and view branch when a region is added", () => {
    const grown = synthWarehouse(manifestWithRegion(NEW_REGION_YAML));
    const { ch, ...rest } = regionNames(grown);
    expect(rest).toEqual(regionNames(warehouse));
    expect(ch).toMatchObject({ events_table: "EVENTS_CH", sanitized_table: "SANITIZED_CH", export_path: "s3://rk-ch-lake-sanitized-555555555555/export/" });
    expect(view(grown).statement).toBe(
      `${view(warehouse).statement}\nUNION ALL\nSELECT 'ch' AS REGION, RECORD_METADATA, RECORD_CONTENT FROM REGIONKIT.EVENTS.EVENTS_CH`
    );
    const addresses = (s: Synthesized) =>
      Object.entries(s.json.resource)
        .flatMap(([type, rs]) => Object.keys(rs as object).map((n) => `${type}.${n}`))
        .sort();
    expect(addresses(grown)).toEqual(addresses(warehouse));
  });
});
