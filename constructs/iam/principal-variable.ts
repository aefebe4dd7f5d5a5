import { TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { accountRoot } from "./policy.js";

/**
 * A Terraform variable holding a principal ARN from outside the stack (`TF_VAR_<name>`), so a regional stack's
 * configuration names no other account. Defaults to the stack's own account root: nothing outside the account is
 * trusted until an operator sets it. Returns the variable's value for a trust policy.
 */
export function principalVariable(scope: Construct, name: string, accountId: string, description: string): string {
  const variable = new TerraformVariable(scope, "PrincipalArn", { type: "string", default: accountRoot(accountId), description });
  variable.overrideLogicalId(name);
  return variable.stringValue;
}
