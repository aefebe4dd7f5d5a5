import { AccountRole } from "@cdktf/provider-snowflake/lib/account-role";
import { Database } from "@cdktf/provider-snowflake/lib/database";
import { GrantPrivilegesToAccountRole, type GrantPrivilegesToAccountRoleConfig } from "@cdktf/provider-snowflake/lib/grant-privileges-to-account-role";
import { Schema } from "@cdktf/provider-snowflake/lib/schema";
import { Stage } from "@cdktf/provider-snowflake/lib/stage";
import { StorageIntegration } from "@cdktf/provider-snowflake/lib/storage-integration";
import { Table, type TableColumn } from "@cdktf/provider-snowflake/lib/table";
import { View } from "@cdktf/provider-snowflake/lib/view";
import { type ITerraformDependable, TerraformIterator, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { type RegionResolver, WAREHOUSE } from "../../regions/resolvers.js";

/**
 * Columns of every region's events table: the layout the Snowflake Kafka
 * connector (Snowpipe Streaming, schematization off) writes, so the regional
 * event sink needs no mapping.
 */
export const WAREHOUSE_EVENT_COLUMNS = [
  { name: "RECORD_METADATA", type: "VARIANT", nullable: true },
  { name: "RECORD_CONTENT", type: "VARIANT", nullable: true },
] as const satisfies readonly TableColumn[];

/** Columns of every region's sanitized landing table; the pipe fills RECORD and SOURCE_FILE. */
export const WAREHOUSE_SANITIZED_COLUMNS: readonly TableColumn[] = [
  { name: "RECORD", type: "VARIANT", nullable: false },
  { name: "SOURCE_FILE", type: "VARCHAR", nullable: false },
  { name: "LOADED_AT", type: "TIMESTAMP_LTZ", nullable: false, default: { expression: "CURRENT_TIMESTAMP()" } },
];

/** The column naming a row's region in the merged views. */
export const REGION_COLUMN = "REGION";

export interface WarehouseObjectsProps {
  /** Every manifest region, in manifest order. */
  readonly regions: readonly RegionResolver[];
  /** Days of Time Travel on the database (and so its tables). @default 7 */
  readonly dataRetentionDays?: number;
  /** File format of the sanitized export. @default "PARQUET" */
  readonly sanitizedFileFormat?: string;
  /**
   * Role the orchestrator's warehouse connection uses to load each sanitize run (`COPY INTO` the landing table).
   * @default `<NAMESPACE>_SANITIZED_LOADER`
   */
  readonly sanitizedLoaderRole?: string;
}

const qualified = (schema: string, object: string): string => `${WAREHOUSE.database}.${schema}.${object}`;
/** `"DB"."SCHEMA"."OBJECT"`, the form grants on schema objects take. */
const quotedName = (schema: string, object: string): string => [WAREHOUSE.database, schema, object].map((part) => `"${part}"`).join(".");

/**
 * The central warehouse's objects: one database, an events schema with one
 * table per region, a view that UNION ALLs them with a region column and, per
 * region, an event-sink role that may insert into that region's table only; and a
 * sanitized schema with, per region, a landing table and a stage over that
 * region's sanitized export (through a storage integration allowed to read that
 * one location only), a loader role the orchestrator uses to `COPY INTO` each
 * landing table after a sanitize run, and a view that UNION ALLs the landing
 * tables with a region column.
 *
 * Per-region objects are one resource each iterated over the regions
 * (`for_each` keyed by region id), so construct ids stay literal and adding a
 * region adds one instance of each without touching the others' addresses.
 */
export class WarehouseObjects extends Construct {
  readonly database: Database;
  /** `local.warehouse_regions`: per region id, the names of its warehouse objects. */
  readonly regionNames: TerraformLocal;
  readonly eventsSchema: Schema;
  readonly sanitizedSchema: Schema;
  readonly eventsTables: Table;
  readonly eventsView: View;
  readonly eventSinkRoles: AccountRole;
  readonly storageIntegrations: StorageIntegration;
  readonly sanitizedTables: Table;
  readonly stages: Stage;
  readonly sanitizedView: View;
  readonly sanitizedLoaderRole: AccountRole;

  constructor(scope: Construct, id: string, props: WarehouseObjectsProps) {
    super(scope, id);
    const format = props.sanitizedFileFormat ?? "PARQUET";
    const stateful = { lifecycle: { preventDestroy: true } };

    this.database = new Database(this, "Resource", {
      name: WAREHOUSE.database,
      comment: "regionkit: sanitized data and events from every region; no customer data",
      dataRetentionTimeInDays: props.dataRetentionDays ?? 7,
      dropPublicSchemaOnCreation: true,
      ...stateful,
    });
    const schema = (constructId: string, name: string, comment: string) =>
      new Schema(this, constructId, { database: this.database.name, name, comment, withManagedAccess: "true", ...stateful });
    this.eventsSchema = schema("EventsSchema", WAREHOUSE.eventsSchema, "product events, one table per region");
    this.sanitizedSchema = schema("SanitizedSchema", WAREHOUSE.sanitizedSchema, "sanitized lake exports, one landing table per region");

    // One local holds every region's names; each per-region resource iterates over it.
    this.regionNames = new TerraformLocal(
      this,
      "RegionNames",
      Object.fromEntries(
        props.regions.map((r) => [
          r.id,
          {
            events_table: r.warehouseEventsTable,
            events_table_fqn: quotedName(WAREHOUSE.eventsSchema, r.warehouseEventsTable),
            event_sink_role: r.warehouseEventSinkRole,
            sanitized_table: r.warehouseSanitizedTable,
            integration: r.warehouseStorageIntegration,
            export_path: r.sanitizedExportPath,
            role_arn: r.warehouseReadRoleArn,
            external_id: r.warehouseExternalId,
            sanitized_table_fqn: quotedName(WAREHOUSE.sanitizedSchema, r.warehouseSanitizedTable),
            stage: r.warehouseSanitizedStage,
            stage_fqn: quotedName(WAREHOUSE.sanitizedSchema, r.warehouseSanitizedStage),
          },
        ])
      )
    );
    this.regionNames.overrideLogicalId("warehouse_regions");
    const regions = TerraformIterator.fromMap(this.regionNames.asAnyMap);
    const each = (field: string) => regions.getString(field);

    this.eventsTables = new Table(this, "EventsTables", {
      forEach: regions,
      database: this.database.name,
      schema: this.eventsSchema.name,
      name: each("events_table"),
      comment: "sanitized product events of one region, written by that region's event sink",
      column: WAREHOUSE_EVENT_COLUMNS.map((c) => ({ ...c })),
      ...stateful,
    });

    this.eventsView = new View(this, "EventsView", {
      database: this.database.name,
      schema: this.eventsSchema.name,
      name: WAREHOUSE.eventsView,
      comment: "every region's events, with the region they come from",
      statement: eventsViewStatement(props.regions),
      dependsOn: [this.eventsTables],
    });

    // Each region's event sink gets its own role that can insert into its own table and nothing else.
    this.eventSinkRoles = new AccountRole(this, "EventSinkRoles", {
      forEach: regions,
      name: each("event_sink_role"),
      comment: "one region's event sink: insert into that region's events table only",
    });
    const sinkGrant = (constructId: string, grant: Partial<GrantPrivilegesToAccountRoleConfig>, dependsOn: ITerraformDependable[] = []) =>
      new GrantPrivilegesToAccountRole(this, constructId, {
        forEach: regions,
        accountRoleName: each("event_sink_role"),
        ...grant,
        dependsOn: [this.eventSinkRoles, ...dependsOn],
      });
    sinkGrant("EventSinkDatabaseUsage", { privileges: ["USAGE"], onAccountObject: { objectType: "DATABASE", objectName: this.database.name } });
    sinkGrant("EventSinkSchemaUsage", { privileges: ["USAGE"], onSchema: { schemaName: this.eventsSchema.fullyQualifiedName } });
    sinkGrant("EventSinkTableInsert", { privileges: ["INSERT"], onSchemaObject: { objectType: "TABLE", objectName: each("events_table_fqn") } }, [
      this.eventsTables,
    ]);

    this.storageIntegrations = new StorageIntegration(this, "StorageIntegrations", {
      forEach: regions,
      name: each("integration"),
      comment: "reads one region's sanitized export, nothing else",
      type: "EXTERNAL_STAGE",
      enabled: true,
      storageProvider: "S3",
      storageAllowedLocations: [each("export_path")],
      storageAwsRoleArn: each("role_arn"),
      storageAwsExternalId: each("external_id"),
    });

    this.sanitizedTables = new Table(this, "SanitizedTables", {
      forEach: regions,
      database: this.database.name,
      schema: this.sanitizedSchema.name,
      name: each("sanitized_table"),
      comment: "one region's sanitized lake export",
      column: [...WAREHOUSE_SANITIZED_COLUMNS],
      ...stateful,
    });

    this.stages = new Stage(this, "SanitizedStages", {
      forEach: regions,
      database: this.database.name,
      schema: this.sanitizedSchema.name,
      name: each("stage"),
      url: each("export_path"),
      storageIntegration: each("integration"),
      fileFormat: `TYPE = ${format}`,
      dependsOn: [this.storageIntegrations],
    });

    this.sanitizedView = new View(this, "SanitizedView", {
      database: this.database.name,
      schema: this.sanitizedSchema.name,
      name: WAREHOUSE.sanitizedView,
      comment: "every region's sanitized export, with the region it comes from",
      statement: mergedViewStatement(props.regions, WAREHOUSE.sanitizedSchema, (r) => r.warehouseSanitizedTable, WAREHOUSE_SANITIZED_COLUMNS),
      dependsOn: [this.sanitizedTables],
    });

    // The orchestrator loads each sanitize run with COPY INTO (constructs/central/dags): S3 event notifications
    // cannot reach the warehouse from a region's bucket, so nothing would load the files otherwise. COPY INTO a
    // table through an external stage needs USAGE on the database, schema and stage and INSERT on the table.
    const loaderRole = props.sanitizedLoaderRole ?? `${props.regions[0]?.namespace ?? "rk"}_SANITIZED_LOADER`.toUpperCase();
    this.sanitizedLoaderRole = new AccountRole(this, "SanitizedLoaderRole", {
      name: loaderRole,
      comment: "the orchestrator's warehouse connection: load each region's sanitized export into its landing table",
    });
    const loaderGrant = (constructId: string, grant: Partial<GrantPrivilegesToAccountRoleConfig>, dependsOn: ITerraformDependable[] = [], perRegion = true) =>
      new GrantPrivilegesToAccountRole(this, constructId, {
        ...(perRegion ? { forEach: regions } : {}),
        accountRoleName: this.sanitizedLoaderRole.name,
        ...grant,
        dependsOn: [this.sanitizedLoaderRole, ...dependsOn],
      });
    loaderGrant("SanitizedLoaderDatabaseUsage", { privileges: ["USAGE"], onAccountObject: { objectType: "DATABASE", objectName: this.database.name } }, [], false);
    loaderGrant("SanitizedLoaderSchemaUsage", { privileges: ["USAGE"], onSchema: { schemaName: this.sanitizedSchema.fullyQualifiedName } }, [], false);
    loaderGrant("SanitizedLoaderTableInsert", { privileges: ["INSERT"], onSchemaObject: { objectType: "TABLE", objectName: each("sanitized_table_fqn") } }, [this.sanitizedTables]);
    loaderGrant("SanitizedLoaderStageUsage", { privileges: ["USAGE"], onSchemaObject: { objectType: "STAGE", objectName: each("stage_fqn") } }, [this.stages]);
  }
}

/** `SELECT '<id>' AS REGION, <columns> FROM <table>` per region, joined with UNION ALL. */
export function mergedViewStatement(
  regions: readonly RegionResolver[],
  schema: string,
  tableOf: (r: RegionResolver) => string,
  columns: readonly Pick<TableColumn, "name">[],
): string {
  const list = columns.map((c) => c.name).join(", ");
  return regions.map((r) => `SELECT '${r.id}' AS ${REGION_COLUMN}, ${list} FROM ${qualified(schema, tableOf(r))}`).join("\nUNION ALL\n");
}

/** The merged events view's statement. */
export function eventsViewStatement(regions: readonly RegionResolver[]): string {
  return mergedViewStatement(regions, WAREHOUSE.eventsSchema, (r) => r.warehouseEventsTable, WAREHOUSE_EVENT_COLUMNS);
}
