"""Vietnamese is the default language: every message of every catalogue has its
Vietnamese translation, and none is left fuzzy (gettext would skip it and show English)."""

from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "egov"
CATALOGUES = sorted(SRC.glob("**/locale/vi/LC_MESSAGES/django.po"))


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 8


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_vietnamese_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags and not e.obsolete]
    missing = [e.msgid for e in catalogue.untranslated_entries() if e.msgid]
    assert fuzzy == []
    assert missing == []
