import type pg from "pg";
import type { SchemaMove } from "./plan.js";
import { qi, sleep } from "./pg.js";

/**
 * Parent vs child comparison of every moved schema: row counts and
 * per-key-range checksums (md5 of the rows in key order) per table, plus
 * sampled dark reads (the same primary-key lookups on both sides, results
 * compared). Under live writes the two sides are a replication lag apart, so
 * a differing key range is re-read a few times before it is reported: a real
 * difference stays, a lagging one converges.
 */

export interface TableDifference {
  readonly schema: string;
  readonly table: string;
  /** Key range (`uuid 3…`, `ids 4000-4999`) or `dark read <key>`. */
  readonly range: string;
  readonly source: string;
  readonly target: string;
}

export interface VerifyReport {
  readonly schemas: number;
  readonly tables: number;
  readonly ranges: number;
  readonly sourceRows: number;
  readonly targetRows: number;
  readonly darkReads: number;
  readonly differences: readonly TableDifference[];
  readonly ms: number;
}

export interface VerifyOptions {
  /** Keys looked up on both sides per table. @default 5 */
  readonly samplesPerTable?: number;
  /** Re-reads of a differing range before it is reported. @default 8 */
  readonly rounds?: number;
}

interface TableKey {
  readonly table: string;
  readonly pk: string;
  readonly type: string;
}

async function tablesWithKeys(db: pg.Client, schema: string): Promise<TableKey[]> {
  const res = await db.query(
    `SELECT c.relname AS table, a.attname AS pk, pg_catalog.format_type(a.atttypid, NULL) AS type
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1
       LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
      ORDER BY 1`,
    [schema],
  );
  return res.rows.map((r: { table: string; pk: string | null; type: string | null }) => {
    // Without a one-column primary key the whole row text is the key (logical replication needs a replica identity anyway).
    return { table: r.table, pk: r.pk ? `t.${qi(r.pk)}` : "t::text", type: r.type ?? "text" };
  });
}

/** SQL of a row's key range: 16 ranges by leading hex digit for UUIDs, 1000-wide id ranges for integers. */
function rangeExpr(k: TableKey): string {
  if (k.type === "uuid") return `substr(${k.pk}::text, 1, 1)`;
  if (["bigint", "integer", "smallint"].includes(k.type)) return `(${k.pk} / 1000)::text`;
  return `substr(md5(${k.pk}::text), 1, 1)`;
}

function rangeLabel(k: TableKey, bucket: string): string {
  if (k.type === "uuid") return `uuid ${bucket}…`;
  if (["bigint", "integer", "smallint"].includes(k.type)) return `ids ${Number(bucket) * 1000}-${Number(bucket) * 1000 + 999}`;
  return `hash ${bucket}`;
}

type Sums = Map<string, { n: number; h: string }>;

async function checksums(db: pg.Client, schema: string, k: TableKey, bucket?: string): Promise<Sums> {
  const where = bucket === undefined ? "" : `WHERE ${rangeExpr(k)} = $1`;
  const res = await db.query(
    `SELECT ${rangeExpr(k)} AS b, count(*)::int AS n, md5(string_agg(t::text, E'\\n' ORDER BY ${k.pk})) AS h FROM ${qi(schema)}.${qi(k.table)} t ${where} GROUP BY 1`,
    bucket === undefined ? [] : [bucket],
  );
  return new Map(res.rows.map((r: { b: string; n: number; h: string }) => [r.b, { n: r.n, h: r.h }]));
}

const show = (s: { n: number; h: string } | undefined) => (s ? `${s.n} rows md5 ${s.h.slice(0, 12)}` : "no rows");

async function rowsByKey(db: pg.Client, schema: string, k: TableKey, keys: string[]): Promise<Map<string, string>> {
  const res = await db.query(`SELECT ${k.pk}::text AS k, pg_catalog.to_jsonb(t)::text AS j FROM ${qi(schema)}.${qi(k.table)} t WHERE ${k.pk}::text = ANY($1)`, [keys]);
  return new Map(res.rows.map((r: { k: string; j: string }) => [r.k, r.j]));
}

export async function verifyMoves(moves: readonly SchemaMove[], dbOf: (id: string) => pg.Client, options: VerifyOptions = {}): Promise<VerifyReport> {
  const started = performance.now();
  const samples = options.samplesPerTable ?? 5;
  const rounds = options.rounds ?? 8;
  const differences: TableDifference[] = [];
  let tables = 0;
  let ranges = 0;
  let sourceRows = 0;
  let targetRows = 0;
  let darkReads = 0;
  for (const move of moves) {
    const source = dbOf(move.from);
    const target = dbOf(move.to);
    const [keysS, keysT] = await Promise.all([tablesWithKeys(source, move.schema), tablesWithKeys(target, move.schema)]);
    const targetTables = new Set(keysT.map((k) => k.table));
    for (const k of keysS) {
      tables++;
      if (!targetTables.has(k.table)) {
        differences.push({ schema: move.schema, table: k.table, range: "(table)", source: "exists", target: "missing" });
        continue;
      }
      const [s, t] = await Promise.all([checksums(source, move.schema, k), checksums(target, move.schema, k)]);
      for (const v of s.values()) sourceRows += v.n;
      for (const v of t.values()) targetRows += v.n;
      const buckets = new Set([...s.keys(), ...t.keys()]);
      ranges += buckets.size;
      for (const b of buckets) {
        let a = s.get(b);
        let c = t.get(b);
        for (let r = 0; r < rounds && (a?.n !== c?.n || a?.h !== c?.h); r++) {
          await sleep(50 * (r + 1));
          [a, c] = await Promise.all([checksums(source, move.schema, k, b).then((m) => m.get(b)), checksums(target, move.schema, k, b).then((m) => m.get(b))]);
        }
        if (a?.n !== c?.n || a?.h !== c?.h) differences.push({ schema: move.schema, table: k.table, range: rangeLabel(k, b), source: show(a), target: show(c) });
      }
      if (samples > 0) {
        const sampled = await source.query(`SELECT ${k.pk}::text AS k FROM ${qi(move.schema)}.${qi(k.table)} t ORDER BY random() LIMIT ${samples}`);
        const keys = sampled.rows.map((r: { k: string }) => r.k);
        darkReads += keys.length;
        let pending = keys;
        let last: [Map<string, string>, Map<string, string>] = [new Map(), new Map()];
        for (let r = 0; r <= rounds && pending.length > 0; r++) {
          if (r > 0) await sleep(50 * r);
          last = await Promise.all([rowsByKey(source, move.schema, k, pending), rowsByKey(target, move.schema, k, pending)]);
          pending = pending.filter((key) => last[0].get(key) !== last[1].get(key));
        }
        for (const key of pending)
          differences.push({ schema: move.schema, table: k.table, range: `dark read ${key}`, source: last[0].get(key) ?? "no row", target: last[1].get(key) ?? "no row" });
      }
    }
  }
  return { schemas: moves.length, tables, ranges, sourceRows, targetRows, darkReads, differences, ms: Math.round(performance.now() - started) };
}

export function formatVerify(r: VerifyReport): string {
  const head = `verify: ${r.schemas} schemas, ${r.tables} tables, ${r.ranges} key ranges, ${r.sourceRows} source rows / ${r.targetRows} target rows, ${r.darkReads} dark reads, ${r.differences.length} differences (${r.ms} ms)`;
  return [head, ...r.differences.slice(0, 50).map((d) => `  ${d.schema}.${d.table} ${d.range}: source ${d.source} | target ${d.target}`)].join("\n");
}
