"""regionkit example DAG: every Spark job in every region, one task each.

Airflow only orchestrates. Each task asks one region's own EMR cluster to run a
job there; the data never passes through Airflow. Which cluster, AWS region and
job specification a task uses comes from the region routing table
(regions/routing.ts), which the central stack ships beside this file as
routing/regions.json, so adding a region to the manifest adds its tasks here
without editing this file.

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
existing environment variable takes precedence.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowSkipException
from airflow.providers.amazon.aws.hooks.base_aws import AwsBaseHook
from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator

ROUTING_TABLE_SCHEMA_VERSION = 1
ROUTING_TABLE = os.environ.get(
    "REGIONKIT_ROUTING_TABLE",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "routing", "regions.json"),
)
# Runs per workspace through the onboarding DAG (end of this file), never on the daily schedule.
ONBOARD_JOB = "onboard-embeddings"
# Runs first in each region: the other jobs read the lake it writes.
INGEST_JOB = "cdc-ingest"


def load_routes(path: str = ROUTING_TABLE) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        table = json.load(f)
    version = table.get("schemaVersion")
    if version != ROUTING_TABLE_SCHEMA_VERSION:
        raise ValueError(f"{path}: routing table schemaVersion {version!r}, this DAG reads {ROUTING_TABLE_SCHEMA_VERSION}")
    return table["regions"]


ROUTES = {route["id"]: route for route in load_routes()}


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


def job_steps(region_id: str, job: str) -> list[dict]:
    """Template macro: the EMR step that runs one job (the same arguments as constructs/spark sparkSubmitArgs)."""
    spec = job_spec(region_id, job)
    conf = [arg for key, value in spec["sparkConf"].items() for arg in ("--conf", f"{key}={value}")]
    args = ["spark-submit", "--deploy-mode", "cluster", *conf, spec["entrypoint"], *spec["args"]]
    return [{"Name": f"regionkit-{job}", "ActionOnFailure": "CONTINUE", "HadoopJarStep": {"Jar": "command-runner.jar", "Args": args}}]


def job_role(region_id: str, job: str) -> str:
    """Template macro: the runtime role the job's step runs as."""
    return job_spec(region_id, job)["executionRoleArn"]


with DAG(
    dag_id="regionkit_regional_jobs",
    description="Spark jobs in every region, each on its own region's EMR cluster",
    schedule="@daily",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    user_defined_macros={"cluster_id": cluster_id, "job_steps": job_steps, "job_role": job_role},
    render_template_as_native_obj=True,
    tags=["regionkit"],
) as dag:
    for region_id, route in ROUTES.items():
        tasks = {}
        for job in route["jobSpecs"]:
            if job == ONBOARD_JOB:
                continue  # per workspace, gated: the onboarding DAG below
            tasks[job] = EmrAddStepsOperator(
                task_id=f"{job}_{region_id}",
                job_flow_id=f"{{{{ cluster_id({region_id!r}) }}}}",
                steps=f"{{{{ job_steps({region_id!r}, {job!r}) }}}}",
                execution_role_arn=f"{{{{ job_role({region_id!r}, {job!r}) }}}}",
                aws_conn_id=aws_conn_id(route),
                region_name=route["awsRegion"],
                wait_for_completion=True,
            )
        if INGEST_JOB in tasks:
            for job, task in tasks.items():
                if job != INGEST_JOB:
                    tasks[INGEST_JOB] >> task


# AI onboarding. When workspaces become eligible for AI features, their existing content is embedded
# into their region's vector store by the onboard-embeddings job. Trigger this DAG with
# {"workspaces": ["<workspace id>", ...]}: it has one task per region, and each is gated by the rule
# of WorkspaceRegions.assertWorkspaceInRegion (regions/workspace-region.ts): a workspace is embedded
# only by the task of its active region, as the central workspace -> region table says when the task
# runs, and by no task while it migrates. Workspaces the gate refuses are logged; a region left with
# none is skipped.
WORKSPACE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
log = logging.getLogger(__name__)


def load_workspace_table(path: str = ROUTING_TABLE) -> dict:
    """Name and AWS region of the central workspace -> region table, from the routing table."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)["workspaceRegionTable"]


WORKSPACE_TABLE = load_workspace_table()


def onboarding_refusal(item: dict | None, region_id: str) -> str | None:
    """Why a workspace may not be onboarded in region_id now, or None: the TypeScript gate's rule."""
    if item is None:
        return "it has no entry in the workspace -> region table"
    if item.get("active_region") != region_id:
        return f"its active region is {item.get('active_region')}; run it there"
    if item.get("migration_state") != "active":
        return f"it is migrating from {item.get('source_region')} to {item.get('target_region')}; run it after the migration completes"
    return None


def read_workspace_entry(workspace_id: str) -> dict | None:
    """One entry of the central table (read with the execution role, in the central AWS region)."""
    dynamodb = AwsBaseHook(aws_conn_id="aws_default", client_type="dynamodb", region_name=WORKSPACE_TABLE["awsRegion"]).get_conn()
    found = dynamodb.get_item(TableName=WORKSPACE_TABLE["name"], Key={"workspace_id": {"S": workspace_id}}, ConsistentRead=True).get("Item")
    return None if found is None else {key: next(iter(value.values())) for key, value in found.items()}


def onboarding_steps(region_id: str, workspace_ids: list) -> list[dict]:
    """Template macro: the onboard-embeddings step for the workspaces the gate admits in this region."""
    bad = [w for w in workspace_ids if not isinstance(w, str) or not WORKSPACE_ID.match(w)]
    if bad:
        raise ValueError(f"not canonical workspace ids (lower-case UUIDs such as 3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71): {bad}")
    admitted = []
    for workspace_id in workspace_ids:
        refusal = onboarding_refusal(read_workspace_entry(workspace_id), region_id)
        if refusal is None:
            admitted.append(workspace_id)
        else:
            log.info("not onboarding workspace %s in region %s: %s", workspace_id, region_id, refusal)
    if not admitted:
        raise AirflowSkipException(f"no workspace to onboard in region {region_id}")
    steps = job_steps(region_id, ONBOARD_JOB)
    steps[0]["HadoopJarStep"]["Args"] += ["--workspace-ids", ",".join(admitted)]
    return steps


with DAG(
    dag_id="regionkit_onboard_embeddings",
    description="Embed the existing content of newly eligible workspaces, each in its active region only",
    schedule=None,
    start_date=datetime(2025, 1, 1),
    catchup=False,
    params={"workspaces": []},
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    user_defined_macros={"cluster_id": cluster_id, "onboarding_steps": onboarding_steps, "job_role": job_role},
    render_template_as_native_obj=True,
    tags=["regionkit", "onboarding"],
) as onboarding_dag:
    for region_id, route in ROUTES.items():
        EmrAddStepsOperator(
            task_id=f"{ONBOARD_JOB}_{region_id}",
            job_flow_id=f"{{{{ cluster_id({region_id!r}) }}}}",
            steps=f"{{{{ onboarding_steps({region_id!r}, params.workspaces) }}}}",
            execution_role_arn=f"{{{{ job_role({region_id!r}, {ONBOARD_JOB!r}) }}}}",
            aws_conn_id=aws_conn_id(route),
            region_name=route["awsRegion"],
            wait_for_completion=True,
        )
