import { App, Fn, Lazy, TerraformIterator, TerraformLocal, TerraformStack, TerraformVariable, Token } from "cdktf";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { engineResolve as engineResolveOrNot, fastResolve, fastResolveAvailable, withEngineResolve, withFastResolve } from "../../synth/fast-resolve.js";

// The module whose resolve fastResolve stands in front of, and the engine's own resolve, which it must reproduce.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engineTokens = require("cdktf/lib/_tokens") as { resolve(scope: unknown, obj: unknown, preparing?: boolean): unknown };
const engineResolve = engineResolveOrNot!;

/** What a call returns, or the message it throws. */
function outcome(run: () => unknown): { value: string } | { error: string } {
  try {
    // JSON text: the bytes a stack file would hold (undefined and NaN as JSON has them).
    return { value: JSON.stringify(run()) ?? "undefined" };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** An input that changes while it is resolved: each resolver gets a fresh one. */
class Fresh {
  constructor(readonly make: () => unknown) {}
}

class TaggedArray<T> extends Array<T> {
  toJSON(): string {
    return "TAGGED";
  }
}

/** An array whose only element, resolved, appends another. */
function grown(): unknown[] {
  const a: unknown[] = [];
  a.push(Lazy.anyValue({ produce: () => (a.push("appended"), "v") }));
  return a;
}

/** An object whose key list is ["early"] for two reads and ["late"] after. */
function changingKeys(): object {
  let reads = 0;
  return new Proxy({ early: 1, late: 2 } as Record<string, number>, {
    ownKeys: () => (++reads <= 2 ? ["early"] : ["late"]),
    getOwnPropertyDescriptor: (target, key) => Object.getOwnPropertyDescriptor(target, key),
  });
}

/** An object with one own key whose prototype's resolve getter throws. */
function throwingResolveGetter(key: string): object {
  const proto = Object.defineProperty({}, "resolve", {
    get() {
      throw new Error("resolve read");
    },
  });
  return Object.assign(Object.create(proto) as object, { [key]: "value" });
}

function fixture() {
  // cdktf's App creates <outdir>/stacks: a temp directory, not a path of the machine's.
  const stack = new TerraformStack(new App({ outdir: mkdtempSync(join(tmpdir(), "regionkit-fast-resolve-")) }), "s");
  const str = new TerraformVariable(stack, "str", { type: "string" });
  const num = new TerraformVariable(stack, "num", { type: "number" });
  const list = new TerraformVariable(stack, "list", { type: "list(string)" });
  const map = new TerraformVariable(stack, "map", { type: "map(string)" });
  const local = new TerraformLocal(stack, "loc", { a: str.stringValue });
  const iterator = TerraformIterator.fromList(list.listValue);
  return { stack, str, num, list, map, local, iterator };
}

describe("fastResolve", () => {
  it("stands in front of the engine this tree installs, and the suite runs with it (test/setup.ts)", () => {
    expect(fastResolveAvailable).toBe(true);
    expect(engineResolve).not.toBe(fastResolve);
    expect(engineResolve.name).toBe("resolve");
    expect(engineTokens.resolve).toBe(fastResolve);
  });

  const { stack, str, num, list, map, local, iterator } = fixture();
  /** `depth` nested objects around `leaf`, which sits at path length `depth`. */
  const deep = (depth: number, leaf: unknown = "leaf"): unknown => (depth === 0 ? leaf : { d: deep(depth - 1, leaf) });
  const cases: Record<string, unknown> = {
    "plain values": { a: "x", b: 1, c: true, d: null, e: undefined, f: [1, undefined, "y", null], g: {}, h: [], i: 0, j: -0, k: 1.5e300, l: -1e-300 },
    "nested plain objects and arrays": { a: { b: { c: [{ d: [[["e"]]] }, undefined] } } },
    "sparse array": [1, , 3], // eslint-disable-line no-sparse-arrays
    "NaN and infinities": { a: Number.NaN, b: Infinity, c: -Infinity },
    "a Date": { when: new Date(0) },
    "strings that look like numbers with exponents": { a: "1e5", b: "r1e-2", c: "-.e+", d: "10.0.0.0/16", e: "2e", f: "e5" },
    "Terraform expressions already resolved": { a: "${aws_vpc.main.id}", b: "${jsonencode({a = 1})}", c: "}{", d: "$${literal}" },
    "a string token": { a: str.stringValue, b: `prefix-${str.stringValue}-suffix`, c: `\${${str.stringValue}}` },
    "a number token": { a: num.numberValue, b: [num.numberValue, 2], c: `n=${num.numberValue}` },
    "a list token": { a: list.listValue, b: [list.listValue], c: Fn.join(",", list.listValue), d: [...list.listValue, "x"] },
    "a map token": { a: Token.asStringMap(map.value), b: Token.asAnyMap(map.value), c: { [str.stringValue]: "keyed by a token" } },
    "a map token as a key": Object.fromEntries([[Token.asString(Token.asStringMap(map.value)), 1]]),
    "lazy values": { a: Lazy.stringValue({ produce: () => "lazy" }), b: Lazy.anyValue({ produce: () => ({ x: undefined, y: [str.stringValue] }) }), c: Lazy.numberValue({ produce: () => 7 }) },
    "functions of tokens": { a: Fn.upper(str.stringValue), b: Fn.lookup(map.value, "k", "d"), c: Fn.lengthOf(list.listValue), d: local.expression },
    "iterator values": { a: iterator.value, b: iterator.getString("name"), c: iterator.key },
    "a resolvable object": { a: { resolve: () => ({ x: 1, y: undefined }) } },
    "the __proto__ key": JSON.parse('{"__proto__": {"a": 1}, "b": 2}'),
    "depth 150": deep(150),
    "depth 200, the deepest the engine takes": deep(200),
    "preparing pass": { a: str.stringValue, b: [num.numberValue] },
    // Containers the engine copies with their own methods or reads more than once (found in review).
    "an array subclass with toJSON": { x: TaggedArray.from(["a", "b"]) },
    "an array with its own map": { x: Object.assign(["a"], { map: () => ["from own map"] }) },
    "an array grown while it is resolved": new Fresh(() => ({ x: grown() })),
    "a Proxy whose keys change from one read to the next": new Fresh(() => ({ x: changingKeys() })),
    "a map-token key on an object whose resolve getter throws": throwingResolveGetter(Object.keys(Token.asStringMap(map.value))[0]!),
  };
  for (const [name, input] of Object.entries(cases)) {
    it(`resolves ${name} as the engine does`, () => {
      const preparing = name === "preparing pass";
      const make = () => (input instanceof Fresh ? input.make() : input);
      expect(outcome(() => fastResolve(stack, make(), preparing))).toEqual(outcome(() => engineResolve(stack, make(), preparing)));
    });
  }

  it("keeps the class of an array the engine keeps (a subclass, another realm's Array)", () => {
    for (const input of [TaggedArray.from(["a"]), runInNewContext('["a"]') as unknown[]]) {
      const engine = engineResolve(stack, input);
      expect(Object.getPrototypeOf(fastResolve(stack, input))).toBe(Object.getPrototypeOf(engine));
    }
  });

  const failures: Record<string, unknown> = {
    "an array without a prototype": Object.setPrototypeOf(["a"], null),
    "a function": { a: () => 1 },
    "a construct": { a: stack },
    "the string map-token sentinel": { a: Token.STRING_MAP_TOKEN_VALUE },
    "the any map-token sentinel": [Token.ANY_MAP_TOKEN_VALUE],
    "the number map-token sentinel": { a: Token.NUMBER_MAP_TOKEN_VALUE },
    "a list token in a string": { a: `x-${String(list.listValue)}` },
    "a path deeper than the engine allows": deep(250),
    "a string just past the engine's depth limit": deep(201),
    "undefined just past the engine's depth limit": deep(201, undefined),
  };
  for (const [name, input] of Object.entries(failures)) {
    it(`fails on ${name} with the engine's error`, () => {
      const engine = outcome(() => engineResolve(stack, input));
      expect(engine).toHaveProperty("error");
      expect(outcome(() => fastResolve(stack, input))).toEqual(engine);
    });
  }
});

describe("withFastResolve and withEngineResolve", () => {
  it("withFastResolve puts fastResolve in front while it runs and what was there back after, also when it throws", () => {
    withEngineResolve(() => {
      let inside: unknown;
      withFastResolve(() => {
        inside = engineTokens.resolve;
      });
      expect(inside).toBe(fastResolve);
      expect(engineTokens.resolve).toBe(engineResolve);
      expect(() =>
        withFastResolve(() => {
          throw new Error("boom");
        }),
      ).toThrow("boom");
      expect(engineTokens.resolve).toBe(engineResolve);
    });
    expect(engineTokens.resolve).toBe(fastResolve);
  });

  it("synthesizes a stack to the same JSON as the engine's resolve", () => {
    const { stack } = fixture();
    new TerraformLocal(stack, "extra", { list: [undefined, 1, "a"], map: { k: undefined, v: "x" } });
    const engine = withEngineResolve(() => JSON.stringify(stack.toTerraform()));
    expect(withFastResolve(() => JSON.stringify(stack.toTerraform()))).toBe(engine);
  });

  it("REGIONKIT_FAST_RESOLVE=0 leaves the engine's resolve in place", () => {
    process.env.REGIONKIT_FAST_RESOLVE = "0";
    try {
      expect(withEngineResolve(() => withFastResolve(() => engineTokens.resolve))).toBe(engineResolve);
    } finally {
      delete process.env.REGIONKIT_FAST_RESOLVE;
    }
  });
});
