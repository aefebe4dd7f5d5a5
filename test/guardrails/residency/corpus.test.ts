import { beforeAll, describe, expect, it } from "vitest";
import { openFindings, runGuardrails } from "../../../guardrails/engine.js";
import { RESIDENCY_PACK } from "../../../guardrails/packs.js";
import { synthApp } from "../../helpers.js";
import { manifest } from "../fixtures.js";
import { PROBES, type Json, type Probe } from "./corpus.js";

/**
 * The kit's default synth, once for the file, as JSON text: each probe parses a fresh copy of one stack
 * and changes it (parsing is about twice as fast as structuredClone, and its short strings are shared).
 */
let synth: Map<string, string>;

beforeAll(() => {
  // The whole app, from the worker's cache when another file already synthesized it (test/helpers.ts).
  synth = new Map([...synthApp(manifest)].map(([name, s]) => [name, s.text]));
});

function apply(probe: Probe): Json {
  const json = JSON.parse(synth.get(probe.stack)!) as Json;
  json.resource ??= {};
  for (const [type, byName] of Object.entries(probe.add ?? {})) json.resource[type] = { ...(json.resource[type] ?? {}), ...byName };
  probe.mutate?.(json);
  return json;
}

function residencyErrors(probe: Probe) {
  const result = runGuardrails([{ name: probe.stack, json: apply(probe) }], { manifest, packs: [RESIDENCY_PACK] });
  return openFindings(result, "error");
}

const violations = PROBES.filter((p) => p.kind === "violation");
const legitimate = PROBES.filter((p) => p.kind === "legitimate");

describe("the adversarial residency corpus", () => {
  it("has at least 100 violations across every family and 20 legitimate configurations", () => {
    expect(violations.length).toBeGreaterThanOrEqual(100);
    expect(legitimate.length).toBeGreaterThanOrEqual(20);
    expect(new Set(violations.map((p) => p.family))).toEqual(new Set(["placement", "reference", "principal", "cross-boundary", "mover", "exception", "closed-world", "central", "warehouse", "kubernetes", "expression", "external", "edge", "network"]));
    expect(new Set(PROBES.map((p) => p.name)).size).toBe(PROBES.length);
  });

  it("catches every violation and passes every legitimate configuration", () => {
    const missed = violations.filter((p) => residencyErrors(p).length === 0).map((p) => `${p.family}: ${p.name}`);
    const falsePositives = legitimate
      .map((p) => ({ p, errors: residencyErrors(p) }))
      .filter((x) => x.errors.length > 0)
      .map(({ p, errors }) => `${p.name}: ${errors.map((f) => `${f.address} ${f.ruleId} ${f.detail}`).join(" | ")}`);
    console.log(`residency corpus: caught ${violations.length - missed.length}/${violations.length} violations; false positives ${falsePositives.length}/${legitimate.length}`);
    expect({ missed, falsePositives }).toEqual({ missed: [], falsePositives: [] });
  });

  it("names stack, address, rule and fix for each caught violation", () => {
    const f = residencyErrors(violations.find((p) => p.name === "SNS email subscription")!)[0]!;
    expect(f).toMatchObject({ stack: "data-eu", address: "aws_sns_topic_subscription.S", ruleId: "RK-RES-015" });
    expect(f.fix.length).toBeGreaterThan(10);
  });
});
