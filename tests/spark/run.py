#!/usr/bin/env python3
"""meson's entry to the Spark suite: pytest from the project's venv ($RUMMAGE_VENV).

./run test exports RUMMAGE_VENV (the .venv that ./run setup makes from
spark/requirements.txt); meson passes RUMMAGE, the built binary, for the
end-to-end test."""

import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
venv = os.environ.get("RUMMAGE_VENV")
if not venv:
    sys.exit("tests/spark: RUMMAGE_VENV is not set: run the suite through ./run test, "
             "or set RUMMAGE_VENV to a venv made with `./run setup` (pyspark, pytest)")
python = os.path.join(venv, "bin", "python")
if not os.access(python, os.X_OK):
    sys.exit("tests/spark: %s is not executable: run ./run setup" % python)
if not os.environ.get("RUMMAGE"):
    sys.exit("tests/spark: RUMMAGE (the rummage binary) is not set")
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
# Spark's Python workers: the venv's (Pillow for --thumbs), not PATH's python3.
os.environ["PYSPARK_PYTHON"] = python
os.execv(python, [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", here]
         + sys.argv[1:])
