import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // A whole-app synth (main.test.ts spawns one) takes over a minute when the shared 2-core machine is loaded.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // One worker per core: vitest's default keeps one core free, which on 2 cores is a single worker.
    pool: "threads",
    maxWorkers: availableParallelism(),
    // Test files share their worker's module cache, so cdktf and the provider classes load once per worker, not
    // once per file (that was ~38 s of a 2-core run), and test/helpers.ts's synth cache serves every file.
    // Files must not leave global state behind (test/setup.ts's hooks are idempotent).
    isolate: false,
  },
});
