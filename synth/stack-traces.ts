/**
 * cdktf records a full stack trace for every token it creates (Lazy, Intrinsic, computed lists) and reads it
 * only to decorate the error message of a token that fails to resolve. Under tsx every trace is also
 * source-mapped, which made trace capture the largest single cost of a synth (41% of CPU, README
 * "Performance"). The traces never reach the output, so synth (and the test suite) skip them.
 *
 * Set REGIONKIT_TOKEN_TRACES=1 to keep them when debugging a token error.
 */

const SKIPPING = Symbol.for("regionkit.skipTokenStackTraces");
/**
 * The engine functions that capture a token's creation stack: cdktf's captureStackTrace, cdktn's
 * captureCreationStack, also as the synth worker bundle names them (esbuild suffixes a number to names that
 * collide, e.g. captureStackTrace2; test/synth/parallel.test.ts checks the bundle's names).
 */
const TOKEN_TRACE_CALLERS = /^(captureStackTrace|captureCreationStack)\d*$/;

/** Whether a function of this name is an engine's token-trace capture (skipped during synth). */
export function isTokenTraceCaller(name: string): boolean {
  return TOKEN_TRACE_CALLERS.test(name);
}

/** Skip token traces from now on; returns what undoes it. Installing twice is one install. */
export function skipTokenStackTraces(): () => void {
  const capture = Error.captureStackTrace;
  if (SKIPPING in capture) return () => undefined;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const captureUnlessToken = (target: object, below?: Function): void => {
    // cdktf's token constructors call its private captureStackTrace() without an argument, so `below` is that
    // function itself and the target a plain { stack: "" } it keeps as creationStack: left empty, the token's
    // creationStack is []. Real errors and constructs' metadata traces (manifest.json annotations) are kept.
    // CDK Terrain (cdktn) calls it from captureCreationStack() instead (and also honours its own
    // CDKTN_DISABLE_CREATION_STACK); both engines are covered here.
    if (isTokenTraceCaller(below?.name ?? "") && !(target instanceof Error) && process.env.REGIONKIT_TOKEN_TRACES !== "1") return;
    capture.call(Error, target, below);
  };
  Error.captureStackTrace = Object.assign(captureUnlessToken, { [SKIPPING]: true });
  return () => {
    Error.captureStackTrace = capture;
  };
}

/** Run `run` with token traces skipped, then put Error.captureStackTrace back. */
export function withoutTokenStackTraces<T>(run: () => T): T {
  const restore = skipTokenStackTraces();
  try {
    return run();
  } finally {
    restore();
  }
}
