"""API of the shared kernel under ``/api/v1/``: the working-day calendar."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from egov.core.calendar import api as calendar_api

router = SimpleRouter()
router.register("calendar/days", calendar_api.CalendarDayViewSet, basename="calendar-day")

urlpatterns = [
    path("calendar/add/", calendar_api.AddWorkingDaysView.as_view(), name="calendar-add"),
    path("calendar/between/", calendar_api.WorkingDaysBetweenView.as_view(),
         name="calendar-between"),
    path("calendar/year/<int:year>/", calendar_api.YearOverviewView.as_view(),
         name="calendar-year"),
    *router.urls,
]
