import os
import sys

from services.extract.single_thread import keep_single_threaded

# The offline ceiling runs extraction in this process: one OpenBLAS thread, as extract's child
# process runs it (and so the same numpy matrix products, services/extract/matmul.py). OpenBLAS
# reads the variable when numpy loads; the services this bench starts get the environment it
# was given (extract's child sets the variable for itself).
_GIVEN = os.environ.get("OPENBLAS_NUM_THREADS")
keep_single_threaded()
import numpy  # noqa: E402, F401

if _GIVEN is None:
    os.environ.pop("OPENBLAS_NUM_THREADS", None)

from bench.e2e.run import main  # noqa: E402

sys.exit(main())
