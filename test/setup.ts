import { expect } from "vitest";
import { Testing } from "cdktf";
import { skipTokenStackTraces } from "../synth/stack-traces.js";

// cdktf's matchers register themselves on the global `expect` (Jest style).
(globalThis as unknown as { expect: typeof expect }).expect = expect;
Testing.setupJest();
// As npm run synth does: token traces only decorate errors and cost more than the synth (synth/stack-traces.ts).
skipTokenStackTraces();
