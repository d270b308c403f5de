"""The example Airflow DAG (conf/airflow/proactive_daily.py) without Airflow.

Airflow is not installed where the build runs, so the DAG file is loaded with stub ``airflow``
modules in sys.modules that record what the file builds: the DAG, each task's operator and
arguments, and the ``>>`` edges. The tests check the task order and the exact commands the tasks
would run for one ds; the local mode's command is run for real in bash, against a stand-in
launcher, to check what Airflow would push to XCom and the exit code it would see.

Run by AirflowDagTest (``mvn verify``): ``python3 proactive_daily_test.py`` with PROACTIVE_DAG set
to the DAG file.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import subprocess
import sys
import tempfile
import types
import unittest
from unittest import mock

sys.dont_write_bytecode = True  # loading the DAG must leave no __pycache__ beside it

DAG_FILE = pathlib.Path(
    os.environ.get("PROACTIVE_DAG")
    or pathlib.Path(__file__).resolve().parents[4] / "conf" / "airflow" / "proactive_daily.py"
)
DS = "2024-05-01"
HOME = "/opt/proactive"
VARIABLES = {
    "proactive_home": HOME,
    "proactive_input": "/data/in",
    "proactive_warehouse": "/data/wh",
    "proactive_spark_conn": "spark_cluster",
}
CONF = HOME + "/conf/proactive-defaults.conf"
CLUSTER_JAR = HOME + "/jobs/target/proactive-cluster.jar"

# Every edge the DAG must have, and no other: the order `proactive pipeline` runs the stages in,
# relaxed to what each stage reads (ingest first, report last).
EDGES = {
    ("input_ready", "ingest"),
    ("ingest", "metrics"),
    ("ingest", "impact"),
    ("ingest", "experiments"),
    ("ingest", "segments"),
    ("metrics", "hygiene"),
    ("impact", "hygiene"),
    ("hygiene", "recommendations"),
    ("recommendations", "report"),
    ("segments", "report"),
    ("experiments", "report"),
}
JOBS = ["ingest", "metrics", "impact", "experiments", "hygiene", "recommendations", "segments", "report"]


class StubDag:
    """airflow.DAG: a context manager that collects the operators created inside it."""

    current = None

    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = {}

    def __enter__(self):
        StubDag.current = self
        return self

    def __exit__(self, *exc):
        StubDag.current = None
        return False

    def edges(self):
        return {(task.task_id, child) for task in self.tasks.values() for child in task.downstream}


class StubOperator:
    """An operator: its task id and keyword arguments, registered in the open DAG; >> adds an edge."""

    def __init__(self, task_id, **kwargs):
        if StubDag.current is None:
            raise AssertionError(f"task {task_id} is created outside the DAG")
        if task_id in StubDag.current.tasks:
            raise AssertionError(f"task {task_id} is created twice")
        self.task_id = task_id
        self.kwargs = kwargs
        self.downstream = set()
        StubDag.current.tasks[task_id] = self

    def __rshift__(self, other):
        self.downstream.add(other.task_id)
        return other


class BashOperator(StubOperator):
    pass


class FileSensor(StubOperator):
    pass


class SparkSubmitOperator(StubOperator):
    pass


def stub_airflow(variables, airflow3=False):
    """The airflow modules the DAG imports, as Airflow 2 lays them out (or Airflow 3)."""
    values = dict(variables)

    class Variable:
        @staticmethod
        def get(key, default_var=None):
            return values.get(key, default_var)

    def module(name, **attributes):
        m = types.ModuleType(name)
        m.__dict__.update(attributes)
        return m

    modules = {
        "airflow": module("airflow", DAG=StubDag),
        "airflow.models": module("airflow.models", Variable=Variable),
        "airflow.providers": module("airflow.providers"),
        "airflow.providers.apache": module("airflow.providers.apache"),
        "airflow.providers.apache.spark": module("airflow.providers.apache.spark"),
        "airflow.providers.apache.spark.operators": module("airflow.providers.apache.spark.operators"),
        "airflow.providers.apache.spark.operators.spark_submit": module(
            "airflow.providers.apache.spark.operators.spark_submit",
            SparkSubmitOperator=SparkSubmitOperator,
        ),
    }
    if airflow3:
        operators, sensors = "airflow.providers.standard.operators", "airflow.providers.standard.sensors"
        modules["airflow.providers.standard"] = module("airflow.providers.standard")
    else:
        operators, sensors = "airflow.operators", "airflow.sensors"
    modules[operators] = module(operators)
    modules[operators + ".bash"] = module(operators + ".bash", BashOperator=BashOperator)
    modules[sensors] = module(sensors)
    modules[sensors + ".filesystem"] = module(sensors + ".filesystem", FileSensor=FileSensor)
    return modules


def load_dag(airflow3=False, **variables):
    """Executes the DAG file with the stubs in sys.modules; returns the DAG it built."""
    with mock.patch.dict(sys.modules, stub_airflow({**VARIABLES, **variables}, airflow3)):
        spec = importlib.util.spec_from_file_location("proactive_daily_under_test", DAG_FILE)
        dag_module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(dag_module)
    dags = [v for v in vars(dag_module).values() if isinstance(v, StubDag)]
    if len(dags) != 1:
        raise AssertionError(f"{DAG_FILE} builds {len(dags)} DAGs, expected one")
    return dags[0]


def render(value, ds=DS):
    """Airflow's templating of the one macro the DAG uses; anything else left over is an error."""
    if isinstance(value, list):
        return [render(v, ds) for v in value]
    rendered = value.replace("{{ ds }}", ds)
    if "{{" in rendered or "{%" in rendered:
        raise AssertionError(f"unexpected template in {value!r}")
    return rendered


def job_args(job, source="contract"):
    """The CLI arguments a task of the DAG must pass for DS."""
    args = [job, "--ds", DS, "--warehouse", "/data/wh", "--conf", CONF]
    if job == "ingest":
        args += ["--input", "/data/in", "--source", source]
    return args


class TaskOrderTest(unittest.TestCase):
    def test_one_task_per_job_after_the_input_sensor(self):
        dag = load_dag()
        self.assertEqual(dag.dag_id, "proactive_daily")
        self.assertEqual(set(dag.tasks), {"input_ready", *JOBS})
        self.assertEqual(dag.edges(), EDGES)

    def test_the_order_is_the_same_in_cluster_mode(self):
        dag = load_dag(proactive_mode="cluster")
        self.assertEqual(dag.edges(), EDGES)
        self.assertTrue(all(isinstance(dag.tasks[job], SparkSubmitOperator) for job in JOBS))

    def test_one_run_at_a_time_with_retries(self):
        dag = load_dag()
        self.assertEqual(dag.kwargs["max_active_runs"], 1)
        self.assertEqual(dag.kwargs["default_args"]["retries"], 2)


class LocalCommandsTest(unittest.TestCase):
    def test_each_job_runs_the_launcher_with_its_arguments(self):
        dag = load_dag()
        for job in JOBS:
            with self.subTest(job=job):
                task = dag.tasks[job]
                self.assertIsInstance(task, BashOperator)
                self.assertEqual(
                    render(task.kwargs["bash_command"]),
                    'out="$(mktemp)"; rc=0; '
                    f'"{HOME}/proactive" {" ".join(job_args(job))} > "$out" || rc=$?; '
                    'tail -n 1 "$out"; rm -f "$out"; exit "$rc"',
                )
                self.assertTrue(task.kwargs["do_xcom_push"])

    def test_ingest_reads_the_source_given(self):
        dag = load_dag(proactive_source="intercom")
        self.assertIn(
            " ".join(job_args("ingest", source="intercom")),
            render(dag.tasks["ingest"].kwargs["bash_command"]),
        )

    def test_the_last_line_airflow_reads_is_the_summary_and_the_exit_code_is_the_jobs(self):
        # Airflow's subprocess hook runs bash_command with stderr merged into stdout and pushes the
        # last line to XCom: run it the same way against a launcher that logs to stderr.
        with tempfile.TemporaryDirectory() as home:
            launcher = pathlib.Path(home, "proactive")
            launcher.write_text(
                "#!/usr/bin/env bash\n"
                'printf "%s\\n" "$@" > "$(dirname "$0")/args"\n'
                'echo "INFO a log line" >&2\n'
                'echo "some output"\n'
                'echo \'{"job":"metrics","status":"quality_gate_failed","exit_code":3}\'\n'
                'echo "WARN a last log line" >&2\n'
                "exit 3\n"
            )
            launcher.chmod(0o755)
            dag = load_dag(proactive_home=home)
            result = subprocess.run(
                ["bash", "-c", render(dag.tasks["metrics"].kwargs["bash_command"])],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=30,
            )
            self.assertEqual(result.returncode, 3, result.stdout)
            self.assertEqual(
                result.stdout.splitlines()[-1],
                '{"job":"metrics","status":"quality_gate_failed","exit_code":3}',
            )
            self.assertEqual(
                pathlib.Path(home, "args").read_text().splitlines(),
                ["metrics", "--ds", DS, "--warehouse", "/data/wh", "--conf", home + "/conf/proactive-defaults.conf"],
            )


class ClusterCommandsTest(unittest.TestCase):
    def test_each_job_is_submitted_with_the_thin_jar_and_delta(self):
        dag = load_dag(proactive_mode="cluster")
        for job in JOBS:
            with self.subTest(job=job):
                task = dag.tasks[job].kwargs
                self.assertEqual(task["conn_id"], "spark_cluster")
                self.assertEqual(task["application"], CLUSTER_JAR)
                self.assertEqual(task["java_class"], "io.proactiveinsights.cli.ProactiveCli")
                self.assertEqual(render(task["application_args"]), job_args(job))
                self.assertEqual(task["packages"], "io.delta:delta-spark_2.13:4.0.1")
                self.assertEqual(render(task["name"]), f"proactive-{job}-{DS}")


class InputSensorTest(unittest.TestCase):
    def test_ingest_waits_for_the_days_exposures_drop(self):
        sensor = load_dag().tasks["input_ready"].kwargs
        self.assertEqual(render(sensor["filepath"]), f"/data/in/exposures/ds={DS}/_SUCCESS")
        self.assertEqual(sensor["mode"], "reschedule")

    def test_from_intercom_it_waits_for_the_days_content_export(self):
        sensor = load_dag(proactive_source="intercom").tasks["input_ready"].kwargs
        self.assertEqual(render(sensor["filepath"]), f"/data/in/content/ds={DS}/_SUCCESS")

    def test_the_marker_can_be_set(self):
        sensor = load_dag(proactive_ready_marker="/data/in/_DONE_{{ ds }}").tasks["input_ready"].kwargs
        self.assertEqual(render(sensor["filepath"]), f"/data/in/_DONE_{DS}")

    def test_airflow_3_layout(self):
        dag = load_dag(airflow3=True)
        self.assertIsInstance(dag.tasks["input_ready"], FileSensor)
        self.assertIsInstance(dag.tasks["ingest"], BashOperator)


if __name__ == "__main__":
    unittest.main(verbosity=2)
