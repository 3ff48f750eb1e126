"""Deprecated alias of :mod:`releasekit.analysis.review` (moved after releasekit 0.1.0; kept for one release)."""

import importlib
import sys
import warnings

warnings.warn("releasekit.review is deprecated: import releasekit.analysis.review instead", DeprecationWarning, stacklevel=2)
sys.modules[__name__] = importlib.import_module("releasekit.analysis.review")
