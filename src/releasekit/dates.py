"""Deprecated alias of :mod:`releasekit.printed_dates` (renamed after releasekit 0.1.0 so that
one module is called ``dates`` no more beside ``releasekit.extract.dates``; kept for one release)."""

import importlib
import sys
import warnings

warnings.warn("releasekit.dates is deprecated: import releasekit.printed_dates instead", DeprecationWarning, stacklevel=2)
sys.modules[__name__] = importlib.import_module("releasekit.printed_dates")
