import { randomUUID } from "node:crypto";
import pg from "pg";
import { sleep } from "../pg.js";

/**
 * A live write load through PgBouncer: concurrent inserts and updates across
 * every logical shard, each schema-qualified, over one pooler database per
 * shard. Every acknowledged write is recorded so the demo can look for it
 * afterwards; a write that fails is counted, never retried blindly.
 */

export interface AckedBlock {
  readonly shard: number;
  version: number;
}

export interface LoadTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

export interface LoadStats {
  readonly acknowledged: number;
  readonly failed: number;
  readonly failures: readonly string[];
  /** Writes started after `markSwitch` that were served by a database other than the expected ones. */
  readonly misrouted: number;
}

const schemaOf = (shard: number) => `schema${String(shard).padStart(3, "0")}`;

export class WriteLoad {
  readonly blocks = new Map<string, AckedBlock>();
  readonly events = new Map<string, number>();
  readonly workspaces = new Map<string, number>();
  private acknowledged = 0;
  private failed = 0;
  private readonly failures: string[] = [];
  private misrouted = 0;
  private running = true;
  private readonly workers: Promise<void>[] = [];
  private readonly clients: pg.Client[] = [];
  /** After a switch: writes started from here on must be served by one of these databases. */
  private expected?: ReadonlySet<string>;
  /** Bumped at the start and end of every switch: a write that overlaps a switch may land on either side. */
  private switches = 0;

  constructor(
    /** Pooler instances; writer w uses instance w mod n (as clients spread over an NLB). */
    private readonly targets: readonly LoadTarget[],
    private readonly workspacesByShard: ReadonlyMap<number, readonly string[]>,
    workers: number,
    /** A new workspace id that the shard function maps to `shard`. */
    private readonly newWorkspaceId: (shard: number) => string,
    private readonly pauseBetweenMs = 3,
  ) {
    for (let w = 0; w < workers; w++) this.workers.push(this.worker(w));
  }

  /** A switch (cut-over or rollback) begins: writes in flight from now on may land on either side. */
  beginSwitch(): void {
    this.switches++;
    this.expected = undefined;
  }

  /** The switch is done: every write started from now on until the next switch must land on one of `databases`. */
  markSwitch(databases: Iterable<string>): void {
    this.switches++;
    this.expected = new Set(databases);
  }

  stats(): LoadStats {
    return { acknowledged: this.acknowledged, failed: this.failed, failures: this.failures.slice(0, 10), misrouted: this.misrouted };
  }

  async stop(): Promise<LoadStats> {
    this.running = false;
    await Promise.all(this.workers);
    await Promise.all(this.clients.map((c) => c.end().catch(() => undefined)));
    return this.stats();
  }

  private async worker(w: number): Promise<void> {
    const shards = [...this.workspacesByShard.keys()];
    const perShard = new Map<number, pg.Client>();
    // Blocks this worker inserted, per shard: only their writer updates them.
    const own = new Map<number, string[]>();
    const clientFor = async (shard: number) => {
      let c = perShard.get(shard);
      if (!c) {
        const target = this.targets[w % this.targets.length]!;
        c = new pg.Client({ host: target.host, port: target.port, user: target.user, database: schemaOf(shard), application_name: `rk-load-${w}` });
        c.on("error", () => undefined);
        await c.connect();
        this.clients.push(c);
        perShard.set(shard, c);
      }
      return c;
    };
    let i = 0;
    while (this.running) {
      const shard = shards[(w * 7 + i++ * 13) % shards.length]!;
      const s = schemaOf(shard);
      const ws = this.workspacesByShard.get(shard)!;
      const workspace = ws[i % ws.length]!;
      const switchesAtStart = this.switches;
      const expected = this.expected;
      const roll = i % 10;
      try {
        const c = await clientFor(shard);
        let servedBy: string;
        const mine = own.get(shard) ?? [];
        if (roll < 4 || mine.length === 0) {
          const id = randomUUID();
          const r = await c.query(`INSERT INTO ${s}.blocks (id, workspace_id, body, version) VALUES ($1, $2, $3, 1) RETURNING written_on`, [id, workspace, `block ${i} of worker ${w}`]);
          this.blocks.set(id, { shard, version: 1 });
          own.set(shard, [...mine, id]);
          servedBy = r.rows[0].written_on;
        } else if (roll < 7) {
          // Only this worker updates its own blocks, so the acknowledged version is the row's final version.
          const id = mine[(i * 31) % mine.length]!;
          const b = this.blocks.get(id)!;
          const r = await c.query(`UPDATE ${s}.blocks SET version = version + 1, body = $2, written_on = current_database(), written_at = clock_timestamp() WHERE id = $1 RETURNING version, written_on`, [id, `update ${i}`]);
          if (r.rowCount !== 1) throw new Error(`block ${id} not found for update in ${s}`);
          b.version = r.rows[0].version;
          servedBy = r.rows[0].written_on;
        } else if (roll < 9) {
          const token = randomUUID();
          const r = await c.query(`INSERT INTO ${s}.events (token, workspace_id, payload) VALUES ($1, $2, $3) RETURNING written_on`, [token, workspace, `event ${i}`]);
          this.events.set(token, shard);
          servedBy = r.rows[0].written_on;
        } else {
          const id = this.newWorkspaceId(shard);
          const r = await c.query(`INSERT INTO ${s}.workspaces (id, name) VALUES ($1, $2) RETURNING written_on`, [id, `late workspace ${i}`]);
          this.workspaces.set(id, shard);
          servedBy = r.rows[0].written_on;
        }
        this.acknowledged++;
        if (expected && switchesAtStart === this.switches && !expected.has(servedBy)) this.misrouted++;
      } catch (e) {
        this.failed++;
        if (this.failures.length < 10) this.failures.push(`${s}: ${(e as Error).message}`);
      }
      await sleep(this.pauseBetweenMs);
    }
  }
}
