import { expect } from "vitest";
import { Testing } from "cdktf";

// cdktf's matchers register themselves on the global `expect` (Jest style).
(globalThis as unknown as { expect: typeof expect }).expect = expect;
Testing.setupJest();
