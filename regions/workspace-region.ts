import { didYouMean } from "./hints.js";
import type { Manifest } from "./manifest.js";
import { RegionResolver } from "./resolvers.js";
import { type RegionRoute, regionRoute } from "./routing.js";
import { canonicalWorkspaceId } from "./workspace-id.js";

/**
 * Client helper for the central workspace → region table (constructs/central
 * WorkspaceRegionTable). It validates every item it reads against the manifest,
 * so a region id the manifest does not know never routes a workspace, and it
 * moves workspaces between regions with optimistic version checks. Workspace
 * ids must be canonical lower-case UUIDs (regions/workspace-id.ts): anything
 * else is refused, so one workspace can never have two entries.
 *
 * It takes a minimal store interface instead of the AWS SDK: an application
 * wraps its own DynamoDB (Document) client, e.g.
 *   getItem: (key) => doc.get({ TableName, Key: key }).then((r) => r.Item)
 *   putItem: (item, expected) => doc.put({ TableName, Item: item, ConditionExpression:
 *     expected === undefined ? "attribute_not_exists(workspace_id)" : "version = :v",
 *     ExpressionAttributeValues: ... }) resolving false on ConditionalCheckFailedException
 *
 * Item shape (attribute names as stored):
 *   workspace_id     S  partition key
 *   active_region    S  manifest region id that serves the workspace; stays the source while migrating
 *   migration_state  S  "active" | "migrating"
 *   source_region    S  only while migrating: equals active_region
 *   target_region    S  only while migrating: where the workspace is moving
 *   version          N  1 on creation, +1 on every write (optimistic concurrency)
 *   updated_at       S  ISO-8601 time of the last write
 */

export const WORKSPACE_ID_ATTRIBUTE = "workspace_id";
export const MIGRATION_STATES = ["active", "migrating"] as const;
export type MigrationState = (typeof MIGRATION_STATES)[number];

export interface WorkspaceRegionKey {
  readonly workspace_id: string;
}

export interface WorkspaceRegionItem {
  readonly workspace_id: string;
  readonly active_region: string;
  readonly migration_state: MigrationState;
  readonly source_region?: string;
  readonly target_region?: string;
  readonly version: number;
  readonly updated_at: string;
}

/** Read access: the item as plain values (a Document client's `Item`), or undefined when absent. */
export interface WorkspaceRegionReader {
  getItem(key: WorkspaceRegionKey): Promise<Record<string, unknown> | undefined>;
}

/** Read and conditional write access. */
export interface WorkspaceRegionStore extends WorkspaceRegionReader {
  /**
   * Write `item` only if the stored item's version equals `expectedVersion`, or,
   * when `expectedVersion` is undefined, only if there is no item yet. Resolve
   * false (do not throw) when that condition fails.
   */
  putItem(item: WorkspaceRegionItem, expectedVersion: number | undefined): Promise<boolean>;
}

/** Another writer changed the item between our read and our write; read again and retry. */
export class WorkspaceRegionConflictError extends Error {
  constructor(readonly workspaceId: string, readonly expectedVersion: number | undefined) {
    super(
      expectedVersion === undefined
        ? `workspace ${workspaceId} already has a region`
        : `workspace ${workspaceId} changed since version ${expectedVersion}: read it again and retry`
    );
    this.name = "WorkspaceRegionConflictError";
  }
}

export class WorkspaceRegions {
  private readonly regionIds: readonly string[];

  constructor(
    private readonly manifest: Manifest,
    private readonly store: WorkspaceRegionReader | WorkspaceRegionStore,
    private readonly now: () => Date = () => new Date()
  ) {
    this.regionIds = manifest.regions.map((r) => r.id);
  }

  /** The workspace's item, validated against the manifest; undefined when the workspace has no entry. Every method reads through here. */
  async read(workspaceId: string): Promise<WorkspaceRegionItem | undefined> {
    // Canonical ids only: "ABC..." and "abc..." must never be two keys, i.e. one workspace in two regions.
    const id = canonicalWorkspaceId(workspaceId);
    const raw = await this.store.getItem({ workspace_id: id });
    return raw === undefined ? undefined : this.parse(id, raw);
  }

  /** Resolver of the region that serves the workspace now (the source region while it migrates). */
  async regionOf(workspaceId: string): Promise<RegionResolver> {
    const item = await this.read(workspaceId);
    if (!item) throw new Error(`workspace ${workspaceId} has no region in the workspace → region table`);
    return this.resolver(item.active_region);
  }

  /** The routing entry (regions/routing.ts) of the region serving the workspace: what the orchestrator sees too. */
  async routeOf(workspaceId: string): Promise<RegionRoute> {
    return regionRoute(await this.regionOf(workspaceId));
  }

  /** Place a new workspace in a region. */
  async assign(workspaceId: string, regionId: string): Promise<WorkspaceRegionItem> {
    const id = canonicalWorkspaceId(workspaceId);
    this.requireRegion("region", regionId);
    return this.write({ workspace_id: id, active_region: regionId, migration_state: "active", version: 1, updated_at: this.stamp() }, undefined);
  }

  /** `active` → `migrating`: the workspace keeps being served from its active region until the move completes. */
  async startMigration(workspaceId: string, targetRegionId: string): Promise<WorkspaceRegionItem> {
    this.requireRegion("target_region", targetRegionId);
    const item = await this.current(workspaceId, "active", "start a migration");
    if (targetRegionId === item.active_region) throw new Error(`workspace ${workspaceId} already lives in ${targetRegionId}; choose another target region`);
    return this.write(
      {
        ...item,
        migration_state: "migrating",
        source_region: item.active_region,
        target_region: targetRegionId,
        version: item.version + 1,
        updated_at: this.stamp(),
      },
      item.version
    );
  }

  /** `migrating` → `active` in the target region. */
  async completeMigration(workspaceId: string): Promise<WorkspaceRegionItem> {
    const item = await this.current(workspaceId, "migrating", "complete a migration");
    return this.write(settled(item, item.target_region!, this.stamp()), item.version);
  }

  /** `migrating` → `active` in the source region, as if the migration never started. */
  async abortMigration(workspaceId: string): Promise<WorkspaceRegionItem> {
    const item = await this.current(workspaceId, "migrating", "abort a migration");
    return this.write(settled(item, item.source_region!, this.stamp()), item.version);
  }

  private async current(workspaceId: string, state: MigrationState, action: string): Promise<WorkspaceRegionItem> {
    const item = await this.read(workspaceId);
    if (!item) throw new Error(`workspace ${workspaceId} has no region; assign one before you ${action}`);
    if (item.migration_state !== state)
      throw new Error(`cannot ${action} for workspace ${workspaceId}: its migration_state is "${item.migration_state}", expected "${state}"`);
    return item;
  }

  private async write(item: WorkspaceRegionItem, expectedVersion: number | undefined): Promise<WorkspaceRegionItem> {
    if (!("putItem" in this.store)) throw new Error("this WorkspaceRegions was built with a read-only store; pass one with putItem to change regions");
    if (!(await this.store.putItem(item, expectedVersion))) throw new WorkspaceRegionConflictError(item.workspace_id, expectedVersion);
    return item;
  }

  private resolver(regionId: string): RegionResolver {
    const region = this.manifest.regions.find((r) => r.id === regionId)!;
    return new RegionResolver(region, this.manifest.central.namespace);
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private regionProblem(field: string, value: unknown): string | undefined {
    if (typeof value === "string" && this.regionIds.includes(value)) return undefined;
    const hint = typeof value === "string" ? didYouMean(value, this.regionIds) : "";
    return `${field} ${JSON.stringify(value)} is not a manifest region${hint}; valid: ${this.regionIds.join(", ")}`;
  }

  private requireRegion(field: string, value: string): void {
    const problem = this.regionProblem(field, value);
    if (problem) throw new Error(problem);
  }

  /** Check a stored item; every problem is reported at once. */
  private parse(workspaceId: string, raw: Record<string, unknown>): WorkspaceRegionItem {
    const problems: string[] = [];
    const state = raw.migration_state;
    if (raw.workspace_id !== workspaceId)
      problems.push(`workspace_id ${JSON.stringify(raw.workspace_id)} does not match the key ${JSON.stringify(workspaceId)}`);
    const active = this.regionProblem("active_region", raw.active_region);
    if (active) problems.push(active);
    if (!MIGRATION_STATES.includes(state as MigrationState))
      problems.push(`migration_state ${JSON.stringify(state)} is not valid; valid: ${MIGRATION_STATES.join(", ")}`);
    if (state === "migrating") {
      for (const field of ["source_region", "target_region"] as const) {
        const problem = this.regionProblem(field, raw[field]);
        if (problem) problems.push(problem);
      }
      if (raw.source_region !== raw.active_region)
        problems.push(`source_region ${JSON.stringify(raw.source_region)} must equal active_region ${JSON.stringify(raw.active_region)} while migrating`);
    }
    if (!Number.isInteger(raw.version) || (raw.version as number) < 1) problems.push(`version ${JSON.stringify(raw.version)} must be a whole number >= 1`);
    if (problems.length > 0) throw new Error(`workspace ${workspaceId} has an invalid region entry:\n  ${problems.join("\n  ")}`);
    const item: WorkspaceRegionItem = {
      workspace_id: workspaceId,
      active_region: raw.active_region as string,
      migration_state: state as MigrationState,
      version: raw.version as number,
      updated_at: typeof raw.updated_at === "string" ? raw.updated_at : "",
    };
    return state === "migrating" ? { ...item, source_region: raw.source_region as string, target_region: raw.target_region as string } : item;
  }
}

/** The item at rest in `regionId`, with the migration fields dropped. */
function settled(item: WorkspaceRegionItem, regionId: string, updatedAt: string): WorkspaceRegionItem {
  return { workspace_id: item.workspace_id, active_region: regionId, migration_state: "active", version: item.version + 1, updated_at: updatedAt };
}
