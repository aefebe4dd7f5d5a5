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


class AwsBaseHook:
    """Returns an SSM client whose parameters hold one EMR step each."""

    def __init__(self, **kwargs):
        hook_calls.append(kwargs)

    def get_conn(self):
        class Ssm:
            def get_parameter(self, Name):
                step = {"Name": Name, "ActionOnFailure": "CONTINUE", "HadoopJarStep": {"Jar": "command-runner.jar", "Args": ["spark-submit"]}}
                return {"Parameter": {"Value": json.dumps(step)}}

        return Ssm()


def module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m


module("airflow", DAG=DAG)
for name in ["airflow.providers", "airflow.providers.amazon", "airflow.providers.amazon.aws", "airflow.providers.amazon.aws.hooks", "airflow.providers.amazon.aws.operators"]:
    module(name)
module("airflow.providers.amazon.aws.hooks.base_aws", AwsBaseHook=AwsBaseHook)
module("airflow.providers.amazon.aws.operators.emr", EmrAddStepsOperator=EmrAddStepsOperator)

dag_globals = runpy.run_path(sys.argv[1])
macro = dag_globals["job_steps"]("eu", "sanitize")
print(
    json.dumps(
        {
            "tasks": [{**t.kwargs, "downstream": t.downstream} for t in tasks],
            "macroSteps": macro,
            "hookCalls": hook_calls,
            "connections": {k: json.loads(v) for k, v in os.environ.items() if k.startswith("AIRFLOW_CONN_AWS_")},
        }
    )
)
