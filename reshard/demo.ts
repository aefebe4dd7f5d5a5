/**
 * npm run reshard:demo [-- --rollback]
 *
 * The whole reshard on this machine's real PostgreSQL 15 and PgBouncer under a
 * live write load (reshard/local/demo.ts); ends with one summary line and
 * exits non-zero unless no acknowledged write was lost or duplicated.
 */
import { runReshardDemo } from "./local/demo.js";
import { localServersUnavailable } from "./local/servers.js";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--rollback" && a !== "--quiet");
  if (unknown.length) {
    console.error(`unknown argument ${unknown.join(" ")}; usage: npm run reshard:demo [-- --rollback] [--quiet]`);
    return 2;
  }
  const missing = localServersUnavailable();
  if (missing) {
    console.error(`reshard demo: cannot run: ${missing}`);
    return 1;
  }
  const quiet = args.includes("--quiet");
  const r = await runReshardDemo({ rollback: args.includes("--rollback"), log: quiet ? undefined : (l) => console.error(l) });
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
