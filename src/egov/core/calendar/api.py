"""REST API of the working-day calendar, mounted by ``egov.core.api``.

Counting (``add``, ``between``, ``year``) is open to every signed-in user; declared
days are read by every signed-in user and changed by system administrators only.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from egov.accounts.permissions import is_system_admin
from egov.core.calendar import selectors, services
from egov.core.calendar.dates import DATE_INPUT_FORMATS
from egov.core.calendar.models import CalendarDay


def _date_field(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(input_formats=list(DATE_INPUT_FORMATS), **kwargs)


class IsSystemAdminOrReadOnly(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or is_system_admin(request.user)


class CalendarDaySerializer(serializers.ModelSerializer):
    date = _date_field()

    class Meta:
        model = CalendarDay
        fields = ["id", "date", "kind", "name", "legal_basis"]


class CalendarDayUpdateSerializer(CalendarDaySerializer):
    date = _date_field(required=False)

    class Meta(CalendarDaySerializer.Meta):
        extra_kwargs = {"kind": {"required": False}, "name": {"required": False}}


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=selectors.FIRST_YEAR, max_value=selectors.LAST_YEAR
    )


@extend_schema(tags=["calendar"])
@extend_schema_view(
    list=extend_schema(parameters=[YearQuerySerializer],
                       summary="Declared days off and make-up working days"),
    create=extend_schema(summary="Declare a day off or a make-up working day"),
    update=extend_schema(request=CalendarDayUpdateSerializer, summary="Change a declared day"),
    partial_update=extend_schema(request=CalendarDayUpdateSerializer,
                                 summary="Change a declared day"),
    destroy=extend_schema(summary="Remove a declared day"),
)
class CalendarDayViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Days declared off (ngày nghỉ) or declared working (ngày làm bù)."""

    serializer_class = CalendarDaySerializer
    permission_classes = [IsSystemAdminOrReadOnly]
    queryset = CalendarDay.objects.order_by("date")

    def get_queryset(self) -> Any:
        query = YearQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year")
        return self.queryset.filter(date__year=year) if year else self.queryset

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action in {"update", "partial_update"}:
            return CalendarDayUpdateSerializer
        return CalendarDaySerializer

    def perform_create(self, serializer: serializers.Serializer) -> None:
        serializer.instance = services.calendar_day_declare(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: serializers.Serializer) -> None:
        serializer.instance = services.calendar_day_update(
            actor=self.request.user, day=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance: CalendarDay) -> None:
        services.calendar_day_remove(actor=self.request.user, day=instance)


class AddQuerySerializer(serializers.Serializer):
    date = _date_field(help_text="The day counting starts after (YYYY-MM-DD or DD/MM/YYYY).")
    days = serializers.IntegerField(min_value=0, max_value=20000,
                                    help_text="Number of working days to add.")


class AddResultSerializer(serializers.Serializer):
    date = serializers.DateField()
    days = serializers.IntegerField()
    result = serializers.DateField(help_text="The date that many working days after `date`.")


class BetweenQuerySerializer(serializers.Serializer):
    # ``from`` is a Python keyword, so the fields are named here.
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"from": _date_field(), "to": _date_field()}


class BetweenResultSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "from": serializers.DateField(),
            "to": serializers.DateField(),
            "working_days": serializers.IntegerField(
                help_text="Working days after `from` up to and including `to` "
                          "(negative when `to` comes first)."
            ),
        }


class CalendarEntrySerializer(serializers.Serializer):
    date = serializers.DateField()
    working = serializers.BooleanField()
    name = serializers.CharField()
    source = serializers.ChoiceField(choices=["law", "declared"])
    weekday = serializers.SerializerMethodField()

    def get_weekday(self, entry: selectors.CalendarEntry) -> str:
        return selectors.weekday_name(entry.date)


class AddWorkingDaysView(APIView):
    @extend_schema(tags=["calendar"], parameters=[AddQuerySerializer],
                   responses=AddResultSerializer,
                   summary="The date a number of working days after a date")
    def get(self, request: Request) -> Response:
        query = AddQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, days = query.validated_data["date"], query.validated_data["days"]
        result = selectors.add_working_days(start, days)
        return Response(AddResultSerializer({"date": start, "days": days, "result": result}).data)


class WorkingDaysBetweenView(APIView):
    @extend_schema(tags=["calendar"], parameters=[BetweenQuerySerializer],
                   responses=BetweenResultSerializer,
                   summary="The number of working days between two dates")
    def get(self, request: Request) -> Response:
        query = BetweenQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, end = query.validated_data["from"], query.validated_data["to"]
        count = selectors.working_days_between(start, end)
        return Response(
            BetweenResultSerializer({"from": start, "to": end, "working_days": count}).data
        )


class YearOverviewView(APIView):
    @extend_schema(tags=["calendar"], responses=CalendarEntrySerializer(many=True),
                   summary="Public holidays, days off and make-up days of a year")
    def get(self, request: Request, year: int) -> Response:
        entries = selectors.year_overview(year)
        return Response(CalendarEntrySerializer(entries, many=True).data, status=status.HTTP_200_OK)
