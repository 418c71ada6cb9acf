"""Keep the extraction process to one thread: call `keep_single_threaded()` before numpy loads.

numpy's OpenBLAS starts a worker thread per core when it loads, and extraction never uses it
(thinc's matrix products go through BLIS, single-threaded). Its mere presence costs: with any
second thread in the process, spaCy's parser and entity recogniser took 15-20% more CPU time on
the same sentences (`perf` shows their transition loops' lock calls, which are cheap in a
single-threaded process, at a fifth of the entity recogniser's time). Measured on the shared
dev corpus' cue sentences: NER 258-271 ms with an idle second thread, 218-219 ms without.
"""

from __future__ import annotations

import os


def keep_single_threaded() -> None:
    """One OpenBLAS thread, unless the environment says otherwise. No effect once numpy is loaded."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
