"""proactive-insights, daily: one Airflow task per job for the logical date {{ ds }}.

Copy this file into your DAGs folder and set the Airflow Variables below (or keep the defaults).

Two ways to run the same jobs, chosen by the Variable ``proactive_mode``:

* ``local`` (default): a BashOperator runs the ``./proactive`` launcher (the runnable jar, Spark in
  local mode on the Airflow worker). The job's last stdout line is its one-line JSON summary, and a
  BashOperator pushes the last line it reads to XCom by default (``do_xcom_push=True``): downstream
  tasks read it with ``ti.xcom_pull(task_ids="metrics")``. The launcher's logs go to stderr, and
  Airflow's subprocess hook merges stderr into the same stream, so the command keeps stdout in a file
  and prints only its last line at the end: the summary is then the last line Airflow sees.
* ``cluster``: a SparkSubmitOperator submits the thin job jar (built by ``mvn package``) to the Spark
  connection ``proactive_spark_conn`` (standalone, YARN or Kubernetes: the connection's host is the
  master URL). SparkSubmitOperator pushes nothing to XCom; the summary line is in the task log (client
  deploy mode) or the driver log (cluster deploy mode). See docs/cluster.md.

Every task is idempotent: a run for ds D replaces partition ds = D of the tables it writes and
nothing else, so retries, reruns and ``airflow dags backfill`` are safe in any order. Exit codes:
0 done, 1 failed (worth a retry), 2 bad usage or config, 3 data quality gate failed (the outputs
are written; look at ``proactive show quarantine --ds D``). Airflow retries any non-zero exit; 2 and
3 fail again the same way, which only costs the retry delay.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable

try:  # Airflow 3 moved the core operators into the standard provider.
    from airflow.providers.standard.operators.bash import BashOperator
    from airflow.providers.standard.sensors.filesystem import FileSensor
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator
    from airflow.sensors.filesystem import FileSensor

# Where things are; each one an Airflow Variable with a default. (Variable.get at parse time costs a
# metadata-database read per DAG parse; environment variables work the same way if that matters.)
MODE = Variable.get("proactive_mode", default_var="local")  # "local" or "cluster"
PROACTIVE = Variable.get("proactive_home", default_var="/opt/proactive-insights")  # the repository clone
INPUT = Variable.get("proactive_input", default_var="/data/proactive/input")
# What the input folder holds: "contract" (one sub-folder per table, README "Inputs") or "intercom"
# (Intercom's exports as Intercom and the common loaders give them, docs/intercom.md).
SOURCE = Variable.get("proactive_source", default_var="contract")
WAREHOUSE = Variable.get("proactive_warehouse", default_var="/data/proactive/warehouse")
CONF = Variable.get("proactive_conf", default_var=PROACTIVE + "/conf/proactive-defaults.conf")
# Cluster mode: the thin job jar, the Spark connection, and the Delta package the cluster loads.
CLUSTER_JAR = Variable.get("proactive_cluster_jar", default_var=PROACTIVE + "/jobs/target/proactive-cluster.jar")
SPARK_CONN = Variable.get("proactive_spark_conn", default_var="spark_default")
DELTA_PACKAGE = "io.delta:delta-spark_2.13:4.0.1"

# The jobs, in the order `proactive pipeline` runs them (the Stage enum), and what each one reads:
# metrics, impact and segments read ingest's bronze tables; experiments reads them and the
# assignments earlier days' segments runs made; hygiene reads message_stats (metrics)
# and topic_impact (impact); recommendations read hygiene's message_facts and hygiene_flags; the
# report reads every output table.
JOBS = ["ingest", "metrics", "impact", "experiments", "hygiene", "recommendations", "segments", "report"]
UPSTREAM = {
    "metrics": ["ingest"],
    "impact": ["ingest"],
    "experiments": ["ingest"],
    "segments": ["ingest"],
    "hygiene": ["metrics", "impact"],
    "recommendations": ["hygiene"],
    "report": ["recommendations", "segments", "experiments"],
}

default_args = {
    "owner": "data",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "execution_timeout": timedelta(hours=2),
}


# The event export each day's run waits for. Event tables arrive as daily drops,
# <table>/ds=YYYY-MM-DD/ (the day the drop was exported), and a run for ds D reads the drops with
# ds <= D: the run for D waits for D's drop of the exposures (for Intercom, of the content export),
# finished when its _SUCCESS marker is there (Spark and Hadoop writers leave one; ingest skips
# files whose name starts with _). Change the Variable if your export marks a finished day another
# way; the path is templated and may be a glob.
READY_FOLDER = "content" if SOURCE == "intercom" else "exposures"
READY_MARKER = Variable.get(
    "proactive_ready_marker", default_var=INPUT + "/" + READY_FOLDER + "/ds={{ ds }}/_SUCCESS"
)


def job_args(job: str) -> list[str]:
    """The job's command-line arguments; only ingest reads the input folder."""
    args = [job, "--ds", "{{ ds }}", "--warehouse", WAREHOUSE, "--conf", CONF]
    if job == "ingest":
        args += ["--input", INPUT, "--source", SOURCE]
    return args


def bash_task(job: str) -> BashOperator:
    """Runs the job through the launcher; the JSON summary is the last line, pushed to XCom."""
    command = " ".join(job_args(job))
    return BashOperator(
        task_id=job,
        bash_command=(
            'out="$(mktemp)"; rc=0; '
            f'"{PROACTIVE}/proactive" {command} > "$out" || rc=$?; '
            'tail -n 1 "$out"; rm -f "$out"; exit "$rc"'
        ),
        do_xcom_push=True,
    )


def spark_submit_task(job: str):
    """Submits the job to the cluster; spark-submit's master (from the connection) wins over conf."""
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

    return SparkSubmitOperator(
        task_id=job,
        conn_id=SPARK_CONN,
        application=CLUSTER_JAR,
        java_class="io.proactiveinsights.cli.ProactiveCli",
        application_args=job_args(job),
        packages=DELTA_PACKAGE,
        name=f"proactive-{job}-{{{{ ds }}}}",
        conf={
            "spark.sql.shuffle.partitions": "64",
            "spark.sql.session.timeZone": "UTC",
        },
        executor_memory="4g",
        driver_memory="2g",
    )


with DAG(
    dag_id="proactive_daily",
    description="proactive-insights: ingest, metrics, impact, experiments, hygiene, recommendations, segments for {{ ds }}",
    start_date=datetime(2024, 1, 1),
    schedule="@daily",
    catchup=False,  # turn on (or use `airflow dags backfill`) to fill past dates; runs are idempotent
    # Runs of different ds may overlap (each replaces only its own partition; a second run of the
    # same ds stops at once with exit 1 and is retried): raise this to backfill days in parallel.
    # On S3 that needs Delta's DynamoDB log store (docs/cluster.md). See docs/operations.md.
    max_active_runs=1,
    default_args=default_args,
    tags=["proactive-insights"],
) as dag:
    # Ingest waits for the day's drop (READY_MARKER).
    input_ready = FileSensor(
        task_id="input_ready",
        filepath=READY_MARKER,
        fs_conn_id="fs_default",
        poke_interval=300,
        timeout=6 * 60 * 60,
        mode="reschedule",
    )

    make_task = spark_submit_task if MODE == "cluster" else bash_task
    tasks = {job: make_task(job) for job in JOBS}

    input_ready >> tasks["ingest"]
    for job, upstream in UPSTREAM.items():
        for parent in upstream:
            tasks[parent] >> tasks[job]
