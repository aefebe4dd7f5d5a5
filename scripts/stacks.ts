/**
 * npm run stacks: every deployable stack of the manifest with the AWS account and region its
 * credentials are for, as a table or (--json) as a GitHub Actions matrix; the deploy workflow runs
 * one job per entry.
 */
import { loadManifest, manifestPath } from "../regions/loader.js";
import { stateBootstrapTarget } from "../stacks/state-bootstrap-stack.js";
import { cli, main, UsageError } from "./lib/cli.js";

const { values } = cli({
  usage: "npm run stacks -- [--json] [--phase <1|2>] [--manifest <regions.yaml>]",
  description:
    "List the deployable stacks with the account and AWS region to deploy them with. Phase 1: central, warehouse and data-<id>; phase 2: cdc-<id>, which runs on the EKS cluster data-<id> creates.",
  options: {
    json: { type: "boolean", description: "print a GitHub Actions matrix ({\"include\": [...]})" },
    phase: { type: "string", description: "only stacks of this deploy phase" },
    manifest: { type: "string", description: "the manifest", default: "regions/regions.yaml" },
  },
  examples: ["npm run stacks", "npm run -s stacks -- --json --phase 1"],
});

interface Entry {
  readonly stack: string;
  readonly account: string;
  readonly region: string;
  readonly phase: number;
}

main(() => {
  if (values.phase !== undefined && !["1", "2"].includes(values.phase)) throw new UsageError(`--phase must be 1 or 2, got '${values.phase}'`);
  const { manifest } = loadManifest(values.manifest ?? manifestPath());
  // A stack deploys with the credentials of the account and region its state bucket is in.
  const entries: Entry[] = ["central", ...manifest.regions.map((r) => r.id)].flatMap((target) => {
    const t = stateBootstrapTarget(manifest, target);
    return t.stacks.map((stack) => ({ stack, account: t.accountId, region: t.awsRegion, phase: stack.startsWith("cdc-") ? 2 : 1 }));
  });
  const selected = entries.filter((e) => values.phase === undefined || e.phase === Number(values.phase));
  if (values.json) console.log(JSON.stringify({ include: selected }));
  else for (const e of selected) console.log(`${e.stack.padEnd(16)} account ${e.account}  ${e.region.padEnd(16)} phase ${e.phase}`);
  return 0;
});
