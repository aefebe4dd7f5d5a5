import { App } from "cdktf";
import { formatIssue, ManifestError } from "./regions/issues.js";
import { loadManifest, manifestPath } from "./regions/loader.js";
import { buildStacks } from "./stacks/app.js";

// The manifest is loaded and validated before the App exists, so a broken manifest writes nothing.
const file = manifestPath();
try {
  const { manifest, issues } = loadManifest(file);
  for (const warning of issues) console.warn(formatIssue(warning, file));
  const app = new App();
  buildStacks(app, manifest);
  app.synth();
} catch (e) {
  if (e instanceof ManifestError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
