import { SEARCHABLE_TABLES } from "../../regions/resolvers.js";

/**
 * The search domain's fine-grained access control as data: the OpenSearch roles the kit's principals get, and
 * the mapping of each IAM role ARN (a backend role) to them. Fine-grained access control ignores IAM policies
 * inside the domain, so without these mappings a writer or reader is refused. There is no installable Terraform
 * provider for the OpenSearch security API here, so the stack publishes these requests in-region (SSM,
 * `RegionResolver.searchSecurityParameter`) and the admin role applies them (README "Role mappings"); each is an
 * idempotent PUT, so applying twice changes nothing.
 */

/** An OpenSearch role: cluster action groups and index action groups on index patterns. */
export interface SearchRole {
  readonly cluster_permissions: readonly string[];
  readonly index_permissions: ReadonlyArray<{ readonly index_patterns: readonly string[]; readonly allowed_actions: readonly string[] }>;
}

/** The kind of access a principal has inside the domain. */
export type SearchAccess = "write" | "read";

/** OpenSearch role names the kit manages. */
export const SEARCH_ROLES: Readonly<Record<SearchAccess, string>> = { write: "regionkit_search_writer", read: "regionkit_search_reader" };

/** One index per searchable table, or versioned indices behind the table's alias. */
export const SEARCH_INDEX_PATTERNS: readonly string[] = SEARCHABLE_TABLES.flatMap((t) => [t, `${t}-*`]);

/** The roles, built from OpenSearch's predefined action groups. */
export function searchRoles(indexPatterns: readonly string[] = SEARCH_INDEX_PATTERNS): Readonly<Record<SearchAccess, SearchRole>> {
  return {
    // Bulk indexing is a cluster-level action (cluster_composite_ops); index creation and alias swaps for reindexing.
    write: {
      cluster_permissions: ["cluster_composite_ops", "cluster_monitor"],
      index_permissions: [{ index_patterns: [...indexPatterns], allowed_actions: ["crud", "create_index", "manage_aliases", "indices_monitor"] }],
    },
    read: {
      cluster_permissions: ["cluster_composite_ops_ro"],
      index_permissions: [{ index_patterns: [...indexPatterns], allowed_actions: ["read"] }],
    },
  };
}

export interface SecurityRequest {
  readonly method: "PUT";
  readonly path: string;
  readonly body: unknown;
}

/**
 * The security API requests that create the roles and map each principal to its role, in order (roles first).
 * A mapping lists every backend role (IAM role ARN) of its role, so a PUT replaces whatever was mapped by hand.
 */
export function searchSecurityRequests(principals: Readonly<Record<SearchAccess, readonly string[]>>, indexPatterns?: readonly string[]): SecurityRequest[] {
  const roles = searchRoles(indexPatterns);
  const accesses = (Object.keys(SEARCH_ROLES) as SearchAccess[]).filter((access) => principals[access].length > 0);
  return [
    ...accesses.map((access): SecurityRequest => ({ method: "PUT", path: `/_plugins/_security/api/roles/${SEARCH_ROLES[access]}`, body: roles[access] })),
    ...accesses.map(
      (access): SecurityRequest => ({
        method: "PUT",
        path: `/_plugins/_security/api/rolesmapping/${SEARCH_ROLES[access]}`,
        body: { backend_roles: [...principals[access]], hosts: [], users: [] },
      }),
    ),
  ];
}
