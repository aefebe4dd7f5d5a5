"""regionkit example DAGs: every Spark job in every region, each on its own region's EMR cluster.

Airflow only orchestrates. Each task asks one region's own EMR cluster to run a
job there; the data never passes through Airflow. Which cluster, AWS region and
job specification a task uses comes from the region routing table
(regions/routing.ts), which the central stack ships beside this file as
routing/regions.json, so adding a region to the manifest adds its tasks here
without editing this file.

Two kinds of DAG:
- `regionkit_streaming_<region id>`, one per region, every
  `streamingIntervalMinutes`: the jobs that consume Kafka (`mode: streaming`,
  CDC ingest and embeddings) run with Spark's availableNow trigger: each run
  reads what arrived since its checkpoint and ends. One DAG per region, so a
  slow or failing region never holds back another region's next run
  (`max_active_runs=1` is per DAG). A run waits for its steps to end and has no
  timeout, so a job never has two steps on one checkpoint.
- `regionkit_regional_jobs`, daily: the batch jobs, one task group per region
  with no edge between groups, so one region's failure does not stop another's
  tasks. After each region's sanitize run, `load_sanitized` copies exactly that
  run's files (`runs/<ts_nodash>/` under the export) into the region's landing
  table in the warehouse. Nothing else would load them: S3 event notifications
  cannot reach the warehouse across AWS regions and accounts, and a pipe without
  auto-ingest only loads when asked. COPY INTO is synchronous (the task fails
  when the load fails) and idempotent (Snowflake skips files it has loaded), so
  a retry is safe.

When a task runs (not when the DAG is parsed) it reads, from the region's SSM
parameters named in the routing table, the cluster id and the job's
specification (constructs/spark `JobSpec` as JSON), refuses a spec made for
another region, and submits one `spark-submit` step that runs as the job's own
runtime role.

AWS access: each region's tasks use the Airflow connection `aws_<region id>`,
which assumes the region's orchestrator-access role (routing table
`emrCluster.orchestratorRoleArn`) from the execution role, so regions in other
AWS accounts work the same way. This file defines the connections as
environment variables; a connection of the same id from a secrets backend or an
existing environment variable takes precedence. The warehouse load uses the
connection `snowflake_warehouse` (role `<NS>_SANITIZED_LOADER`), which the
operator defines.
"""

from __future__ import annotations

import functools
import json
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.amazon.aws.hooks.base_aws import AwsBaseHook
from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.utils.task_group import TaskGroup

ROUTING_TABLE_SCHEMA_VERSION = 1
ROUTING_TABLE = os.environ.get(
    "REGIONKIT_ROUTING_TABLE",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "routing", "regions.json"),
)
SANITIZE_JOB = "sanitize"
STEP_POLL_SECONDS = 30
STEP_MAX_HOURS = 24
WAREHOUSE_CONN_ID = "snowflake_warehouse"
# Where in the export one daily sanitize run writes (relative to the export path, which is the stage's URL):
# the same prefix as a template and as an expression inside another template's {{ }}.
RUN_PREFIX = "runs/{{ ts_nodash }}/"
RUN_PREFIX_EXPR = "'runs/' ~ ts_nodash ~ '/'"


def load_routes(path: str = ROUTING_TABLE) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        table = json.load(f)
    version = table.get("schemaVersion")
    if version != ROUTING_TABLE_SCHEMA_VERSION:
        raise ValueError(f"{path}: routing table schemaVersion {version!r}, this DAG reads {ROUTING_TABLE_SCHEMA_VERSION}")
    return table


TABLE = load_routes()
ROUTES = {route["id"]: route for route in TABLE["regions"]}


def aws_conn_id(route: dict) -> str:
    return "aws_" + route["id"].replace("-", "_")


def register_connection(route: dict) -> None:
    """`aws_<id>`: assume the region's orchestrator-access role, in the region's AWS region."""
    extra = {"role_arn": route["emrCluster"]["orchestratorRoleArn"], "region_name": route["awsRegion"]}
    os.environ.setdefault("AIRFLOW_CONN_" + aws_conn_id(route).upper(), json.dumps({"conn_type": "aws", "extra": extra}))


for _route in ROUTES.values():
    register_connection(_route)


@functools.lru_cache(maxsize=None)
def read_parameter(region_id: str, name: str) -> str:
    route = ROUTES[region_id]
    ssm = AwsBaseHook(aws_conn_id=aws_conn_id(route), client_type="ssm", region_name=route["awsRegion"]).get_conn()
    return ssm.get_parameter(Name=name)["Parameter"]["Value"]


def cluster_id(region_id: str) -> str:
    """Template macro: the region's EMR cluster id."""
    return read_parameter(region_id, ROUTES[region_id]["emrCluster"]["idParameter"]["parameter"])


def job_spec(region_id: str, job: str) -> dict:
    route = ROUTES[region_id]
    parameter = route["jobSpecs"][job]["parameter"]
    spec = json.loads(read_parameter(region_id, parameter))
    # A spec names the region it was resolved for; running it anywhere else would move data across regions.
    if spec.get("region") != region_id or spec.get("awsRegion") != route["awsRegion"] or spec.get("name") != job:
        raise ValueError(
            f"{parameter}: spec is for job {spec.get('name')!r} in {spec.get('region')!r} ({spec.get('awsRegion')!r}), "
            f"expected {job!r} in {region_id!r} ({route['awsRegion']!r})"
        )
    return spec


def job_steps(region_id: str, job: str, run_prefix: str | None = None) -> list[dict]:
    """Template macro: the EMR step that runs one job (the same arguments as constructs/spark sparkSubmitArgs)."""
    spec = job_spec(region_id, job)
    foreign = [key for key in spec["sparkConf"] if not key.startswith("spark.")]
    if foreign:
        # spark-submit would drop them silently.
        raise ValueError(f"{region_id}/{job}: sparkConf keys {foreign} are not spark.* keys")
    conf = [arg for key, value in spec["sparkConf"].items() for arg in ("--conf", f"{key}={value}")]
    args = ["spark-submit", "--deploy-mode", "cluster", *conf, spec["entrypoint"], *spec["args"]]
    if run_prefix is not None:
        args += ["--run-prefix", run_prefix]
    return [{"Name": f"regionkit-{job}", "ActionOnFailure": "CONTINUE", "HadoopJarStep": {"Jar": "command-runner.jar", "Args": args}}]


def job_role(region_id: str, job: str) -> str:
    """Template macro: the runtime role the job's step runs as."""
    return job_spec(region_id, job)["executionRoleArn"]


def jobs_of(route: dict, mode: str) -> list[str]:
    return [job for job, location in route["jobSpecs"].items() if location["mode"] == mode]


def add_step(route: dict, job: str, task_id: str, run_prefix_expr: str | None = None) -> EmrAddStepsOperator:
    region_id = route["id"]
    steps = f"job_steps({region_id!r}, {job!r})" if run_prefix_expr is None else f"job_steps({region_id!r}, {job!r}, {run_prefix_expr})"
    return EmrAddStepsOperator(
        task_id=task_id,
        job_flow_id=f"{{{{ cluster_id({region_id!r}) }}}}",
        steps="{{ " + steps + " }}",
        execution_role_arn=f"{{{{ job_role({region_id!r}, {job!r}) }}}}",
        aws_conn_id=aws_conn_id(route),
        region_name=route["awsRegion"],
        # Wait as long as a step can run: a task that stopped waiting while its step runs on would let the next
        # run submit a second step on the same checkpoint and Hudi tables (one writer only).
        wait_for_completion=True,
        waiter_delay=STEP_POLL_SECONDS,
        waiter_max_attempts=STEP_MAX_HOURS * 3600 // STEP_POLL_SECONDS,
    )


def load_sanitized_sql(route: dict) -> str:
    """COPY the files of one sanitize run into the region's landing table; the stage's URL is the export path."""
    warehouse = route["warehouse"]
    return (
        f"COPY INTO {warehouse['sanitizedTable']} (RECORD, SOURCE_FILE) "
        f"FROM (SELECT $1, METADATA$FILENAME FROM @{warehouse['sanitizedStage']}/{RUN_PREFIX})"
    )


MACROS = {"cluster_id": cluster_id, "job_steps": job_steps, "job_role": job_role}
DEFAULT_ARGS = {"retries": 2, "retry_delay": timedelta(minutes=5)}
START = datetime(2025, 1, 1)

# Streaming: one DAG per region.
for region_id, route in ROUTES.items():
    streaming = jobs_of(route, "streaming")
    if not streaming:
        continue
    interval = timedelta(minutes=TABLE["streamingIntervalMinutes"])
    with DAG(
        dag_id=f"regionkit_streaming_{region_id.replace('-', '_')}",
        description=f"Kafka-consuming Spark jobs of region {region_id} (availableNow), on its own EMR cluster",
        schedule=interval,
        start_date=START,
        catchup=False,
        # One run at a time and no run timeout: the next run starts only after this run's steps have ended, so two
        # steps never share a checkpoint. A run after a backlog takes longer and the schedule catches up by itself.
        max_active_runs=1,
        # A retry would submit a second step; the next scheduled run resumes from the checkpoint instead.
        default_args={**DEFAULT_ARGS, "retries": 0},
        user_defined_macros=MACROS,
        render_template_as_native_obj=True,
        tags=["regionkit", "streaming", region_id],
    ) as streaming_dag:
        for job in streaming:
            add_step(route, job, task_id=job)
    globals()[streaming_dag.dag_id] = streaming_dag

with DAG(
    dag_id="regionkit_regional_jobs",
    description="Daily Spark batch jobs in every region, each on its own region's EMR cluster, and the warehouse load",
    schedule="@daily",
    start_date=START,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    user_defined_macros=MACROS,
    render_template_as_native_obj=True,
    tags=["regionkit"],
) as dag:
    for region_id, route in ROUTES.items():
        # No edge leaves a group: a failed region does not stop the others.
        with TaskGroup(group_id=region_id.replace("-", "_")):
            for job in jobs_of(route, "batch"):
                if job == SANITIZE_JOB:
                    sanitize = add_step(route, job, task_id=job, run_prefix_expr=RUN_PREFIX_EXPR)
                    load = SQLExecuteQueryOperator(task_id="load_sanitized", conn_id=WAREHOUSE_CONN_ID, sql=load_sanitized_sql(route))
                    sanitize >> load
                else:
                    add_step(route, job, task_id=job)
