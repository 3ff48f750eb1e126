"""Deprecated alias of :mod:`releasekit.analysis.site` (moved after releasekit 0.1.0; kept for one release)."""

import importlib
import sys
import warnings

warnings.warn("releasekit.site is deprecated: import releasekit.analysis.site instead", DeprecationWarning, stacklevel=2)
sys.modules[__name__] = importlib.import_module("releasekit.analysis.site")
