"""Background work of the indicators: writing an ordered report (a minute or so on a
province's data, too long for a request). Safe to run twice: a finished order stays."""

from __future__ import annotations

from django_tasks import task

from egov.indicators import services


@task()
def write_report(order_id: int) -> str:
    return services.report_write(order_id=order_id).status
