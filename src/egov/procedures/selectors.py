"""Reading the catalogue: search, the version in force, counts by level."""

from __future__ import annotations

import datetime as dt
import time

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from egov.core.text import fold
from egov.procedures.models import Procedure, ProcedureVersion, RequiredPaper

# The papers of each version, by version id. A version's papers never change once it is
# published (a change of the law is a new version), so a process may keep them; the
# catalogue services forget them whenever they save a version.
_papers: dict[int, tuple[RequiredPaper, ...]] = {}
# The procedure in force by (code, day), for a few seconds in each process: an online
# submission needs it each time, and reading it (three models joined) costs more than
# any other statement of the submission. A version published meanwhile, whose day usually
# lies ahead, reaches the other processes within these seconds; this one forgets at once.
IN_FORCE_SECONDS = 10
_in_force: dict[tuple[str, dt.date], tuple[float, Procedure]] = {}


def procedures_in_force(on: dt.date | None = None) -> QuerySet[Procedure]:
    """Procedures with a version in force on ``on`` (today by default), that version
    prefetched as ``current``."""
    on = on or timezone.localdate()
    current = ProcedureVersion.objects.valid_on(on)
    return (
        Procedure.objects.filter(versions__in=current)
        .select_related("agency", "field")
        .prefetch_related(Prefetch("versions", queryset=current, to_attr="current"))
        .distinct()
    )


def procedure_search(
    *,
    text: str = "",
    agency_id: int | None = None,
    field_id: int | None = None,
    online_only: bool = False,
    on: dt.date | None = None,
) -> QuerySet[Procedure]:
    """The public catalogue search: every word of ``text`` must begin a word of the code
    or the name, with or without diacritics ("in" finds "giấy phép in", not "kinh")."""
    on = on or timezone.localdate()
    queryset = procedures_in_force(on)
    for word in fold(text).split():
        queryset = queryset.filter(search_text__contains=f" {word}")
    if agency_id:
        queryset = queryset.filter(agency_id=agency_id)
    if field_id:
        queryset = queryset.filter(field_id=field_id)
    if online_only:
        online = ProcedureVersion.objects.valid_on(on).filter(old_level__gte=3)
        queryset = queryset.filter(versions__in=online)
    return queryset.order_by("agency__name", "code")


def procedure_in_force(code: str, on: dt.date) -> Procedure | None:
    """The procedure of ``code`` with its agency, or None; in one query with its version
    in force on ``on``, which ``procedure.version_on(on)`` then gives without asking
    again (None when no version is in force), and kept for ``IN_FORCE_SECONDS``. For the
    online submission, where every query counts; the instances are shared, read only."""
    known = _in_force.get((code, on))
    if known is not None and known[0] > time.monotonic():
        return known[1]
    version = (ProcedureVersion.objects.valid_on(on).filter(procedure__code=code)
               .select_related("procedure__agency").order_by("-valid_from").first())
    if version is None:
        procedure = Procedure.objects.select_related("agency").filter(code=code).first()
    else:
        procedure = version.procedure
        if len(_in_force) > 5000:  # days gone by
            _in_force.clear()
        _in_force[code, on] = (time.monotonic() + IN_FORCE_SECONDS, procedure)
    if procedure is not None:
        procedure._version_on = (on, version)
    return procedure


def papers_of(version: ProcedureVersion) -> tuple[RequiredPaper, ...]:
    """The papers a dossier under ``version`` must contain, in order."""
    papers = _papers.get(version.pk)
    if papers is None:
        papers = _papers[version.pk] = tuple(
            RequiredPaper.objects.filter(version_id=version.pk).order_by("position"))
    return papers


def forget_catalogue() -> None:
    """Drop what this process keeps of the catalogue (a version was saved)."""
    _papers.clear()
    _in_force.clear()


def procedure_detail(code: str, on: dt.date | None = None) -> tuple[Procedure, ProcedureVersion]:
    """The procedure and its version in force; ``Procedure.DoesNotExist`` when there is none."""
    on = on or timezone.localdate()
    procedure = Procedure.objects.select_related("agency", "field").get(code=code)
    version = (
        procedure.versions.valid_on(on).prefetch_related("papers", "steps").first()
    )
    if version is None:
        raise Procedure.DoesNotExist(code)
    return procedure, version


def count_by_level(on: dt.date, agency_ids: list[int] | None = None) -> dict[int, int]:
    """How many procedures are at each old level (1-4) on a date: the report's
    "238 services at level 3-4" is ``counts[3] + counts[4]``."""
    versions = ProcedureVersion.objects.valid_on(on)
    if agency_ids is not None:
        versions = versions.filter(procedure__agency_id__in=agency_ids)
    rows = versions.values("old_level").annotate(n=Count("id"))
    counts = {level: 0 for level in ProcedureVersion.OldLevel.values}
    counts.update({row["old_level"]: row["n"] for row in rows})
    return counts


def agencies_with_procedures(on: dt.date | None = None) -> QuerySet:
    from egov.organizations.models import Agency

    on = on or timezone.localdate()
    return Agency.objects.filter(
        Q(procedures__versions__in=ProcedureVersion.objects.valid_on(on))
    ).distinct().order_by("name")
