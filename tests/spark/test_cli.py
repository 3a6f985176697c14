"""The job as users start it: plain python3 (local[*]) and spark-submit (its --master wins)."""

import json
import os
import subprocess
import sys

from conftest import ROOT, by_uuid, read_records
from test_messy import expected, make_dump

PREPARE = os.path.join(ROOT, "spark", "prepare.py")
SUBMIT = os.path.join(os.path.dirname(sys.executable), "spark-submit")


def env():
    """The environment for a child job: small, quiet, no UI."""
    e = dict(os.environ)
    e["PYSPARK_PYTHON"] = sys.executable
    e["SPARK_LOCAL_IP"] = "127.0.0.1"
    # Read by pyspark when plain python starts the JVM: fewer tasks for tiny data.
    e["PYSPARK_SUBMIT_ARGS"] = ("--conf spark.ui.enabled=false "
                                "--conf spark.sql.shuffle.partitions=4 "
                                "--conf spark.sql.sources.parallelPartitionDiscovery.threshold"
                                "=100000 pyspark-shell")
    return e


def test_plain_python_session_is_local():
    """Without spark-submit (and without a master in the defaults): local[*].

    The whole job through main() runs in test_spark_submit_master_wins; here only
    the session, to save a second cold JVM and job."""
    code = ("import sys; sys.path.insert(0, %r); import prepare; "
            "s = prepare.session(); print('master=' + s.sparkContext.master); s.stop()"
            % os.path.dirname(PREPARE))
    p = subprocess.run([sys.executable, "-c", code], env=env(), capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    assert "master=local[*]" in p.stdout


def test_spark_submit_master_wins(tmp_path):
    raw, out = str(tmp_path / "raw"), str(tmp_path / "out")
    make_dump(raw)
    p = subprocess.run([SUBMIT, "--master", "local[1]", "--conf", "spark.ui.enabled=false",
                        "--conf", "spark.sql.shuffle.partitions=4",
                        "--conf", "spark.sql.sources.parallelPartitionDiscovery.threshold=100000",
                        PREPARE, "--raw", raw, "--out", out, "--parts", "2"],
                       env=env(), capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    # spark-submit's PythonRunner merges the driver's stderr into its stdout.
    assert "prepare: 2 records, 4 images" in p.stdout + p.stderr
    with open(out + ".report.json") as f:
        rep = json.load(f)
    assert rep["master"] == "local[1]"
    assert rep["skipped"]["item_row_duplicate"] == 2
    # At most 2: a part file whose hash partition got no uuid is not written.
    assert 1 <= rep["written"]["part_files"] <= 2
    assert by_uuid(read_records(out)) == expected(raw)


def test_bad_arguments():
    p = subprocess.run([sys.executable, PREPARE, "--raw", "x"], env=env(),
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert "--out" in p.stderr
    p = subprocess.run([sys.executable, PREPARE, "--raw", "x", "--out", "y", "--parts", "0"],
                       env=env(), capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert "--parts must be at least 1" in p.stderr
