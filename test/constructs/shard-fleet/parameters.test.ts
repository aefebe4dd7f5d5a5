import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_REPLICATION_SLOTS, MAX_WAL_SENDERS, shardParameters, WAL_SENDER_TIMEOUT_MS } from "../../../constructs/shard-fleet/parameters.js";
import { DEBEZIUM_HEARTBEAT_INTERVAL_MS } from "../../../constructs/cdc/debezium-options.js";
import { manifestOf, synthRegion } from "../../helpers.js";

const eu = synthRegion("eu", manifestOf());
const group = eu.only("aws_db_parameter_group");
const synthesized = (group.parameter as Array<{ name: string; value: string; apply_method: string }>).map((p) => [p.name, p] as const);
const params = Object.fromEntries(synthesized.map(([name, p]) => [name, p.value]));
const applyMethod = Object.fromEntries(synthesized.map(([name, p]) => [name, p.apply_method]));

describe("shard parameter group: logical replication at fleet scale", () => {
  it("leaves replication-slot and WAL-sender headroom for a reshard (a second generation's slots beside the CDC slot)", () => {
    expect(Number(params.max_replication_slots)).toBe(MAX_REPLICATION_SLOTS);
    // CDC slot + a reshard subscription + its table-sync slots + a rebuilt slot beside a lost one.
    expect(Number(params.max_replication_slots)).toBeGreaterThanOrEqual(1 + 1 + 2 + 1);
    expect(Number(params.max_wal_senders)).toBe(MAX_WAL_SENDERS);
    expect(Number(params.max_wal_senders)).toBeGreaterThanOrEqual(Number(params.max_replication_slots));
    expect(applyMethod.max_replication_slots).toBe("pending-reboot");
    expect(applyMethod.max_wal_senders).toBe("pending-reboot");
  });

  it("sets wal_sender_timeout above the Debezium heartbeat interval", () => {
    expect(Number(params.wal_sender_timeout)).toBe(WAL_SENDER_TIMEOUT_MS);
    expect(Number(params.wal_sender_timeout)).toBeGreaterThanOrEqual(4 * DEBEZIUM_HEARTBEAT_INTERVAL_MS);
  });

  it("ends sessions idle in a transaction, which hold back VACUUM and every slot's xmin", () => {
    expect(Number(params.idle_in_transaction_session_timeout)).toBeGreaterThan(0);
    expect(Number(params.idle_in_transaction_session_timeout)).toBeLessThanOrEqual(30 * 60_000);
  });

  it("sizes autovacuum for large tables: low scale factors, more workers, a higher cost budget", () => {
    expect(Number(params.autovacuum_vacuum_scale_factor)).toBeLessThanOrEqual(0.05);
    expect(Number(params.autovacuum_vacuum_insert_scale_factor)).toBeLessThanOrEqual(0.05);
    expect(Number(params.autovacuum_analyze_scale_factor)).toBeLessThanOrEqual(0.05);
    expect(Number(params.autovacuum_max_workers)).toBeGreaterThan(3);
    expect(Number(params.autovacuum_vacuum_cost_limit)).toBeGreaterThan(200);
  });

  it("keeps the existing CDC and TLS settings", () => {
    expect(params["rds.logical_replication"]).toBe("1");
    expect(params["rds.force_ssl"]).toBe("1");
    expect(params.max_slot_wal_keep_size).toBe(String(1000 * 1024 * 0.1));
  });
});

/** The PostgreSQL server binary installed here (Debian layout), newest major first. */
function postgresBinary(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return majors.map((m) => join(root, m, "bin", "postgres")).find((p) => existsSync(p));
}

const postgres = postgresBinary();

describe.skipIf(!postgres)("shard parameters against a real PostgreSQL", () => {
  // name, context, group, type, boot value, min, max, description (tab-separated).
  const described = new Map(
    execFileSync(postgres!, ["--describe-config"], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split("\t"))
      .map(([name, context, , type, , min, max]) => [name!, { context: context!, type: type!, min: Number(min), max: Number(max) }]),
  );
  const engine = shardParameters({ storageGiB: 1000, maxSlotWalShareOfStorage: 0.1 }).filter((p) => !p.name.startsWith("rds."));

  it("names only parameters the engine knows, with values in range", () => {
    const problems = engine.flatMap((p) => {
      const d = described.get(p.name);
      if (!d) return [`${p.name}: unknown to PostgreSQL`];
      if ((d.type === "INTEGER" || d.type === "REAL") && !(Number(p.value) >= d.min && Number(p.value) <= d.max))
        return [`${p.name}=${p.value}: outside ${d.min}..${d.max}`];
      if (d.type === "INTEGER" && !Number.isInteger(Number(p.value))) return [`${p.name}=${p.value}: not an integer`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it("applies server-start (postmaster) parameters only at reboot", () => {
    const wrong = engine.filter((p) => described.get(p.name)?.context === "postmaster" && p.applyMethod !== "pending-reboot").map((p) => p.name);
    expect(wrong).toEqual([]);
  });
});
