"use strict";
// Loads the precompiled synth bundle (bundle.ts), in a worker or in the synth's own process, with V8's code
// cache: the bytecode of every function the last process without a usable cache compiled, loading and
// synthesizing included, kept beside the bundle as <bundle>.v8cache. V8 checks the cache against the source and
// its own version and flags and rejects a stale or corrupt one; the process then compiles as usual and writes a
// fresh cache when it exits. The cache changes how fast the bundle starts, never what it writes. Plain CommonJS
// (no TypeScript): a worker runs it before anything else is loaded.
const { existsSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname } = require("node:path");
const { Script } = require("node:vm");

/** Load the bundle at `file` (its exports: worker.ts's serveParent and synthClaimed) through the code cache. */
function loadBundle(file) {
  const cacheFile = `${file}.v8cache`;
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // At exit the cache holds every function compiled meanwhile, not only those compiled while loading.
    process.once("exit", () => {
      try {
        const tmp = `${cacheFile}.${process.pid}`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // Only a speed-up: a cache that cannot be written is built again next time.
      }
    });
  }
  const bundle = new Module(file, module);
  bundle.filename = file;
  bundle.paths = Module._nodeModulePaths(dirname(file));
  script.runInThisContext().call(bundle.exports, bundle.exports, (id) => bundle.require(id), bundle, file, dirname(file));
  return bundle.exports;
}

module.exports = { loadBundle };

// Forked by parallel.ts as a worker: node load-bundle.cjs <bundle>.
if (require.main === module) loadBundle(process.argv[2]).serveParent();
