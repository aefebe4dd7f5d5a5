import { WORKSPACE_ID_PATTERN } from "../regions/workspace-id.js";

/**
 * The logging API's sanitizer: what of a client event may reach the region's
 * events topic (and from there the central warehouse). Client events are
 * written by product developers, and sometimes carry customer data by
 * mistake; the policy keeps what analytics needs and replaces everything else.
 * It is an allow-list: a field or value nobody thought about is removed, not kept.
 *
 * Policy (README "Sanitizer policy"):
 * 1. Top-level fields: only `EVENT_FIELDS`; `client` only `CLIENT_FIELDS`. Others are dropped.
 * 2. Identifiers kept as they are: `event_id`, `workspace_id`, `user_id`, `session_id`
 *    (canonical UUIDs, checked). Every other UUID is the id of some content (a page,
 *    a block, a file) and is redacted.
 * 3. `properties`: keys must be snake_case identifiers (a key can itself be content,
 *    e.g. a page title used as a key); values are kept when boolean, number or null;
 *    a string is kept only when it is a short enum-like token, after these checks in order:
 *    - the key names a credential (`token`, `secret`, `password`, ...): `[redacted:secret]`
 *    - the value holds a known credential format (JWT, bearer token, AWS/GitHub/Slack/Stripe/
 *      Notion key, private key block): `[redacted:secret]`
 *    - it contains an e-mail address: `[redacted:email]`
 *    - it contains a UUID (with or without hyphens): `[redacted:uuid]`
 *    - it contains a long key-like run (32+ base64/hex characters with digits): `[redacted:secret]`
 *    - anything else that is not a token (`TOKEN`): free text, `[redacted:text]`
 *    Objects nest at most `MAX_DEPTH` levels and arrays hold at most `MAX_ARRAY` items;
 *    deeper or longer parts are dropped.
 * A whole value is replaced, never a part of it: half a sentence is still a sentence.
 */

export const SANITIZER_VERSION = 1;

/** Top-level fields an event may have. */
export const EVENT_FIELDS = ["event_id", "event_type", "timestamp", "workspace_id", "user_id", "session_id", "client", "properties"] as const;
/** Fields of `client`: the app, not the person. Values go through the same string checks as properties. */
export const CLIENT_FIELDS = ["platform", "app_version", "os", "browser", "locale"] as const;
/** Identifier fields kept verbatim (after a canonical-UUID check). */
export const ID_FIELDS = ["event_id", "workspace_id", "user_id", "session_id"] as const;

export const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){0,4}$/;
export const PROPERTY_KEY = /^[a-z][a-z0-9_]{0,63}$/;
/** A string value that survives: an enum-like token, no spaces, at most 64 characters. */
export const TOKEN = /^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,63}$/;
export const MAX_DEPTH = 3;
export const MAX_ARRAY = 50;

/** Key names whose values are credentials whatever they look like. */
const SECRET_KEY = /(token|secret|passw(or)?d|api_?key|auth|cookie|credential|private_?key|signature)/;
const SECRET_VALUE = [
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/, // JWT
  /\bbearer\s+\S{8,}/i,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key id
  /\b(secret|ntn)_[A-Za-z0-9]{20,}/, // Notion integration tokens
  /\bgh[pousr]_[A-Za-z0-9]{30,}/, // GitHub
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/, // Slack
  /\b[sr]k_(live|test)_[A-Za-z0-9]{16,}/, // Stripe
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];
/**
 * 32+ characters of a base64/hex alphabet that read like a key or a hash: mixed case with digits
 * (base64), or at least four digits among letters (hex). A long snake_case name has neither.
 */
const HIGH_ENTROPY = /[A-Za-z0-9+/_=-]{32,}/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
/** A UUID, hyphenated or not (as in page URLs), not part of a longer hex run such as a SHA-1. */
const UUID_ANYWHERE = /(?<![0-9a-f])[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}(?![0-9a-f])/i;

export type RedactionKind = "secret" | "email" | "uuid" | "text" | "field" | "key" | "depth" | "length";

export interface Redaction {
  /** Where, e.g. `properties.note`; never the value. */
  readonly path: string;
  readonly kind: RedactionKind;
}

export interface SanitizedEvent {
  readonly event: Record<string, unknown>;
  readonly redactions: readonly Redaction[];
}

const redacted = (kind: RedactionKind) => `[redacted:${kind}]`;

function looksLikeKey(value: string): boolean {
  for (const m of value.matchAll(HIGH_ENTROPY)) {
    const run = m[0];
    const digits = run.replace(/[^0-9]/g, "").length;
    const mixedCase = /[a-z]/.test(run) && /[A-Z]/.test(run);
    if (/[A-Za-z]/.test(run) && (digits >= 4 || (mixedCase && digits > 0)) ) return true;
  }
  return false;
}

/** The kind of redaction a string needs, or undefined when it may stay. */
export function classifyString(value: string, key = ""): RedactionKind | undefined {
  if (SECRET_KEY.test(key) || SECRET_VALUE.some((p) => p.test(value))) return "secret";
  if (EMAIL.test(value)) return "email";
  // Before the entropy check: a UUID is 32 hex digits, but it names content rather than granting access.
  if (UUID_ANYWHERE.test(value)) return "uuid";
  if (looksLikeKey(value)) return "secret";
  if (!TOKEN.test(value)) return "text";
  return undefined;
}

function sanitizeValue(value: unknown, key: string, path: string, depth: number, out: Redaction[]): unknown {
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string") {
    const kind = classifyString(value, key);
    if (!kind) return value;
    out.push({ path, kind });
    return redacted(kind);
  }
  if (depth >= MAX_DEPTH) {
    out.push({ path, kind: "depth" });
    return undefined;
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY) out.push({ path, kind: "length" });
    return value.slice(0, MAX_ARRAY).map((v, i) => sanitizeValue(v, key, `${path}[${i}]`, depth + 1, out) ?? null);
  }
  if (typeof value === "object") return sanitizeObject(value as Record<string, unknown>, path, depth + 1, out);
  out.push({ path, kind: "field" });
  return undefined;
}

function sanitizeObject(obj: Record<string, unknown>, path: string, depth: number, out: Redaction[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (!PROPERTY_KEY.test(key)) {
      // The key itself may be content; the path names its position, not its text.
      out.push({ path: `${path}.<key ${Object.keys(obj).indexOf(key)}>`, kind: "key" });
      continue;
    }
    const clean = sanitizeValue(value, key, `${path}.${key}`, depth, out);
    if (clean !== undefined) result[key] = clean;
  }
  return result;
}

/**
 * Sanitize one event that passed `eventProblems`. Pure: the same event always gives the same output,
 * and the redaction list names paths and kinds only, so it can be logged.
 */
export function sanitizeEvent(event: Record<string, unknown>): SanitizedEvent {
  const out: Redaction[] = [];
  const result: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(event)) {
    if (!(EVENT_FIELDS as readonly string[]).includes(field)) {
      out.push({ path: PROPERTY_KEY.test(field) ? field : "<field>", kind: "field" });
      continue;
    }
    if (field === "client") {
      const client: Record<string, unknown> = {};
      for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        if (!(CLIENT_FIELDS as readonly string[]).includes(k)) out.push({ path: PROPERTY_KEY.test(k) ? `client.${k}` : "client.<field>", kind: "field" });
        else client[k] = sanitizeValue(v, k, `client.${k}`, MAX_DEPTH, out) ?? null;
      }
      result.client = client;
    } else if (field === "properties") result.properties = sanitizeObject((value ?? {}) as Record<string, unknown>, "properties", 1, out);
    else result[field] = value;
  }
  return { event: result, redactions: out };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * What is wrong with one event before sanitizing (required fields, formats, its workspace),
 * as messages that name the field and what is valid but never echo a value.
 */
export function eventProblems(event: unknown, at: string, workspaceId: string): string[] {
  if (!isObject(event)) return [`${at}: must be a JSON object`];
  const problems: string[] = [];
  for (const field of ID_FIELDS) {
    const value = event[field];
    const required = field === "event_id" || field === "workspace_id";
    if (value === undefined) {
      if (required) problems.push(`${at}.${field}: missing; expected a lower-case UUID`);
    } else if (typeof value !== "string" || !WORKSPACE_ID_PATTERN.test(value)) problems.push(`${at}.${field}: not a lower-case UUID`);
  }
  if (typeof event.workspace_id === "string" && WORKSPACE_ID_PATTERN.test(event.workspace_id) && event.workspace_id !== workspaceId)
    problems.push(`${at}.workspace_id: differs from the x-workspace-id header; one request carries one workspace's events`);
  if (typeof event.event_type !== "string" || !EVENT_TYPE.test(event.event_type))
    problems.push(`${at}.event_type: ${event.event_type === undefined ? "missing" : "invalid"}; expected dotted snake_case such as page.viewed`);
  if (typeof event.timestamp !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(event.timestamp) || Number.isNaN(Date.parse(event.timestamp)))
    problems.push(`${at}.timestamp: ${event.timestamp === undefined ? "missing" : "invalid"}; expected ISO-8601 with a zone, such as 2026-12-03T08:00:00.000Z`);
  for (const field of ["client", "properties"] as const)
    if (event[field] !== undefined && !isObject(event[field])) problems.push(`${at}.${field}: must be a JSON object`);
  return problems;
}
