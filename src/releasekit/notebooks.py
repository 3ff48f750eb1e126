"""Deprecated alias of :mod:`releasekit.analysis.notebooks` (moved after releasekit 0.1.0; kept for one release)."""

import importlib
import sys
import warnings

warnings.warn("releasekit.notebooks is deprecated: import releasekit.analysis.notebooks instead", DeprecationWarning, stacklevel=2)

if __name__ == "__main__":  # python -m releasekit.notebooks: now `releasekit notebooks`
    from releasekit.analysis.notebooks import main

    sys.exit(main())
else:
    sys.modules[__name__] = importlib.import_module("releasekit.analysis.notebooks")
