/**
 * Terraform expressions inside strings, judged closed-world: the analysis reads literals, so an
 * interpolation is understood only when what it produces is a place the analysis can see.
 *
 * Understood: a plain reference to a resource of this stack (it is scanned where it is defined), a
 * data source that looks a resource up by name (placed by its provider, like a resource), a whole
 * string that is a variable/local/each reference (position rules judge those: destinations,
 * regions, principals), and encoding functions over such references or literals (the literal text
 * is in the string and scanned). Everything else, a template literal `${"x"}`, a function computing
 * text from literals (`format`, `replace`, `join`...), a variable spliced into text, a data source
 * that returns a value (SSM parameters, remote state, HTTP), `jsonencode` of a policy, operators
 * and conditionals, produces text the analysis cannot judge: "not understood".
 */

/** Data sources that look a resource up (its attributes describe that resource, placed by the provider). */
const LOOKUP_DATA_SOURCES = new Set([
  "aws_db_instance",
  "aws_eks_cluster",
  "aws_msk_cluster",
  "aws_caller_identity",
  // The caller's own S3 canonical user id (the bucket owner in a legacy `grant`).
  "aws_canonical_user_id",
  "aws_region",
  "aws_partition",
  "aws_iam_policy_document",
  "aws_availability_zones",
]);
const REFERENCE = /^[A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\]|\[\*\])*$/;
const ENCODE = /^(?:base64gzip|base64encode|base64decode|tostring)\(\s*(?:"(?:[^"\\]|\\.)*"|((?:data\.)?[a-z][\w]*\.[\w-]+(?:\.[\w-]+|\[\d+\])*))\s*\)$/;
const REMOVE = /^(?:replace|trimprefix|trimsuffix)\(\s*((?:data\.)?[a-z][\w]*\.[\w-]+(?:\.[\w-]+|\[\d+\])*)\s*,\s*"[^"]*"\s*(?:,\s*""\s*)?\)$/;
const STRING_LITERAL = /^"(?:[^"\\]|\\.)*"$/;

/** The bodies of `${...}` interpolations (not `$${...}`, which is literal text), with braces and quotes balanced. */
export function interpolations(s: string): string[] {
  const out: string[] = [];
  let i = s.indexOf("${");
  while (i >= 0) {
    if (i > 0 && s[i - 1] === "$") {
      i = s.indexOf("${", i + 2);
      continue;
    }
    let depth = 1;
    let j = i + 2;
    let quoted = false;
    for (; j < s.length && depth > 0; j++) {
      const c = s[j];
      if (quoted) {
        if (c === "\\") j++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
    }
    out.push(s.slice(i + 2, depth === 0 ? j - 1 : j).trim());
    i = s.indexOf("${", j);
  }
  return out;
}

export interface ExpressionScope {
  /** A resource or data source address (`aws_x.Name`, `data.aws_x.Name`) defined in this stack. */
  readonly defined: (address: string) => boolean;
  /** The literal `name` of a data source of this stack, if it has one (`data.aws_ssm_parameter.Ami`). */
  readonly nameOf?: (address: string) => string | undefined;
  /** Inside a provisioner or connection, where `self` is the resource itself (judged where it is defined). @default false */
  readonly self?: boolean;
}

/**
 * Parameters AWS publishes in every AWS region under `/aws/service/` (the current EKS or Amazon Linux
 * AMI id): configuration from AWS itself, read in the provider's region. Any other SSM parameter is a
 * store whose value the configuration does not show.
 */
const AWS_PUBLIC_PARAMETER = /^\/aws\/service\/(?:eks|ami-|bottlerocket|ecs|canonical|debian|suse|windows)[\w./+-]*$/;

/**
 * Why an interpolation is not understood, or undefined when it is. `whole`: the string is exactly this interpolation.
 *
 * A computed expression (functions, `for`, operators) is understood only when it cannot assemble a
 * place: every reference in it is a resource, lookup or local of this stack (locals are judged where
 * they are defined) and every string literal in it is an inert word (letters, digits, `_ = % : /`,
 * spaces; no dot, dash or region word). So `join("\n", [for p in [["schema001", 0]] : format("%s = host=%s", p[0], local.hosts[p[1]])])`
 * is understood, `format("%s-east-1", "us")` and `join("/", ["https:", "", "ingest.vendor.io"])` are not.
 */
export function notUnderstood(body: string, whole: boolean, scope: ExpressionScope): string | undefined {
  if (REFERENCE.test(body)) return reference(body, whole, scope);
  if (STRING_LITERAL.test(body)) return `the template literal \${${body}} hides its text from the analysis: write the text directly`;
  // Encoding one literal (its text is in the string and scanned) or of one reference; removing text from a reference.
  const shape = ENCODE.exec(body) ?? REMOVE.exec(body);
  if (shape) return shape[1] ? reference(shape[1], false, scope) : undefined;
  if (/\bjsonencode\s*\(/.test(body)) return `jsonencode(...) builds a document the analysis does not parse: write the document as JSON text (or an aws_iam_policy_document)`;
  const literals: string[] = [];
  const code = body.replace(/"((?:[^"\\]|\\.)*)"/g, (_, l: string) => (literals.push(l), '""'));
  for (const l of literals) if (!inertLiteral(l)) return `the expression computes text from the literal "${l.slice(0, 40)}", which the analysis cannot judge once computed: write the resulting literal, or reference a resource of this stack`;
  for (const m of code.matchAll(/(?<![\w.])[A-Za-z_][\w-]*(?:\.[\w-]+)+/g)) {
    const head = m[0].split(".")[0]!;
    if (head === "local") continue;
    const why = reference(m[0], false, scope);
    if (why) return why;
  }
  return undefined;
}

/** A literal that cannot be part of a place name: no dot, dash or `@`, no region word. */
function inertLiteral(l: string): boolean {
  return /^[A-Za-z0-9_ =%:/+\\\n]*$/.test(l) && !/(?:^|[^a-z])(?:us|eu|ap|sa|ca|me|af|il|mx|cn|east|west|north|south|central|gov|iso|aws|azure|gcp)(?:[^a-z]|$)/i.test(l);
}

function reference(body: string, whole: boolean, scope: ExpressionScope): string | undefined {
  const parts = body.split(/[.[]/);
  const head = parts[0]!;
  if (head === "var" || head === "local" || head === "each" || head === "count") {
    // A whole-string variable is judged by the position that holds it; spliced into text it hides what the text says.
    return whole ? undefined : `${head}.${parts[1] ?? ""} is spliced into text, so what the text names cannot be judged: write the text literally`;
  }
  if (head === "data") {
    const type = parts[1] ?? "";
    if (!scope.defined(`data.${type}.${parts[2] ?? ""}`)) return `data.${type}.${parts[2] ?? ""} is not defined in this stack`;
    if (type === "aws_ssm_parameter" && AWS_PUBLIC_PARAMETER.test(scope.nameOf?.(`data.${type}.${parts[2] ?? ""}`) ?? "")) return undefined;
    if (!LOOKUP_DATA_SOURCES.has(type)) return `data source ${type} returns a value from outside the configuration (${body}): what it names cannot be judged; write the literal`;
    return undefined;
  }
  if (head === "self" && scope.self) return undefined;
  if (head === "module" || head === "path" || head === "terraform" || head === "self") return `${body} is not a resource of this stack: what it names cannot be judged`;
  return undefined;
}
