/** `*` matches any run of characters (dots included), `?` one character; everything else is literal. */
export function globToRegExp(glob: string, flags: "" | "i"): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, flags);
}

const cache = new Map<string, RegExp>();

/** Whether `value` matches `glob`; `flags` "i" ignores case (IAM actions). Compiled globs are cached. */
export function globMatch(glob: string, value: string, flags: "" | "i" = ""): boolean {
  const key = `${flags}:${glob}`;
  let re = cache.get(key);
  if (!re) cache.set(key, (re = globToRegExp(glob, flags)));
  return re.test(value);
}
