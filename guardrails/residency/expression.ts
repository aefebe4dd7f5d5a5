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
  "aws_region",
  "aws_partition",
  "aws_iam_policy_document",
  "aws_availability_zones",
]);
/** Functions that only encode their argument: literal arguments are in the string itself and scanned. */
const ENCODING_FUNCTIONS = new Set(["base64decode", "base64encode", "base64gzip", "tostring"]);
/** Functions that transform a reference of this stack's resource without naming a new place (the PrivateLink CNAME strips `*.`). */
const REFERENCE_FUNCTIONS = new Set(["replace", "trimprefix", "trimsuffix", "lower"]);

const REFERENCE = /^[A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\]|\[\*\])*$/;
const STRING_LITERAL = /^"(?:[^"\\]|\\.)*"$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const CALL = /^([a-z][a-z0-9_]*)\(([\s\S]*)\)$/;

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

/** Split call arguments at top-level commas. */
function args(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (text.slice(start).trim()) out.push(text.slice(start).trim());
  return out;
}

export interface ExpressionScope {
  /** A resource or data source address (`aws_x.Name`, `data.aws_x.Name`) defined in this stack. */
  readonly defined: (address: string) => boolean;
}

/** Why an interpolation is not understood, or undefined when it is. `whole`: the string is exactly this interpolation. */
export function notUnderstood(body: string, whole: boolean, scope: ExpressionScope): string | undefined {
  if (REFERENCE.test(body)) return reference(body, whole, scope);
  if (STRING_LITERAL.test(body)) return `the template literal \${${body}} hides its text from the analysis: write the text directly`;
  const call = CALL.exec(body);
  if (call) {
    const fn = call[1]!;
    const list = args(call[2]!);
    if (fn === "jsonencode") return `jsonencode(...) builds a document the analysis does not parse: write the document as JSON text (or an aws_iam_policy_document)`;
    const refs = list.filter((a) => REFERENCE.test(a));
    for (const a of list) {
      if (REFERENCE.test(a)) {
        const why = reference(a, false, scope);
        if (why) return why;
      } else if (CALL.test(a)) {
        const why = notUnderstood(a, false, scope);
        if (why) return why;
      } else if (!STRING_LITERAL.test(a) && !NUMBER.test(a)) return `${fn}(...) argument ${a} is not a literal or a reference of this stack`;
    }
    if (ENCODING_FUNCTIONS.has(fn)) return undefined;
    if (REFERENCE_FUNCTIONS.has(fn) && refs.length > 0) return undefined;
    return `${fn}(...) computes text the analysis cannot judge${refs.length === 0 ? " from literals" : ""}: write the resulting literal, or reference a resource of this stack`;
  }
  return `the expression ${body.length > 60 ? `${body.slice(0, 57)}...` : body} is not understood (operators, conditionals and for-expressions cannot be judged): write a literal or reference a resource of this stack`;
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
    if (!LOOKUP_DATA_SOURCES.has(type)) return `data source ${type} returns a value from outside the configuration (${body}): what it names cannot be judged; write the literal`;
    return undefined;
  }
  if (head === "module" || head === "path" || head === "terraform" || head === "self") return `${body} is not a resource of this stack: what it names cannot be judged`;
  return undefined;
}
