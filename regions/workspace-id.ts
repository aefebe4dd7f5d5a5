/**
 * Canonical workspace ids. Every id that enters the library (shard functions,
 * routing, the workspace → region table) must be a lower-case UUID in its
 * 8-4-4-4-12 text form. Nothing is normalized: an upper-case or padded id is
 * refused, so the two spellings of one workspace can never end up as two keys
 * (two regions, two shards). No Node imports: edge runtimes use this file too.
 */

export const WORKSPACE_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A workspace id that is not a canonical lower-case UUID. */
export class WorkspaceIdError extends TypeError {
  constructor(readonly value: unknown) {
    super(workspaceIdProblem(value));
    this.name = "WorkspaceIdError";
  }
}

export function isCanonicalWorkspaceId(value: unknown): value is string {
  return typeof value === "string" && WORKSPACE_ID_PATTERN.test(value);
}

/** The id itself when canonical; otherwise a `WorkspaceIdError` that says what is wrong and, where it can, the canonical spelling. */
export function canonicalWorkspaceId(value: unknown): string {
  if (isCanonicalWorkspaceId(value)) return value;
  throw new WorkspaceIdError(value);
}

function workspaceIdProblem(value: unknown): string {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  const base = `workspace id ${shown} is not canonical: it must be a lower-case UUID such as 3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71`;
  if (typeof value !== "string") return `${base} (got ${value === null ? "null" : typeof value})`;
  const lowered = value.trim().toLowerCase();
  if (WORKSPACE_ID_PATTERN.test(lowered)) return `${base}; write it as "${lowered}" (ids are not normalized, so two spellings can never be two workspaces)`;
  return base;
}
