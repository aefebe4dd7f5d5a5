import { cpuSeconds, synthStack, type FromWorker, type ToWorker } from "./parallel.js";

// A worker of a parallel synth (parallel.ts): take stacks from the parent one at a time, asking for the next as
// each arrives (so one is always waiting here), until the parent says there are no more; reply, exit.
let job: Extract<ToWorker, { type: "job" }> | undefined;
let failed = false;
const send = (m: FromWorker, then?: () => void) => process.send!(m, then);
const finish = (m: FromWorker) => send(m, () => process.exit(m.type === "result" && m.ok ? 0 : 1));

process.on("message", (m: ToWorker) => {
  if (failed) return;
  if (m.type === "job") {
    job = m;
    send({ type: "next" });
  } else if (m.type === "stack") {
    send({ type: "next" });
    try {
      synthStack(job!.manifest, m.name, `${job!.staging}/${m.name}`);
    } catch (e) {
      failed = true;
      finish({ type: "result", ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  } else finish({ type: "result", ok: true, cpuSeconds: cpuSeconds() });
});
