import { types } from "node:util";
import { Token } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * The engine's stack-level resolve, without its cost on plain data. TerraformStack.toTerraform resolves every
 * element's JSON, then the merged stack, through cdktf's `_tokens.resolve`. That resolver allocates a context
 * (two closures and a path array) and runs up to three regular expressions for every key and every value,
 * though most of a stack is plain strings, numbers and objects that come out as they went in: it was half of a
 * stack's synth CPU (README "Performance").
 *
 * This walker copies plain data the way the engine's resolver does (undefined dropped from objects and
 * arrays, everything else as it is) and hands every value that could hold a token, with its path, to the
 * engine's own resolver: a string holding a token marker ("TfToken[") or matching the engine's number-token
 * pattern, or one of the map-token sentinels; a number in the token-double range or the map-token sentinel;
 * an array with a list-token element; an object with a token-marked key, a resolve() method or a construct's
 * shape; a function; anything deeper than the engine's circular-reference limit. Containers the engine would
 * copy differently go to it whole too: a Proxy, an array subclass or an array of another realm, an array with
 * its own some/map/constructor. Outside the contract: a getter whose value changes from one read to the next
 * (the engine reads an element up to three times, the walker twice). So tokens, escapes, errors
 * and their messages are the engine's; the output is the same bytes (test/synth/fast-resolve.test.ts holds it
 * to the engine on every shape, test/synth/parallel.test.ts on every stack of the default manifest).
 *
 * cdktf 0.21 and cdktn 0.24 share this resolver and the module layout (`lib/_tokens`,
 * `lib/tokens/private/resolve`). The walker is installed around a synth (withFastResolve; test/setup.ts installs
 * it for the test suite) and only when the engine's modules have that shape; otherwise the engine's resolver
 * runs as it is.
 */

type EngineResolve = (scope: IConstruct, obj: unknown, preparing?: boolean) => unknown;
interface ResolveOptions {
  readonly scope: IConstruct;
  readonly prefix: string[];
  readonly preparing: boolean;
  readonly resolver: unknown;
}

/** The engine's modules this relies on, or undefined when the engine is laid out otherwise. */
function engineModules(): { tokens: { resolve: EngineResolve }; resolve: (obj: unknown, options: ResolveOptions) => unknown; resolver: unknown } | undefined {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const tokens = require("cdktf/lib/_tokens") as { resolve: EngineResolve };
    const { resolve } = require("cdktf/lib/tokens/private/resolve") as { resolve: (obj: unknown, options: ResolveOptions) => unknown };
    const { DefaultTokenResolver, StringConcat } = require("cdktf/lib/tokens/resolvable") as { DefaultTokenResolver: new (c: unknown) => unknown; StringConcat: new () => unknown };
    /* eslint-enable @typescript-eslint/no-require-imports */
    if (typeof tokens.resolve !== "function" || typeof resolve !== "function") return undefined;
    // What `_tokens.resolve` itself uses: a DefaultTokenResolver over StringConcat (both stateless).
    return { tokens, resolve, resolver: new DefaultTokenResolver(new StringConcat()) };
  } catch {
    return undefined;
  }
}

const ENGINE = engineModules();

/** Part of every encoded string, list and map token ("${TfToken[", "#{TfToken[", "&{TfToken["). */
const TOKEN_MARKER = "TfToken[";
/** The engine's NUMBER_TOKEN_REGEX (encoding.ts) without its global flag: a string it matches may hold a number token. */
const NUMBER_TOKEN = /[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/;
/** Token doubles are negative and at least 2^960 in magnitude (encoding.ts createTokenDouble); no ordinary number is. */
const TOKEN_DOUBLES_BELOW = -1e280;
/** The engine's resolver refuses paths longer than this as circular (resolve.ts). */
const MAX_DEPTH = 200;
const { isProxy } = types;

/** A string the engine's resolver returns unchanged (no token can be in it). */
function plainString(s: string): boolean {
  return !s.includes(TOKEN_MARKER) && !NUMBER_TOKEN.test(s) && s !== Token.STRING_MAP_TOKEN_VALUE && s !== Token.ANY_MAP_TOKEN_VALUE;
}

/** A number the engine's resolver returns unchanged (not a token double or the map-token sentinel; NaN is not plain). */
function plainNumber(n: number): boolean {
  return n > TOKEN_DOUBLES_BELOW && n !== Token.NUMBER_MAP_TOKEN_VALUE;
}

/** An array whose copy by the engine (some, map, filter) is a plain array built from its elements. */
function ordinaryArray(a: unknown[]): boolean {
  return Object.getPrototypeOf(a) === Array.prototype && !Object.hasOwn(a, "some") && !Object.hasOwn(a, "map") && !Object.hasOwn(a, "constructor");
}

/** An element of an array that makes the engine resolve the array as a list token. */
function listTokenElement(x: unknown): boolean {
  return (typeof x === "string" && x.includes(TOKEN_MARKER)) || (typeof x === "number" && !plainNumber(x));
}

/** Resolve `obj` at `path` (the engine's prefix) as the engine's stack-level resolve would. */
function walk(engine: NonNullable<typeof ENGINE>, scope: IConstruct, obj: unknown, preparing: boolean, path: string[]): unknown {
  const byEngine = () => engine.resolve(obj, { scope, prefix: [...path], preparing, resolver: engine.resolver });
  // The engine checks the depth before anything else, whatever the value.
  if (path.length > MAX_DEPTH) return byEngine();
  switch (typeof obj) {
    case "undefined":
      return undefined;
    case "string":
      return plainString(obj) ? obj : byEngine();
    case "number":
      return plainNumber(obj) ? obj : byEngine();
    case "object":
      break;
    case "function":
      return byEngine();
    default:
      return obj;
  }
  if (obj === null) return null;
  if (obj instanceof Date) return obj;
  // A Proxy can answer each read differently; the engine reads keys and elements more often than the walker.
  if (isProxy(obj)) return byEngine();
  if (Array.isArray(obj)) {
    // The engine copies an array with its own some/map/filter (a subclass's, another realm's, an own override's).
    if (!ordinaryArray(obj) || obj.some(listTokenElement)) return byEngine();
    const out: unknown[] = [];
    // map's length: what an element's resolving appends is not visited.
    const length = obj.length;
    for (let i = 0; i < length; i++) {
      path.push(`${i}`);
      const value = walk(engine, scope, obj[i], preparing, path);
      path.pop();
      if (value !== undefined) out.push(value);
    }
    return out;
  }
  const record = obj as Record<string, unknown>;
  // In the engine's order: token-marked keys (map tokens), then a resolve() method, then a construct's shape.
  const keys = Object.keys(record);
  if (!keys.every(plainString)) return byEngine();
  if (typeof record.resolve === "function" || (record._children !== undefined && record._metadata !== undefined)) return byEngine();
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    path.push(key);
    const value = walk(engine, scope, record[key], preparing, path);
    path.pop();
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/** The stack-level resolve with plain data walked here and tokens left to the engine. */
export function fastResolve(scope: IConstruct, obj: unknown, preparing = false): unknown {
  if (!ENGINE) throw new Error("fastResolve: the engine's token modules (lib/_tokens, lib/tokens/private/resolve) are not where cdktf 0.21 and cdktn 0.24 keep them");
  return walk(ENGINE, scope, obj, preparing, []);
}

/** Whether the engine has the modules fastResolve stands in front of (false: withFastResolve runs the engine's resolver). */
export const fastResolveAvailable = ENGINE !== undefined;

/** The engine's own stack-level resolve, as this module found it when loaded (the reference tests compare with). */
export const engineResolve: EngineResolve | undefined = ENGINE?.tokens.resolve;

/** Put `to` in place of the stacks' resolve; returns what puts back what was there. */
function swapResolve(engine: NonNullable<typeof ENGINE>, to: EngineResolve): () => void {
  const previous = engine.tokens.resolve;
  engine.tokens.resolve = to;
  return () => {
    engine.tokens.resolve = previous;
  };
}

/** Run `run`, then `restore`, also when `run` throws. */
function until<T>(restore: () => void, run: () => T): T {
  try {
    return run();
  } finally {
    restore();
  }
}

/**
 * Put fastResolve in front of the stacks' resolve from now on; returns what undoes it. Installing twice is one
 * install. REGIONKIT_FAST_RESOLVE=0 (or an engine laid out otherwise) leaves the engine's resolver in place.
 */
export function installFastResolve(): () => void {
  if (!ENGINE || process.env.REGIONKIT_FAST_RESOLVE === "0" || ENGINE.tokens.resolve === fastResolve) return () => undefined;
  return swapResolve(ENGINE, fastResolve);
}

/** Run `run` with the stacks' resolve going through fastResolve, then put back what was there. */
export function withFastResolve<T>(run: () => T): T {
  return until(installFastResolve(), run);
}

/** Run `run` with the engine's own resolver (the reference a test holds fastResolve to), then put back what was there. */
export function withEngineResolve<T>(run: () => T): T {
  return ENGINE && engineResolve ? until(swapResolve(ENGINE, engineResolve), run) : run();
}
