"""Process start-up for the build's own processes (CLI, chapter workers, chapter kernels, the Sphinx run).

jsonschema imports `rfc3987_syntax` when it is installed (jupyter-events pulls it in through
`jsonschema[format-nongpl]`) to offer an optional "iri" format check. That module builds an Earley grammar with Lark
at import time: about 2 s of CPU in every process that imports jsonschema, and every build process does (altair,
nbformat and Jupyter Book all import it). Measured on the 2-core build machine: `import altair, pandas, chinacompute`
3.3 s with it, 1.4 s without; `import papermill` 2.6 s vs 0.6 s.

Nothing in the book validates IRIs, and jsonschema treats the module as optional (`with suppress(ImportError)`), so
the build's processes mark it as absent before anything imports jsonschema. Only processes that call
`skip_slow_optional_imports()` are affected; a reader's own Python or JupyterLab session is not.
"""

from __future__ import annotations

import sys

#: Optional modules whose import costs far more than the feature they add to the build.
SLOW_OPTIONAL_MODULES = ("rfc3987_syntax",)


def skip_slow_optional_imports() -> None:
    """Make `import rfc3987_syntax` raise ImportError in this process (unless something already imported it)."""
    for name in SLOW_OPTIONAL_MODULES:
        sys.modules.setdefault(name, None)
