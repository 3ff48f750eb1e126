"""Deprecated alias of :mod:`releasekit.analysis.wording` (moved after releasekit 0.1.0; kept for one release)."""

import importlib
import sys
import warnings

warnings.warn("releasekit.wording is deprecated: import releasekit.analysis.wording instead", DeprecationWarning, stacklevel=2)
sys.modules[__name__] = importlib.import_module("releasekit.analysis.wording")
