/** One problem found in a manifest. `path` uses the manifest's own spelling: `regions[2].cidr`. */
export interface ManifestIssue {
  /** Stable, kebab-case: tests and tooling match on it. */
  readonly code: string;
  readonly path: string;
  readonly message: string;
  /** Errors stop synth; warnings are printed. @default "error" */
  readonly severity?: "error" | "warning";
  /** 1-based line in the YAML file, where the parser can tell. */
  readonly line?: number;
}

export function formatIssue(issue: ManifestIssue, file?: string): string {
  const where = file ? `${file}${issue.line ? `:${issue.line}` : ""}` : issue.line ? `line ${issue.line}` : "";
  const level = issue.severity === "warning" ? "warning" : "error";
  return `  ${level} ${issue.path}${where ? ` (${where})` : ""}: ${issue.message} [${issue.code}]`;
}

/** Thrown by the loader with every problem at once; nothing has been synthesized when it is thrown. */
export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly ManifestIssue[],
  ) {
    const errors = issues.filter((i) => i.severity !== "warning").length;
    const warnings = issues.length - errors;
    // The count names what the list holds: errors, and the warnings listed beside them.
    const also = warnings ? ` (and ${warnings} warning${warnings === 1 ? "" : "s"})` : "";
    super(`${file}: ${errors} problem${errors === 1 ? "" : "s"}${also} in the region manifest:\n${issues.map((i) => formatIssue(i, file)).join("\n")}`);
    this.name = "ManifestError";
  }
}
