/**
 * npm run reshard:demo [-- --rollback]
 *
 * The whole reshard on this machine's real PostgreSQL 15 and PgBouncer under a
 * live write load (reshard/local/demo.ts); ends with one summary line and
 * exits non-zero unless no acknowledged write was lost or duplicated.
 */
import { parseArgs } from "node:util";
import { runReshardDemo } from "./local/demo.js";
import { localServersUnavailable } from "./local/servers.js";

const USAGE = `usage: npm run reshard:demo -- [--rollback] [--quiet]

Reshard a demo fleet on this machine's PostgreSQL 15 and PgBouncer (throwaway servers; REGIONKIT_PG_BIN and
REGIONKIT_PGBOUNCER say where their binaries are) under a live write load, and fail unless no acknowledged write
was lost, duplicated or misrouted.

options:
  --rollback  switch to the new generation, then roll back to the old one
  --quiet     only the summary, no progress lines
  --help      this text

examples:
  npm run reshard:demo
  npm run reshard:demo -- --rollback
`;

/** The flags, or exits: 0 after --help, 2 with one line on a flag it does not know. */
function flags(): { rollback: boolean; quiet: boolean } {
  try {
    const { values } = parseArgs({ options: { rollback: { type: "boolean" }, quiet: { type: "boolean" }, help: { type: "boolean" } }, strict: true, allowPositionals: false });
    if (values.help) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    return { rollback: values.rollback === true, quiet: values.quiet === true };
  } catch (e) {
    console.error(`error: ${(e as Error).message} (see --help)`);
    process.exit(2);
  }
}

const values = flags();

async function main(): Promise<number> {
  const missing = localServersUnavailable();
  if (missing) {
    console.error(`reshard demo: cannot run: ${missing}`);
    return 1;
  }
  const r = await runReshardDemo({ rollback: values.rollback === true, log: values.quiet ? undefined : (l) => console.error(l) });
  if (r.failed) console.error(`${r.failed} writes failed (not acknowledged): ${r.failures.join(" | ")}`);
  console.error(`misrouted after switch: ${r.misrouted}; app writes on retired databases after switch: ${r.oldWritesAfterSwitch}; retired databases refuse app writes: ${r.retiredRefusesWrites}; copy ${r.copyRows} rows at ${r.copyRowsPerSecond} rows/s`);
  console.log(r.summary);
  const ok = r.lost === 0 && r.duplicated === 0 && r.misrouted === 0 && r.oldWritesAfterSwitch === 0 && r.retiredRefusesWrites;
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
