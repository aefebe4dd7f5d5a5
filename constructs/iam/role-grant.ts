import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Construct } from "constructs";
import { policyDocument, type PolicyStatement } from "./policy.js";

/**
 * Attach an inline policy to a role from the construct that owns the resource
 * (a domain's or collection's `grantX(role)`), so the grant is declared next to
 * what it grants access to. `count` numbers the grants of one owner: pass how
 * many it has made so far, starting at 1.
 */
export function grantToRole(owner: Construct, count: number, role: IamRole, name: string, statements: readonly PolicyStatement[]): IamRolePolicy {
  return new IamRolePolicy(owner, `Grant${count}`, { role: role.id, name, policy: policyDocument(statements) });
}
