import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_DAG } from "../../../constructs/central/orchestrator.js";
import { SPARK_JOBS, STREAMING_INTERVAL_MINUTES, STREAMING_JOBS } from "../../../regions/resolvers.js";
import { routingTableJson } from "../../../regions/routing.js";
import { manifestOf, manifestWithRegion, NEW_REGION_YAML } from "../../helpers.js";

const python = spawnSync("python3", ["-c", "import jinja2"], { encoding: "utf8" });
const hasPython = !python.error && python.status === 0;
if (!hasPython) console.warn("python3 with jinja2 not found (.ci/run installs python3-jinja2): the example DAG tests are SKIPPED");

const HARNESS = join(__dirname, "dag_harness.py");

/** Run the DAG against a routing table built from `manifest`, with Airflow replaced by recording stand-ins. */
function loadDag(manifest = manifestOf(), env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "rk-dag-"));
  const table = join(dir, "regions.json");
  writeFileSync(table, routingTableJson(manifest));
  const run = spawnSync("python3", [HARNESS, EXAMPLE_DAG], { encoding: "utf8", env: { ...process.env, ...env, REGIONKIT_ROUTING_TABLE: table } });
  if (run.status !== 0) throw new Error(`DAG failed to load:\n${run.stderr}`);
  return JSON.parse(run.stdout) as {
    dags: Array<Record<string, any>>;
    tasks: Array<Record<string, any>>;
    hookCalls: Array<Record<string, any>>;
    connections: Record<string, any>;
  };
}

const batchJobs = SPARK_JOBS.filter((job) => !(STREAMING_JOBS as readonly string[]).includes(job));

describe.skipIf(!hasPython)("example DAG regional_jobs.py", () => {
  const loaded = hasPython ? loadDag() : { dags: [], tasks: [], hookCalls: [], connections: {} };
  const { dags, tasks } = loaded;
  const task = (dagId: string, fullId: string) => tasks.find((t) => t.dag_id === dagId && t.full_id === fullId)!;
  const regionIds = manifestOf().regions.map((r) => r.id);

  it("compiles", () => {
    const dir = mkdtempSync(join(tmpdir(), "rk-pyc-"));
    const run = spawnSync(
      "python3",
      ["-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)", EXAMPLE_DAG, join(dir, "dag.pyc")],
      { encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("runs each region's Kafka-consuming jobs in that region's own streaming DAG, every few minutes, one run at a time", () => {
    for (const id of regionIds) {
      const dag = dags.find((d) => d.dag_id === `regionkit_streaming_${id}`)!;
      expect(dag).toMatchObject({ max_active_runs: 1, catchup: false, schedule: `0:${String(STREAMING_INTERVAL_MINUTES).padStart(2, "0")}:00` });
      expect(tasks.filter((t) => t.dag_id === dag.dag_id).map((t) => t.task_id).sort()).toEqual([...STREAMING_JOBS].sort());
    }
  });

  // Two steps of one streaming job would share its checkpoint and its Hudi tables (single writer).
  it("never lets a streaming run end while its step may still run: no run timeout, no retry, a waiter as long as a day", () => {
    for (const dag of dags.filter((d) => d.dag_id.startsWith("regionkit_streaming_"))) {
      expect(dag.dagrun_timeout).toBe("None");
      expect(dag.default_args.retries).toBe(0);
    }
    for (const t of tasks.filter((t) => t.kind === "EmrAddStepsOperator")) {
      expect(t.wait_for_completion).toBe(true);
      expect(t.waiter_delay * t.waiter_max_attempts).toBeGreaterThanOrEqual(24 * 3600);
    }
  });

  it("runs the batch jobs daily, one task group per region, plus the warehouse load after sanitize", () => {
    const daily = tasks.filter((t) => t.dag_id === "regionkit_regional_jobs");
    expect(dags.find((d) => d.dag_id === "regionkit_regional_jobs")!.schedule).toBe("@daily");
    expect(daily.map((t) => t.full_id).sort()).toEqual(regionIds.flatMap((id) => [...batchJobs, "load_sanitized"].map((job) => `${id}.${job}`)).sort());
    expect(tasks.filter((t) => (STREAMING_JOBS as readonly string[]).includes(t.task_id)).every((t) => t.dag_id !== "regionkit_regional_jobs")).toBe(true);
  });

  it("has no dependency from one region's tasks to another's, so a failed region does not block the others", () => {
    for (const t of tasks) for (const next of t.downstream as string[]) expect(next.split(".")[0]).toBe(t.group);
  });

  it("sends each task to its own region's EMR cluster, AWS region and connection", () => {
    const sanitize = task("regionkit_regional_jobs", "jp.sanitize");
    expect(sanitize).toMatchObject({ region_name: "ap-northeast-1", aws_conn_id: "aws_jp" });
    expect(sanitize.job_flow_id).toBe("{{ cluster_id('jp') }}");
    expect(sanitize.execution_role_arn).toBe("{{ job_role('jp', 'sanitize') }}");
    expect(task("regionkit_streaming_kr", "cdc-ingest")).toMatchObject({ region_name: "ap-northeast-2", aws_conn_id: "aws_kr", steps: "{{ job_steps('kr', 'cdc-ingest') }}" });
  });

  it("defines one connection per region that assumes the region's orchestrator-access role in its AWS region", () => {
    const { connections } = loaded;
    expect(Object.keys(connections).sort()).toEqual(["AIRFLOW_CONN_AWS_EU", "AIRFLOW_CONN_AWS_JP", "AIRFLOW_CONN_AWS_KR", "AIRFLOW_CONN_AWS_US"]);
    expect(connections.AIRFLOW_CONN_AWS_EU).toEqual({
      conn_type: "aws",
      extra: { role_arn: "arn:aws:iam::222222222222:role/rk-eu-orchestrator-access", region_name: "eu-central-1" },
    });
  });

  it("reads the cluster id and the job spec from the region's SSM parameters when the task runs", () => {
    const rendered = task("regionkit_regional_jobs", "eu.sanitize").rendered;
    expect(rendered.job_flow_id).toBe("j-EU");
    expect(rendered.execution_role_arn).toBe("arn:aws:iam::000000000000:role/sanitize");
    expect(loaded.hookCalls.length).toBeGreaterThan(0);
    for (const call of loaded.hookCalls) expect(call).toEqual({ aws_conn_id: "aws_eu", client_type: "ssm", region_name: "eu-central-1" });
  });

  it("turns a job spec into one spark-submit step, as sparkSubmitArgs does", () => {
    expect(task("regionkit_streaming_eu", "embeddings").rendered.steps).toEqual([
      {
        Name: "regionkit-embeddings",
        ActionOnFailure: "CONTINUE",
        HadoopJarStep: {
          Jar: "command-runner.jar",
          Args: ["spark-submit", "--deploy-mode", "cluster", "--conf", "spark.a=1", "s3://artifacts/job.py", "--table", "block"],
        },
      },
    ]);
  });

  it("loads exactly the files of the sanitize run it follows into the region's landing table", () => {
    const sanitize = task("regionkit_regional_jobs", "eu.sanitize");
    expect(sanitize.downstream).toEqual(["eu.load_sanitized"]);
    const args = sanitize.rendered.steps[0].HadoopJarStep.Args as string[];
    const runPrefix = args[args.indexOf("--run-prefix") + 1];
    expect(runPrefix).toBe("runs/20260102T000000/");
    const load = task("regionkit_regional_jobs", "eu.load_sanitized");
    expect(load).toMatchObject({ kind: "SQLExecuteQueryOperator", conn_id: "snowflake_warehouse" });
    expect(load.rendered.sql).toBe(
      `COPY INTO REGIONKIT.SANITIZED.SANITIZED_EU (RECORD, SOURCE_FILE) FROM (SELECT $1, METADATA$FILENAME FROM @REGIONKIT.SANITIZED.SANITIZED_EU_STAGE/${runPrefix})`,
    );
  });

  it("fails a job spec resolved for another region", () => {
    expect(loadDag(manifestOf(), { HARNESS_SPEC_REGION: "us" }).tasks.find((t) => t.full_id === "eu.sanitize")!.rendered.steps.error).toMatch(
      /\/rk\/eu\/spark\/jobs\/sanitize: spec is for job 'sanitize' in 'us' \('eu-central-1'\), expected 'sanitize' in 'eu' \('eu-central-1'\)/,
    );
  });

  it("fails a job spec with a conf key spark-submit would drop", () => {
    const rendered = loadDag(manifestOf(), { HARNESS_SPEC_CONF: JSON.stringify({ "hoodie.table.name": "block" }) }).tasks.find((t) => t.full_id === "eu.sanitize")!.rendered;
    expect(rendered.steps.error).toMatch(/eu\/sanitize: sparkConf keys \['hoodie.table.name'\] are not spark\.\* keys/);
  });

  it("creates the tasks of a new region without a change to the DAG", () => {
    const added = loadDag(manifestWithRegion(NEW_REGION_YAML)).tasks.filter((t) => t.group === "ch" || t.dag_id === "regionkit_streaming_ch");
    expect(added.filter((t) => t.region_name).map((t) => t.region_name)).toEqual(SPARK_JOBS.map(() => "eu-central-2"));
  });
});
