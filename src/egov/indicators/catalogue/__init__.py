"""The indicators of the apps that came before this one: agencies, accounts, the
procedure catalogue and the certificate registry. They read those apps' data through
their selectors (and their models where no selector answers for a past date); each
module could move into its app as that app's ``indicators.py`` unchanged.

Apps built later (dossiers, documents, payments) define their indicators in their own
``indicators.py``.
"""

from egov.indicators.catalogue import accounts, organizations, procedures, signatures

INDICATORS = [
    *organizations.INDICATORS,
    *accounts.INDICATORS,
    *procedures.INDICATORS,
    *signatures.INDICATORS,
]
