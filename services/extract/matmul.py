"""Matrix products through numpy (OpenBLAS) instead of BLIS: `use_numpy_matmul(nlp)`.

thinc's `NumpyOps` sends every `gemm` of the networks' Python layers (the tok2vec's maxout
layers, the parser's and entity recogniser's precomputed input layer) to BLIS. On this machine's
CPU (AMD EPYC, family 25) BLIS runs a 2000x288 by 288x288 product at about 30 GFLOP/s on one
core; numpy's OpenBLAS, also one thread (`single_thread.py`), at about 90. The tok2vec maxout
layers were a third of the fast path's CPU time. thinc's own `NumpyOps(use_blis=False)` hands
`gemm` to `numpy.dot`; everything else (maxout, seq2col, the transition loops' small per-step
products, which go through a C pointer to BLIS) is unchanged. The sums are the same products
added in another order, so a score could in principle move in its last bit: predictions on
corpus/train, corpus/dev, the test split, the shared dev and dev2 sets and the probe set are
byte-identical either way (as they would be expected to differ as rarely across CPUs, whose
BLIS kernels differ too).

Only where numpy's OpenBLAS runs one thread (`OPENBLAS_NUM_THREADS=1` when numpy loaded, which
`single_thread.py` sees to in the extraction child, `policywatch extract`, `bench/extract` and
`bench/e2e`; asked of the loaded library itself): with more, numpy would spread each product over
the cores, spending more CPU in all and hiding part of it from a per-thread clock. Where the
thread count cannot be read (no OpenBLAS, not Linux), BLIS stays.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

from spacy.language import Language
from thinc.api import NumpyOps, get_current_ops

NUMPY_MATMUL = NumpyOps(use_blis=False)


def use_numpy_matmul(nlp: Language) -> None:
    """Give every layer of `nlp`'s trainable components the numpy-`gemm` ops, in place. Does
    nothing unless OpenBLAS is held to one thread, nor on a GPU (`CupyOps`), where thinc's
    products never touched BLIS."""
    if openblas_threads() != 1 or not isinstance(get_current_ops(), NumpyOps):
        return
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for layer in model.walk():
            if isinstance(layer.ops, NumpyOps):
                layer.ops = NUMPY_MATMUL


# numpy's wheels bundle OpenBLAS with a symbol prefix; a system OpenBLAS has the plain name.
_THREAD_COUNTS = (
    "scipy_openblas_get_num_threads64_",
    "openblas_get_num_threads64_",
    "openblas_get_num_threads",
)


def openblas_threads() -> int | None:
    """The threads numpy's OpenBLAS uses (its own answer), or None when no OpenBLAS is loaded."""
    import numpy  # noqa: F401  (loads OpenBLAS)

    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8")
    except OSError:
        return None
    libraries = {line.split()[-1] for line in maps.splitlines() if "openblas" in line.lower()}
    for library in sorted(p for p in libraries if p.startswith("/")):
        loaded = ctypes.CDLL(library)
        for name in _THREAD_COUNTS:
            count = getattr(loaded, name, None)
            if count is not None:
                return int(count())
    return None
