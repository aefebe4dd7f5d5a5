/**
 * cdktf records a full stack trace for every token it creates (Lazy, Intrinsic, computed lists) and reads it
 * only to decorate the error message of a token that fails to resolve. Under tsx every trace is also
 * source-mapped, which made trace capture the largest single cost of a synth (41% of CPU, README
 * "Performance"). The traces never reach the output, so synth skips them.
 *
 * Set REGIONKIT_TOKEN_TRACES=1 to keep them when debugging a token error.
 */
export function withoutTokenStackTraces<T>(run: () => T): T {
  if (process.env.REGIONKIT_TOKEN_TRACES === "1") return run();
  const capture = Error.captureStackTrace;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  Error.captureStackTrace = function captureUnlessToken(target: object, below?: Function): void {
    // cdktf's token constructors call its private captureStackTrace() without an argument, so `below` is that
    // function itself and the target a plain { stack: "" } it keeps as creationStack: left empty, the token's
    // creationStack is []. Real errors and constructs' metadata traces (manifest.json annotations) are kept.
    if (below?.name === "captureStackTrace" && !(target instanceof Error)) return;
    capture.call(Error, target, below);
  };
  try {
    return run();
  } finally {
    Error.captureStackTrace = capture;
  }
}
