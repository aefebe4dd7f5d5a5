import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_DAG } from "../../../constructs/central/orchestrator.js";
import { SPARK_JOBS } from "../../../regions/resolvers.js";
import { routingTableJson } from "../../../regions/routing.js";
import { WorkspaceRegions } from "../../../regions/workspace-region.js";
import { manifestOf, manifestWithRegion, NEW_REGION_YAML } from "../../helpers.js";

const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const hasPython = !python.error && python.status === 0;
if (!hasPython) console.warn("python3 not found: the example DAG tests are SKIPPED");

const HARNESS = join(__dirname, "dag_harness.py");

/** Run the DAG against a routing table built from `manifest`, with Airflow replaced by recording stand-ins. */
function loadDag(manifest = manifestOf(), env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "rk-dag-"));
  const table = join(dir, "regions.json");
  writeFileSync(table, routingTableJson(manifest));
  const run = spawnSync("python3", [HARNESS, EXAMPLE_DAG], { encoding: "utf8", env: { ...process.env, ...env, REGIONKIT_ROUTING_TABLE: table } });
  if (run.status !== 0) throw new Error(`DAG failed to load:\n${run.stderr}`);
  return JSON.parse(run.stdout) as {
    tasks: Array<Record<string, any>>;
    macros: { clusterId?: string; steps?: Array<Record<string, any>>; role?: string; error?: string };
    hookCalls: Array<Record<string, any>>;
    connections: Record<string, any>;
  };
}

describe.skipIf(!hasPython)("example DAG regional_jobs.py", () => {
  it("compiles", () => {
    const dir = mkdtempSync(join(tmpdir(), "rk-pyc-"));
    const run = spawnSync(
      "python3",
      ["-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)", EXAMPLE_DAG, join(dir, "dag.pyc")],
      {
        encoding: "utf8",
      }
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("creates one task per region per job", () => {
    const { tasks } = loadDag();
    const manifest = manifestOf();
    expect(tasks.map((t) => t.task_id).sort()).toEqual(manifest.regions.flatMap((r) => SPARK_JOBS.map((job) => `${job}_${r.id}`)).sort());
  });

  it("sends each task to its own region's EMR cluster, AWS region and connection", () => {
    const { tasks } = loadDag();
    const task = tasks.find((t) => t.task_id === "sanitize_jp")!;
    expect(task).toMatchObject({ region_name: "ap-northeast-1", aws_conn_id: "aws_jp" });
    expect(task.job_flow_id).toBe("{{ cluster_id('jp') }}");
    expect(task.steps).toBe("{{ job_steps('jp', 'sanitize') }}");
    expect(task.execution_role_arn).toBe("{{ job_role('jp', 'sanitize') }}");
  });

  it("defines one connection per region that assumes the region's orchestrator-access role in its AWS region", () => {
    const { connections } = loadDag();
    expect(Object.keys(connections).sort()).toEqual(["AIRFLOW_CONN_AWS_EU", "AIRFLOW_CONN_AWS_JP", "AIRFLOW_CONN_AWS_KR", "AIRFLOW_CONN_AWS_US"]);
    expect(connections.AIRFLOW_CONN_AWS_EU).toEqual({
      conn_type: "aws",
      extra: { role_arn: "arn:aws:iam::222222222222:role/rk-eu-orchestrator-access", region_name: "eu-central-1" },
    });
  });

  it("runs CDC ingest before the other jobs of the same region", () => {
    const { tasks } = loadDag();
    const ingest = tasks.find((t) => t.task_id === "cdc-ingest_eu")!;
    expect(ingest.downstream.sort()).toEqual(["embeddings_eu", "sanitize_eu", "search-reindex_eu"]);
  });

  it("reads the cluster id and the job spec from the region's SSM parameters when the task runs", () => {
    const { macros, hookCalls } = loadDag();
    expect(macros.clusterId).toBe("j-EU");
    expect(macros.role).toBe("arn:aws:iam::000000000000:role/sanitize");
    expect(hookCalls.length).toBeGreaterThan(0);
    for (const call of hookCalls) expect(call).toEqual({ aws_conn_id: "aws_eu", client_type: "ssm", region_name: "eu-central-1" });
  });

  it("turns a job spec into one spark-submit step, as sparkSubmitArgs does", () => {
    expect(loadDag().macros.steps).toEqual([
      {
        Name: "regionkit-sanitize",
        ActionOnFailure: "CONTINUE",
        HadoopJarStep: {
          Jar: "command-runner.jar",
          Args: ["spark-submit", "--deploy-mode", "cluster", "--conf", "spark.a=1", "s3://artifacts/job.py", "--table", "block"],
        },
      },
    ]);
  });

  it("fails a job spec resolved for another region", () => {
    expect(loadDag(manifestOf(), { HARNESS_SPEC_REGION: "us" }).macros.error).toMatch(
      /\/rk\/eu\/spark\/jobs\/sanitize: spec is for job 'sanitize' in 'us' \('eu-central-1'\), expected 'sanitize' in 'eu' \('eu-central-1'\)/
    );
  });

  it("creates the tasks of a new region without a change to the DAG", () => {
    const { tasks } = loadDag(manifestWithRegion(NEW_REGION_YAML));
    expect(tasks.filter((t) => t.task_id.endsWith("_ch")).map((t) => t.region_name)).toEqual(SPARK_JOBS.map(() => "eu-central-2"));
  });
});

describe.skipIf(!hasPython)("example DAG: AI onboarding", () => {
  const WS = {
    eu: "3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71",
    eu2: "0a4c7e1f-2b3d-4e5f-8a9b-0c1d2e3f4a5b",
    us: "7d9e1f20-3a4b-4c5d-9e6f-708192a3b4c5",
    moving: "c0ffee00-1234-4abc-9def-0123456789ab",
    unknown: "e1e2e3e4-0000-4111-8222-333333333333",
  };
  const entries: Record<string, Record<string, unknown>> = {
    [WS.eu]: { workspace_id: WS.eu, active_region: "eu", migration_state: "active", version: 1 },
    [WS.eu2]: { workspace_id: WS.eu2, active_region: "eu", migration_state: "active", version: 2 },
    [WS.us]: { workspace_id: WS.us, active_region: "us", migration_state: "active", version: 1 },
    [WS.moving]: { workspace_id: WS.moving, active_region: "eu", migration_state: "migrating", source_region: "eu", target_region: "jp", version: 5 },
  };
  const onboard = (ids: readonly string[]) =>
    (loadDag(manifestOf(), { HARNESS_WORKSPACES: JSON.stringify(entries), HARNESS_ONBOARD: JSON.stringify(ids) }) as unknown as { onboarding: Record<string, Record<string, any>> }).onboarding;

  it("has one onboarding task per region, each running the onboard-embeddings spec on its own region's cluster", () => {
    const onboarding = loadDag().tasks.filter((t) => t.task_id.startsWith("onboard-embeddings_"));
    expect(onboarding.map((t) => t.task_id)).toEqual(manifestOf().regions.map((r) => `onboard-embeddings_${r.id}`));
    const eu = onboarding.find((t) => t.task_id === "onboard-embeddings_eu")!;
    expect(eu).toMatchObject({ aws_conn_id: "aws_eu", region_name: "eu-central-1", steps: "{{ onboarding_steps('eu', params.workspaces) }}" });
    expect(eu.downstream).toEqual([]);
  });

  it("admits each eligible workspace in its active region only, and none that is migrating or unknown, as the library gate does", async () => {
    const ids = Object.values(WS);
    const result = onboard(ids);
    const gate = new WorkspaceRegions(manifestOf(), { getItem: async (key) => entries[key.workspace_id] });
    for (const region of manifestOf().regions.map((r) => r.id)) {
      const admitted: string[] = [];
      for (const id of ids) if (await gate.assertWorkspaceInRegion(id, region).then(() => true, () => false)) admitted.push(id);
      expect(result[region], region).toEqual(admitted.length > 0 ? { admitted } : { skipped: `no workspace to onboard in region ${region}` });
    }
    expect(result.eu).toEqual({ admitted: [WS.eu, WS.eu2] });
    expect(result.us).toEqual({ admitted: [WS.us] });
  });

  it("refuses a workspace of another region: the eu task does not onboard a us workspace", () => {
    const result = onboard([WS.us]);
    expect(result.eu).toEqual({ skipped: "no workspace to onboard in region eu" });
    expect(result.us).toEqual({ admitted: [WS.us] });
  });

  it("fails on a non-canonical workspace id", () => {
    expect(onboard([WS.eu.toUpperCase()]).eu!.error).toMatch(/not canonical workspace ids/);
  });
});
