import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * Evaluates `template` as a string value of Terraform JSON configuration (as the
 * synthesized user data is) with the real `terraform console`, and returns
 * `expression` (over `local.text`), which must be base64 so the console's string
 * quoting cannot alter it. `locals` are further locals the template may reference.
 */
function consoleBase64(template: string, expression: string, locals: Record<string, unknown>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "rk-render-"));
  try {
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ locals: { ...locals, text: template } }));
    const out = execFileSync("terraform", ["console"], { cwd: dir, input: `${expression}\n`, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"], timeout: 120_000 });
    return Buffer.from(JSON.parse(out.trim()) as string, "base64");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `template` (e.g. `pgbouncerIni`'s output) as Terraform renders it. */
export const renderInTerraform = (template: string, locals: Record<string, unknown> = {}): string =>
  consoleBase64(template, "base64encode(local.text)", locals).toString("utf8");

/** A `${base64gzip(...)}` user data value rendered by Terraform: its gzipped size (what EC2's 16 KB limit sees, before base64) and the script. */
export function renderUserData(userData: string, locals: Record<string, unknown> = {}): { gzipBytes: number; script: string } {
  const gzipped = consoleBase64(userData, "local.text", locals);
  return { gzipBytes: gzipped.length, script: gunzipSync(gzipped).toString("utf8") };
}
