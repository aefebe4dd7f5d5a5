import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that run real engines (terraform with the AWS provider, PostgreSQL + PgBouncer, tsc, the app as a
 * process), longest first. Two workers finish together only when these start first: vitest orders a run
 * without cached durations (CI installs from scratch) by file size, which put the longest file 24th of 87
 * and left one worker running it alone at the end.
 */
const SLOW_FIRST = [
  "test/guardrails/plan.test.ts",
  "test/reshard/reshard.test.ts",
  "test/guardrails/residency/corpus.test.ts",
  "test/package/package.test.ts",
  "test/main.test.ts",
  "test/synth/parallel.test.ts",
  "test/stacks/state-bootstrap-stack.test.ts",
  "test/guardrails/check.test.ts",
  "test/stacks/reshard-stacks.test.ts",
];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.indexOf(relative(this.ctx.config.root, f.moduleId).split("\\").join("/"));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    // Stable: the other files keep vitest's order (failed first, then longest by its cache, else largest).
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
    sequence: { sequencer: SlowFirstSequencer },
  },
});
