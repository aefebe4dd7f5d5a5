/**
 * The canonical workspace id: a UUID in lower case with hyphens
 * (`3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71`). It is the routing and partitioning
 * key, so every entry point (the edge worker, the logging API, the mapping
 * table client, the onboarding gate) accepts only this exact spelling instead
 * of normalizing: an upper-case or brace-wrapped id would otherwise hash to
 * another shard or miss the edge store.
 */
export const WORKSPACE_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const WORKSPACE_ID_EXAMPLE = "3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71";

/** Why `value` is not a canonical workspace id, or undefined when it is one. */
export function workspaceIdProblem(value: unknown, field = "workspace id"): string | undefined {
  if (typeof value === "string" && WORKSPACE_ID_PATTERN.test(value)) return undefined;
  const shown = typeof value === "string" ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : String(value);
  const hint = typeof value === "string" && WORKSPACE_ID_PATTERN.test(value.trim().toLowerCase()) ? " (use the lower-case form without spaces)" : "";
  return `${field} ${shown} is not a canonical workspace id${hint}; expected a lower-case UUID such as ${WORKSPACE_ID_EXAMPLE}`;
}

export function isWorkspaceId(value: unknown): value is string {
  return workspaceIdProblem(value) === undefined;
}
