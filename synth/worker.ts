import { cpuSeconds, synthClaimed, type FromWorker, type ToWorker } from "./parallel.js";

// A worker of a parallel synth (parallel.ts): given the job, build every stack it claims from the shared queue,
// reply once with what it built (or the error of the stack that failed), and exit.
const finish = (m: FromWorker) => process.send!(m, () => process.exit(m.ok ? 0 : 1));

process.once("message", (job: ToWorker) => {
  try {
    const stacks = synthClaimed(job);
    finish({ ok: true, stacks, cpuSeconds: cpuSeconds() });
  } catch (e) {
    finish({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
