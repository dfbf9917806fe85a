"""The access matrix's expectations for participation's ideas routes (merged in
tests/test_access_matrix.py): the public pages (residents, no login), the staff pages for
ideas, moderation, interviews and the input register, and the API.

Public pages answer everyone alike. Everyone with a role reads the idea list, the register
and the themes; programme staff (structure editors and coordinators) register, change
status, moderate, read interviews and the privacy log. Routes that change state get a fresh
object per request.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from omrade.participation.core import privacy
from omrade.participation.ideas.models import Idea
from omrade.participation.ideas.services import ideas as services
from omrade.participation.ideas.services import interviews as register_services
from omrade.tenancy.models import Role
from tests.access import ALL_ROLES, Probe, access

RUNNERS = {Role.MUNICIPAL_ADMIN, Role.PROGRAMME_MANAGER, Role.COORDINATOR}


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile("probe.png", buffer.getvalue(), content_type="image/png")


def _idea(objects: dict[str, Any], *, photo: bool = False) -> Idea:
    """A published idea (registered by staff), fresh per call."""
    return services.idea_register(
        municipality=objects["home"],
        by=None,
        title=f"Probe-idé {Idea.objects.count() + 1}",
        text="En benk ved bussholdeplassen.",
        photo=_png() if photo else None,
    )


def _pending_idea(objects: dict[str, Any]) -> Idea:
    return services.idea_submit(
        municipality=objects["home"], title="Venter", text="Venter på moderering.", client_hash="p"
    )


def idea_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"idea_pk": _idea(objects).pk}


def photo_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"idea_pk": _idea(objects, photo=True).pk}


def transition_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"idea_pk": _idea(objects).pk, "action": "assess"}


def moderate_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"idea_pk": _pending_idea(objects).pk, "action": "approve"}


def comment_moderate_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    comment = services.idea_comment(idea=_idea(objects), text="Enig!", client_hash="c")
    return {"comment_pk": comment.pk, "action": "approve"}


def report_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    report = services.abuse_report(idea=_idea(objects), reason="Upassende", client_hash="r")
    return {"report_pk": report.pk}


def block_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    block = services.block_create(
        municipality=objects["home"], email="probe@example.no", reason="Probe", by=None
    )
    return {"block_pk": block.pk}


def interview_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    interview = register_services.interview_record(
        municipality=objects["home"],
        interviewer=None,
        role_or_organisation="Daglig leder, idrettslaget",
        interviewed_on=objects["meeting"].starts_at.date(),
    )
    return {"interview_pk": interview.pk}


def coding_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"kind": "idea", "object_id": _idea(objects).pk}


def privacy_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    started = privacy.privacy_request_start(
        municipality=objects["home"], email="beboer@example.no", kind="export"
    )
    return {"token": started.token}


EXPECTED: dict[str, Any] = {
    # Public pages for residents: everyone alike, no login.
    "participation:public_home": Probe(access(200)),
    "participation:idea_public_list": Probe(access(200)),
    "participation:idea_submit": Probe(access(200)),
    "participation:idea_public_detail": Probe(access(200), idea_kwargs),
    "participation:idea_photo": Probe(access(200), photo_kwargs),
    "participation:idea_support": Probe(access(302), idea_kwargs, method="post"),
    "participation:idea_comment": Probe(access(400), idea_kwargs, method="post"),  # empty form
    "participation:idea_report": Probe(access(200), idea_kwargs),
    "participation:area_public": Probe(
        access(200), lambda objects: {"area_pk": objects["area"].pk}
    ),
    "participation:privacy_request": Probe(access(200)),
    "participation:privacy_confirm": Probe(access(200), privacy_kwargs),
    # Staff: everyone with a role reads; programme staff act.
    "participation:idea_staff_list": Probe(access(roles=ALL_ROLES)),
    "participation:idea_register": Probe(access(roles=RUNNERS)),
    "participation:idea_staff_detail": Probe(access(roles=ALL_ROLES), idea_kwargs),
    "participation:idea_transition": Probe(
        access(roles=RUNNERS, allowed_status=302), transition_kwargs, method="post"
    ),
    "participation:idea_staff_comment": Probe(  # an empty reply is an invalid form
        access(roles=RUNNERS, allowed_status=400), idea_kwargs, method="post"
    ),
    "participation:moderation_queue": Probe(access(roles=RUNNERS)),
    "participation:moderation_setting": Probe(  # no mode chosen: 400
        access(roles=RUNNERS, allowed_status=400), method="post"
    ),
    "participation:idea_moderate": Probe(
        access(roles=RUNNERS, allowed_status=302), moderate_kwargs, method="post"
    ),
    "participation:comment_moderate": Probe(
        access(roles=RUNNERS, allowed_status=302), comment_moderate_kwargs, method="post"
    ),
    "participation:report_dismiss": Probe(
        access(roles=RUNNERS, allowed_status=302), report_kwargs, method="post"
    ),
    "participation:block_list": Probe(access(roles=RUNNERS)),
    "participation:block_remove": Probe(
        access(roles=RUNNERS, allowed_status=302), block_kwargs, method="post"
    ),
    "participation:notice_list": Probe(access(roles=RUNNERS)),
    "participation:notice_send_now": Probe(  # not configured in tests: refused with a message
        access(roles=RUNNERS, allowed_status=302), method="post"
    ),
    "participation:theme_list": Probe(access(roles=ALL_ROLES)),
    "participation:interview_list": Probe(access(roles=RUNNERS)),
    "participation:interview_detail": Probe(access(roles=RUNNERS), interview_kwargs),
    "participation:input_register": Probe(access(roles=ALL_ROLES)),
    "participation:input_counts": Probe(access(roles=ALL_ROLES)),
    "participation:input_coding": Probe(access(roles=RUNNERS), coding_kwargs),
    "participation:privacy_log": Probe(access(roles=RUNNERS)),
}
API_EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/api/municipalities/{code}/ideas"): access(200),
    ("post", "/api/municipalities/{code}/ideas"): access(200),  # 201 (API_CREATED)
    ("get", "/api/municipalities/{code}/input-register"): access(roles=ALL_ROLES, anonymous=401),
}
API_QUERY: dict[tuple[str, str], str] = {}
API_BODY: dict[tuple[str, str], object] = {
    ("post", "/api/municipalities/{code}/ideas"): {
        "title": "Probe",
        "text": "Flere benker i parken.",
    }
}
API_CREATED = {("post", "/api/municipalities/{code}/ideas")}


def api_placeholders(objects: dict[str, Any]) -> dict[str, object]:
    """Values for the {placeholders} of this module's API paths."""
    return {}
