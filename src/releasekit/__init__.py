"""releasekit: police press releases about human trafficking and modern slavery
parsed into tidy Parquet tables.

The flow of data, one module per step::

    raw files -> read (metadata, clean text) -> text (sentences, tokens)
              -> extract (figures, agencies, dates, quotes)
              -> tables (schemas, Parquet) -> notebooks
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("releasekit")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__", "load"]


def load(folder: str = "data/processed", tables=None, *, categories: bool = False):  # noqa: ANN001, ANN201 - thin re-export
    """The processed tables as pandas DataFrames, each read on first use (see :func:`releasekit.tables.load`;
    ``categories=True``: repeated text as pandas categoricals, several times less memory)."""
    from releasekit.tables import load as _load

    return _load(folder, tables, categories=categories)
