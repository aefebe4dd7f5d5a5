"""Loads a DAG file with stand-ins for the Airflow modules it imports and prints what it built, as JSON.

Usage: python3 dag_harness.py <dag file>   (REGIONKIT_ROUTING_TABLE names the routing table to read)

Templated fields are rendered with Jinja2's native environment, as Airflow does with
`render_template_as_native_obj=True`, for a run whose `ts_nodash` is HARNESS_TS_NODASH.
"""

import json
import os
import runpy
import sys
import types

from jinja2.nativetypes import NativeEnvironment

dags = []
tasks = []
hook_calls = []
current = {"dag": None, "groups": []}
TEMPLATED = ("job_flow_id", "steps", "execution_role_arn", "sql")
TS_NODASH = os.environ.get("HARNESS_TS_NODASH", "20260102T000000")


class DAG:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.dag_id = kwargs["dag_id"]
        dags.append(self)

    def __enter__(self):
        current["dag"] = self
        return self

    def __exit__(self, *exc):
        current["dag"] = None
        return False


class TaskGroup:
    def __init__(self, group_id, **kwargs):
        self.group_id = group_id

    def __enter__(self):
        current["groups"].append(self.group_id)
        return self

    def __exit__(self, *exc):
        current["groups"].pop()
        return False


class Operator:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.kind = type(self).__name__
        self.dag = current["dag"]
        self.group = ".".join(current["groups"]) or None
        # Airflow prefixes a task id with its group ids.
        self.full_id = ".".join([*current["groups"], kwargs["task_id"]])
        self.downstream = []
        tasks.append(self)

    def __rshift__(self, other):
        self.downstream.append(other.full_id)
        return other


class EmrAddStepsOperator(Operator):
    pass


class SQLExecuteQueryOperator(Operator):
    pass


SPEC_REGION = os.environ.get("HARNESS_SPEC_REGION")
SPEC_CONF = json.loads(os.environ.get("HARNESS_SPEC_CONF", '{"spark.a": "1"}'))


class AwsBaseHook:
    """Returns an SSM client that answers cluster-id and job-spec parameters the way a region publishes them."""

    def __init__(self, **kwargs):
        hook_calls.append(kwargs)
        self.region_name = kwargs["region_name"]

    def get_conn(self):
        region_name = self.region_name

        class Ssm:
            def get_parameter(self, Name):
                parts = Name.split("/")  # ["", ns, region, "spark", "jobs", job] or ["", ns, region, "spark", "cluster-id"]
                if parts[-1] == "cluster-id":
                    return {"Parameter": {"Value": f"j-{parts[2].upper()}"}}
                spec = {
                    "name": parts[-1],
                    "region": SPEC_REGION or parts[2],
                    "awsRegion": region_name,
                    "cluster": f"rk-{parts[2]}-spark",
                    "executionRoleArn": f"arn:aws:iam::000000000000:role/{parts[-1]}",
                    "entrypoint": "s3://artifacts/job.py",
                    "args": ["--table", "block"],
                    "sparkConf": SPEC_CONF,
                }
                return {"Parameter": {"Value": json.dumps(spec)}}

        return Ssm()


def module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m


module("airflow", DAG=DAG)
for name in [
    "airflow.providers",
    "airflow.providers.amazon",
    "airflow.providers.amazon.aws",
    "airflow.providers.amazon.aws.hooks",
    "airflow.providers.amazon.aws.operators",
    "airflow.providers.common",
    "airflow.providers.common.sql",
    "airflow.providers.common.sql.operators",
    "airflow.utils",
]:
    module(name)
module("airflow.providers.amazon.aws.hooks.base_aws", AwsBaseHook=AwsBaseHook)
module("airflow.providers.amazon.aws.operators.emr", EmrAddStepsOperator=EmrAddStepsOperator)
module("airflow.providers.common.sql.operators.sql", SQLExecuteQueryOperator=SQLExecuteQueryOperator)
module("airflow.utils.task_group", TaskGroup=TaskGroup)

dag_globals = runpy.run_path(sys.argv[1])


def render(task):
    """The task's templated fields for one run, or the error rendering raised."""
    macros = task.dag.kwargs.get("user_defined_macros", {})
    env = NativeEnvironment()
    out = {}
    for field in TEMPLATED:
        if field in task.kwargs:
            try:
                out[field] = env.from_string(task.kwargs[field]).render(ts_nodash=TS_NODASH, **macros)
            except ValueError as e:
                out[field] = {"error": str(e)}
    return out



print(
    json.dumps(
        {
            "dags": [{**{k: v for k, v in d.kwargs.items() if k != "user_defined_macros"}, "schedule": str(d.kwargs.get("schedule")), "dagrun_timeout": str(d.kwargs.get("dagrun_timeout"))} for d in dags],
            "tasks": [
                {
                    **t.kwargs,
                    "kind": t.kind,
                    "dag_id": t.dag.dag_id,
                    "group": t.group,
                    "full_id": t.full_id,
                    "downstream": t.downstream,
                    "rendered": render(t) if (t.dag.dag_id.endswith("_eu") or t.group == "eu") else None,
                }
                for t in tasks
            ],
            "hookCalls": hook_calls,
            "connections": {k: json.loads(v) for k, v in os.environ.items() if k.startswith("AIRFLOW_CONN_AWS_")},
        },
        default=str,
    )
)
