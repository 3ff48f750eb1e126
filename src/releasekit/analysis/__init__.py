"""The analysis layer: it only reads the tables that :mod:`releasekit.build` writes.

The pipeline (``read`` -> ``text`` -> ``extract/`` -> ``tables`` ->
``build``) parses raw releases into Parquet tables and needs none of this
package. Everything here takes those tables (:func:`releasekit.load`) and
turns them into what people read: it never parses a release and never
writes a table of the pipeline.

Modules, in import order (each imports only those before it):

- :mod:`~releasekit.analysis.corpus`: codebook constants, release selections
  (:func:`filter_tables`, :func:`select_releases`), corpus summaries,
  grouping columns, period labels;
- :mod:`~releasekit.analysis.totals`: release totals per period, issuer,
  kind and level;
- :mod:`~releasekit.analysis.agencies`: agency shares per period and
  co-involvement;
- :mod:`~releasekit.analysis.groups`: groups of releases for a wording
  comparison, stem/word helpers;
- :mod:`~releasekit.analysis.evidence`: the sentences behind a charted
  value, audits of the largest totals, extraction scores as tables;
- :mod:`~releasekit.analysis.wording`: keyness (log-odds with a Dirichlet
  prior, G-squared), collocations, KWIC;
- :mod:`~releasekit.analysis.params`: checks of a notebook's parameters cell;
- :mod:`~releasekit.analysis.plots`: matplotlib charts (needs the
  ``analysis`` extra);
- :mod:`~releasekit.analysis.review`: the review queue (``releasekit review``);
- :mod:`~releasekit.analysis.site`: the static evidence site (``releasekit site``);
- :mod:`~releasekit.analysis.export`: CSV and Excel export (``releasekit export``;
  xlsx needs the ``analysis`` extra);
- :mod:`~releasekit.analysis.notebooks`: executes and renders the notebooks
  (``releasekit notebooks``; needs the ``analysis`` extra).

The table functions of the five first modules are importable from this
package directly (``from releasekit.analysis import per_period``); importing
it needs pandas only (no matplotlib, no Jupyter).
"""

from releasekit.analysis.agencies import *  # noqa: F401,F403
from releasekit.analysis.agencies import __all__ as _agencies_all
from releasekit.analysis.corpus import *  # noqa: F401,F403
from releasekit.analysis.corpus import __all__ as _corpus_all
from releasekit.analysis.evidence import *  # noqa: F401,F403
from releasekit.analysis.evidence import __all__ as _evidence_all
from releasekit.analysis.groups import *  # noqa: F401,F403
from releasekit.analysis.groups import __all__ as _groups_all
from releasekit.analysis.totals import *  # noqa: F401,F403
from releasekit.analysis.totals import __all__ as _totals_all

__all__ = sorted({*_corpus_all, *_totals_all, *_agencies_all, *_groups_all, *_evidence_all})
