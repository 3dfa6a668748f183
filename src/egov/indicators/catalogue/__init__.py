"""The indicators of the apps that came before this one: agencies, accounts, the
procedure catalogue and the certificate registry. They read those apps' data through
their selectors (and their models where no selector answers for a past date); each
module could move into its app as that app's ``indicators.py`` unchanged.

The one-stop shop's indicators read ``egov.dossiers.figures``; the documents' read
the registers of ``egov.documents``. Apps may instead define
theirs in their own ``indicators.py``.
"""

from egov.indicators.catalogue import (
    accounts,
    documents,
    dossiers,
    organizations,
    procedures,
    signatures,
)

_ALL = [
    *organizations.INDICATORS,
    *accounts.INDICATORS,
    *procedures.INDICATORS,
    *signatures.INDICATORS,
    *dossiers.INDICATORS,
    *documents.INDICATORS,
]
# The Decision 766 indicators after the report's own figures, together.
INDICATORS = ([i for i in _ALL if not i.code.startswith("d766.")]
              + [i for i in _ALL if i.code.startswith("d766.")])
