"use strict";
// Starts a synth worker from the precompiled bundle (bundle.ts) with V8's code cache: the bytecode of every
// function the previous worker compiled, loading and synthesizing included, kept beside the bundle as
// <bundle>.v8cache. V8 checks the cache against the source and its own version and flags and rejects a stale
// one; then this worker compiles as usual and writes a fresh cache when it exits. The cache changes how fast the
// worker starts, never what it writes. Plain CommonJS (no TypeScript): it runs before anything is loaded.
const { existsSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname } = require("node:path");
const { Script } = require("node:vm");

const file = process.argv[2];
const cacheFile = `${file}.v8cache`;
const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
const script = new Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
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
