import { buildWorkerBundle } from "./bundle.js";

// Builds the worker bundle in a process of its own and replies with its path (parallel.ts forks this on a
// cache miss, so esbuild's callbacks are answered while the synth's process builds stacks).
buildWorkerBundle().then(
  (file) => process.send!({ ok: true, file }, () => process.exit(0)),
  (e: unknown) => process.send!({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, () => process.exit(1)),
);
