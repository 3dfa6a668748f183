from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings
from printing_samples import letter, report

from egov.printing.document import OfficialDocument

TEMPLATES_DIR = Path(__file__).parent / "templates"


@pytest.fixture
def report_document() -> OfficialDocument:
    return report()


@pytest.fixture
def letter_document() -> OfficialDocument:
    return letter()


@pytest.fixture
def test_templates(settings):
    """Templates of the tests (children of the official layout) beside the project's."""
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0] = {**templates[0], "DIRS": [*templates[0]["DIRS"], TEMPLATES_DIR]}
    with override_settings(TEMPLATES=templates):
        yield
