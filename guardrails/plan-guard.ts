import { MIN_REASON_LENGTH, type GuardrailException } from "./exceptions.js";
import { isStateful } from "./stateful.js";

/**
 * The destroy guard: reads `terraform show -json <planfile>` output and blocks any plan that
 * deletes or replaces a stateful resource (actions containing `delete`: delete, delete+create,
 * create+delete). Only an exception naming the exact address, with a reason, lets one through.
 */

/** Rule id the guard reports under, and that exceptions name. */
export const DESTROY_GUARD_RULE = {
  id: "RK-DL-009",
  name: "no-stateful-destroy",
  family: "data-loss",
  level: "error",
  description: "A plan (terraform show -json) never deletes or replaces a stateful resource; checked by `npm run plan-guard` / `npm run plan`.",
  fix: "Keep the construct id (or move it with moveTo so Terraform emits a moved block); avoid attributes that force replacement; or add an exception for the exact address with a reason.",
} as const;

export interface PlanResourceChange {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  readonly name?: string;
  readonly change: { readonly actions: readonly string[] };
  readonly action_reason?: string;
}

export interface PlanJsonLike {
  readonly resource_changes?: readonly PlanResourceChange[];
  readonly [key: string]: unknown;
}

export type ChangeKind = "create" | "update" | "delete" | "replace" | "no-op" | "read";

export function changeKind(actions: readonly string[]): ChangeKind {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("delete")) return "delete";
  if (actions.includes("create")) return "create";
  if (actions.includes("update")) return "update";
  if (actions.includes("read")) return "read";
  return "no-op";
}

export interface GuardedChange {
  readonly stack?: string;
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  readonly actions: readonly string[];
  readonly reason?: string;
}

export interface PlanGuardResult {
  /** Stateful deletes and replaces no exception covers: the guard fails on these. */
  readonly blocked: readonly GuardedChange[];
  readonly excepted: ReadonlyArray<GuardedChange & { readonly exception: string }>;
  readonly counts: Readonly<Record<ChangeKind, number>>;
}

/** Exceptions for the guard must name the exact address (no glob): a destroy is approved one resource at a time. */
export function exceptionFor(exceptions: readonly GuardrailException[], stack: string | undefined, address: string): GuardrailException | undefined {
  return exceptions.find(
    (e) => e.rule === DESTROY_GUARD_RULE.id && e.resource === address && (!e.stack || !stack || e.stack === stack) && typeof e.reason === "string" && e.reason.trim().length >= MIN_REASON_LENGTH,
  );
}

export function guardPlan(plan: PlanJsonLike, exceptions: readonly GuardrailException[] = [], stack?: string): PlanGuardResult {
  const counts: Record<ChangeKind, number> = { create: 0, update: 0, delete: 0, replace: 0, "no-op": 0, read: 0 };
  const blocked: GuardedChange[] = [];
  const excepted: Array<GuardedChange & { exception: string }> = [];
  for (const rc of plan.resource_changes ?? []) {
    const kind = changeKind(rc.change.actions);
    counts[kind]++;
    if ((kind !== "delete" && kind !== "replace") || rc.mode === "data" || !isStateful(rc.type)) continue;
    const change: GuardedChange = { stack, address: rc.address, type: rc.type, kind, actions: rc.change.actions, reason: rc.action_reason };
    const e = exceptionFor(exceptions, stack, rc.address);
    if (e) excepted.push({ ...change, exception: e.reason });
    else blocked.push(change);
  }
  return { blocked, excepted, counts };
}

export function formatGuard(result: PlanGuardResult, label: string): string {
  const c = result.counts;
  const lines = [`${label}: ${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to destroy`];
  for (const b of result.blocked)
    lines.push(`  ERROR ${b.stack ? `${b.stack} ` : ""}${b.address} [${DESTROY_GUARD_RULE.id} ${DESTROY_GUARD_RULE.name}]: plan would ${b.kind} a stateful ${b.type} (${b.actions.join(", ")})${b.reason ? `, ${b.reason}` : ""}\n      fix: ${DESTROY_GUARD_RULE.fix}`);
  for (const x of result.excepted) lines.push(`  excepted ${x.stack ? `${x.stack} ` : ""}${x.address}: ${x.kind} approved: ${x.exception}`);
  return lines.join("\n");
}
