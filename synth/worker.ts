import { cpuSeconds, synthShare, type WorkerJob, type WorkerReply } from "./parallel.js";

// One share of a parallel synth (parallel.ts): build and synthesize the named stacks, reply, exit.
process.once("message", (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    synthShare(job.manifest, job.names, job.outdir);
    reply = { ok: true, cpuSeconds: cpuSeconds() };
  } catch (e) {
    reply = { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  process.send!(reply, () => process.exit(reply.ok ? 0 : 1));
});
