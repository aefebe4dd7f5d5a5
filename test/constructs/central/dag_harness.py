"""Loads a DAG file with stand-ins for the Airflow modules it imports and prints what it built, as JSON.

Usage: python3 dag_harness.py <dag file>   (REGIONKIT_ROUTING_TABLE names the routing table to read)
"""

import json
import os
import runpy
import sys
import types

tasks = []
hook_calls = []


class DAG:
    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class EmrAddStepsOperator:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.downstream = []
        tasks.append(self)

    def __rshift__(self, other):
        self.downstream.append(other.kwargs["task_id"])
        return other


SPEC_REGION = os.environ.get("HARNESS_SPEC_REGION")
# Entries of the workspace -> region table, by workspace id, as plain values (the onboarding gate reads them).
WORKSPACES = json.loads(os.environ.get("HARNESS_WORKSPACES", "{}"))


class AirflowSkipException(Exception):
    pass


class AwsBaseHook:
    """Returns an SSM client that answers cluster-id and job-spec parameters the way a region publishes them."""

    def __init__(self, **kwargs):
        hook_calls.append(kwargs)
        self.region_name = kwargs["region_name"]
        self.client_type = kwargs.get("client_type")

    def get_conn(self):
        region_name = self.region_name
        if self.client_type == "dynamodb":

            class DynamoDb:
                def get_item(self, TableName, Key, ConsistentRead):
                    item = WORKSPACES.get(Key["workspace_id"]["S"])
                    return {} if item is None else {"Item": {k: {"N" if isinstance(v, int) else "S": v} for k, v in item.items()}}

            return DynamoDb()

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
                    "sparkConf": {"spark.a": "1"},
                }
                return {"Parameter": {"Value": json.dumps(spec)}}

        return Ssm()


def module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m


module("airflow", DAG=DAG)
module("airflow.exceptions", AirflowSkipException=AirflowSkipException)
for name in ["airflow.providers", "airflow.providers.amazon", "airflow.providers.amazon.aws", "airflow.providers.amazon.aws.hooks", "airflow.providers.amazon.aws.operators"]:
    module(name)
module("airflow.providers.amazon.aws.hooks.base_aws", AwsBaseHook=AwsBaseHook)
module("airflow.providers.amazon.aws.operators.emr", EmrAddStepsOperator=EmrAddStepsOperator)

dag_globals = runpy.run_path(sys.argv[1])
try:
    macros = {
        "clusterId": dag_globals["cluster_id"]("eu"),
        "steps": dag_globals["job_steps"]("eu", "sanitize"),
        "role": dag_globals["job_role"]("eu", "sanitize"),
    }
except ValueError as e:
    macros = {"error": str(e)}
# The onboarding macro of every region for the workspaces in HARNESS_ONBOARD (admitted ids, a skip, or an error).
onboarding = {}
for region_id in dag_globals["ROUTES"] if "HARNESS_ONBOARD" in os.environ else []:
    try:
        args = dag_globals["onboarding_steps"](region_id, json.loads(os.environ["HARNESS_ONBOARD"]))[0]["HadoopJarStep"]["Args"]
        onboarding[region_id] = {"admitted": args[args.index("--workspace-ids") + 1].split(",")}
    except AirflowSkipException as e:
        onboarding[region_id] = {"skipped": str(e)}
    except ValueError as e:
        onboarding[region_id] = {"error": str(e)}
print(
    json.dumps(
        {
            "tasks": [{**t.kwargs, "downstream": t.downstream} for t in tasks],
            "macros": macros,
            "onboarding": onboarding,
            "hookCalls": hook_calls,
            "connections": {k: json.loads(v) for k, v in os.environ.items() if k.startswith("AIRFLOW_CONN_AWS_")},
        }
    )
)
