import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../reshard/cli.js";
import { demoManifestText } from "../../reshard/local/demo.js";

describe("npm run reshard (CLI)", () => {
  let dir: string;
  let manifest: string;
  const output = { out: "", err: "" };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "rk-reshard-cli-"));
    manifest = join(dir, "regions.yaml");
    writeFileSync(manifest, demoManifestText());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  async function run(...argv: string[]): Promise<number> {
    output.out = "";
    output.err = "";
    vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void (output.out += `${a.join(" ")}\n`));
    vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void (output.err += `${a.join(" ")}\n`));
    return main(argv, {});
  }

  it("plans the manifest's declared reshard, readable and as JSON", async () => {
    expect(await run("eu", "plan", "--manifest", manifest)).toBe(0);
    expect(output.out).toMatch(/reshard plan for region eu: g1 \(epoch 1, 2 databases\) -> g2 \(epoch 2, 6 databases\), 30 schemas move/);
    expect(output.out).toMatch(/schema001-schema005/);
    expect(await run("eu", "plan", "--manifest", manifest, "--json")).toBe(0);
    const plan = JSON.parse(output.out);
    expect(plan.forward).toHaveLength(6);
    expect(plan.reverse).toHaveLength(6);
  });

  it("fails on an unknown region, naming the declared ones", async () => {
    expect(await run("zz", "plan", "--manifest", manifest)).toBe(1);
    expect(output.err).toMatch(/\[unknown-region\] zz: .*declared regions: us, eu, jp, kr/);
  });

  it("fails on an unknown generation", async () => {
    expect(await run("eu", "plan", "--manifest", manifest, "--to", "g7")).toBe(1);
    expect(output.err).toMatch(/\[unknown-generation\] eu\/g7: .*declared: g1, g2/);
  });

  it("fails on unknown flags, steps and bad numbers, all at once, with usage", async () => {
    expect(await run("eu", "explode", "--bogus", "--max-lag-bytes", "lots")).toBe(2);
    expect(output.err).toMatch(/unknown flag --bogus/);
    expect(output.err).toMatch(/unknown step "explode"; valid: plan, start, status, verify, cutover, rollback, finish/);
    expect(output.err).toMatch(/--max-lag-bytes must be a non-negative integer, got "lots"/);
    expect(output.err).toMatch(/^usage: npm run reshard/m);
  });

  it("fails a step that the manifest's recorded reshard state does not allow", async () => {
    const planned = join(dir, "planned.yaml");
    writeFileSync(planned, demoManifestText().replace("state: copying", "state: planned"));
    expect(await run("eu", "cutover", "--manifest", planned, "--state-dir", dir)).toBe(1);
    expect(output.err).toMatch(/\[manifest-state\] eu g1->g2: the manifest records shardFleet.reshard.state: planned; cutover runs only when it is copying/);
    expect(await run("eu", "rollback", "--manifest", manifest, "--state-dir", dir)).toBe(1);
    expect(output.err).toMatch(/rollback runs only when it is cut-over/);
  });

  it("fails a database step without a topology, saying how to give one", async () => {
    expect(await run("eu", "start", "--manifest", manifest, "--state-dir", dir)).toBe(1);
    expect(output.err).toMatch(/\[topology-missing\] eu: .*--topology <file.json>/);
  });

  it("fails on a topology whose databases do not cover both generations", async () => {
    const topology = join(dir, "topology.json");
    writeFileSync(topology, JSON.stringify({ databases: {}, pooler: { host: "127.0.0.1", port: 6432, adminUser: "pgbouncer", configFile: "/etc/pgbouncer/pgbouncer.ini" }, appRole: "app" }));
    expect(await run("eu", "plan", "--manifest", manifest, "--topology", topology)).toBe(1);
    expect(output.err.match(/\[topology-missing\]/g)).toHaveLength(8);
  });
});
