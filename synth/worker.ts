import { cpuSeconds, synthClaimed, type FromWorker, type ToWorker } from "./parallel.js";

/**
 * A worker of a parallel synth (parallel.ts): given the job, build every stack it claims from the shared queue,
 * reply once with what it built (or the error of the stack that failed), and exit. load-bundle.cjs calls this in a
 * worker started from the bundle; run directly (REGIONKIT_SYNTH_BUNDLE=0), this file calls it itself.
 */
export function serveParent(): void {
  const finish = (m: FromWorker) => process.send!(m, () => process.exit(m.ok ? 0 : 1));
  process.once("message", (job: ToWorker) => {
    try {
      const stacks = synthClaimed(job);
      finish({ ok: true, stacks, cpuSeconds: cpuSeconds() });
    } catch (e) {
      finish({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
}

// What the bundle (this file is its entry) offers the synth's own process: its share, built from the same bundle.
export { synthClaimed };

if (require.main === module) serveParent();
