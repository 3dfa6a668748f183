"""Accounts API under /api/v1/: who am I, officials of my agency, registration of
citizens and businesses, my own details. Every check is the services' and selectors'."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from egov.accounts import selectors, services
from egov.accounts.authentication import API_AUTHENTICATION
from egov.accounts.models import Official
from egov.accounts.permissions import IsOfficial
from egov.accounts.serializers import (
    AccountsErrorSerializer,
    BusinessRegistrationSerializer,
    CitizenRegistrationSerializer,
    DeactivateSerializer,
    MeSerializer,
    OfficialCreateSerializer,
    OfficialSerializer,
    OfficialUpdateSerializer,
    ProfileSerializer,
    UnlockResultSerializer,
)

_ERRORS = {
    400: OpenApiResponse(AccountsErrorSerializer, description="Invalid input, by field."),
    403: OpenApiResponse(AccountsErrorSerializer, description="Not allowed."),
}
_NOT_FOUND = {404: OpenApiResponse(AccountsErrorSerializer,
                                   description="No such official in your agency.")}
_CONFLICT = {409: OpenApiResponse(AccountsErrorSerializer,
                                  description="Not possible in the account's state.")}


class RegistrationThrottle(AnonRateThrottle):
    """Registrations per address: enough for a family at one computer, not for a script.
    ``EGOV_REGISTRATION_RATE`` (e.g. ``10/hour``) changes it."""

    scope = "registration"

    def get_rate(self) -> str:
        return getattr(settings, "EGOV_REGISTRATION_RATE", "10/hour")


class _RegistrationView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [RegistrationThrottle]


@extend_schema(tags=["accounts"])
class CitizenRegistrationView(_RegistrationView):
    """A citizen opens their own account; they then log in with their citizen ID."""

    @extend_schema(
        operation_id="citizen_register",
        request=CitizenRegistrationSerializer,
        responses={201: ProfileSerializer, 400: _ERRORS[400],
                   429: OpenApiResponse(AccountsErrorSerializer, description="Too many.")},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = _valid(CitizenRegistrationSerializer, request.data)
        user = services.citizen_register(**data)
        return Response(ProfileSerializer(user).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["accounts"])
class BusinessRegistrationView(_RegistrationView):
    """A business opens its account; it then logs in with its tax code."""

    @extend_schema(
        operation_id="business_register",
        request=BusinessRegistrationSerializer,
        responses={201: ProfileSerializer, 400: _ERRORS[400],
                   429: OpenApiResponse(AccountsErrorSerializer, description="Too many.")},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = _valid(BusinessRegistrationSerializer, request.data)
        user = services.business_register(**data)
        return Response(ProfileSerializer(user).data, status=status.HTTP_201_CREATED)


def _valid(serializer_class: type, data: Any, **kwargs: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema(tags=["accounts"])
class MeView(APIView):
    """The logged-in user: kind, roles and, for an official, agency and unit."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="me", responses={200: MeSerializer, 403: _ERRORS[403]})
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


@extend_schema(tags=["accounts"])
class ProfileView(APIView):
    """A citizen's or business's own account; contacts can be changed."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="profile_retrieve",
                   responses={200: ProfileSerializer, 403: _ERRORS[403]})
    def get(self, request: Request) -> Response:
        return Response(ProfileSerializer(request.user).data)

    @extend_schema(operation_id="profile_update", request=ProfileSerializer,
                   responses={200: ProfileSerializer, **_ERRORS, **_CONFLICT})
    def patch(self, request: Request) -> Response:
        data = _valid(ProfileSerializer, request.data, partial=True)
        user = services.profile_update(actor=request.user, user=request.user, **data)
        return Response(ProfileSerializer(user).data)


@extend_schema_view(
    list=extend_schema(summary="Officials of my agency (all agencies for a system "
                               "administrator)", responses={200: OfficialSerializer(many=True),
                                                            403: _ERRORS[403]}),
    retrieve=extend_schema(responses={200: OfficialSerializer, 403: _ERRORS[403],
                                      **_NOT_FOUND}),
    create=extend_schema(request=OfficialCreateSerializer,
                         responses={201: OfficialSerializer, **_ERRORS}),
    partial_update=extend_schema(request=OfficialUpdateSerializer,
                                 responses={200: OfficialSerializer, **_ERRORS, **_NOT_FOUND}),
)
@extend_schema(tags=["accounts"])
class OfficialViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Officials (cán bộ): any official reads those of their own agency; the agency's
    administrator or a system administrator opens, changes and closes accounts. Another
    agency's officials do not exist for you (404)."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated, IsOfficial]
    serializer_class = OfficialSerializer
    queryset = Official.objects.none()

    def get_queryset(self) -> Any:
        queryset = selectors.officials_visible_to(self.request.user)
        agency = self.request.query_params.get("agency")
        if agency and agency.isdigit():
            queryset = queryset.filter(agency_id=int(agency))
        return selectors.official_search(queryset, self.request.query_params.get("q", ""))

    def create(self, request: Request) -> Response:
        data = _valid(OfficialCreateSerializer, request.data)
        official = services.official_create(actor=request.user, **data)
        return Response(OfficialSerializer(official).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        official = self.get_object()
        data = _valid(OfficialUpdateSerializer, request.data, partial=True)
        roles = data.pop("roles", None)
        if data:
            official = services.official_update(actor=request.user, official=official, **data)
        if roles is not None:
            official = services.official_set_roles(actor=request.user, official=official,
                                                   roles=roles)
        return Response(OfficialSerializer(official).data)

    @extend_schema(request=DeactivateSerializer,
                   responses={200: OfficialSerializer, **_ERRORS, **_NOT_FOUND, **_CONFLICT})
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: Any = None) -> Response:
        official = self.get_object()
        data = _valid(DeactivateSerializer, request.data)
        official = services.official_deactivate(actor=request.user, official=official, **data)
        return Response(OfficialSerializer(official).data)

    @extend_schema(request=None,
                   responses={200: OfficialSerializer, **_ERRORS, **_NOT_FOUND, **_CONFLICT})
    @action(detail=True, methods=["post"])
    def reactivate(self, request: Request, pk: Any = None) -> Response:
        official = services.official_reactivate(actor=request.user, official=self.get_object())
        return Response(OfficialSerializer(official).data)

    @extend_schema(request=None,
                   responses={200: UnlockResultSerializer, **_ERRORS, **_NOT_FOUND})
    @action(detail=True, methods=["post"])
    def unlock(self, request: Request, pk: Any = None) -> Response:
        cleared = services.account_unlock(actor=request.user, user=self.get_object().user)
        return Response({"attempts_cleared": cleared})


router = SimpleRouter()
router.register("officials", OfficialViewSet, basename="official")

urlpatterns = [
    *router.urls,
    path("me/", MeView.as_view(), name="me"),
    path("profile/", ProfileView.as_view(), name="profile"),
    path("citizens/register/", CitizenRegistrationView.as_view(), name="citizen-register"),
    path("businesses/register/", BusinessRegistrationView.as_view(), name="business-register"),
]
