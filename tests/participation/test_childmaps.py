"""Children's map registrations (barnetråkk): session codes, marks without names or device
identifiers, comments for staff only, the GeoJSON export with Barnetråkk's object types."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from omrade.participation.core.abuse import HONEYPOT_FIELD_NAME
from omrade.participation.core.models import RateLimitHit
from omrade.participation.surveys import demo as demo_surveys
from omrade.participation.surveys import selectors
from omrade.participation.surveys.models import ChildMapMark, ChildMapSession
from omrade.participation.surveys.services import childmaps as services
from omrade.tenancy.models import Role
from tests.participation.test_surveys import make_area

pytestmark = pytest.mark.django_db

ROUTE = {"type": "LineString", "coordinates": [[10.91, 59.21], [10.92, 59.215], [10.93, 59.22]]}


def open_session(tenants: Any, **extra: Any) -> ChildMapSession:
    return services.childmap_session_open(
        municipality=tenants.home,
        school_name="Lisleby skole",
        grade_group="5-7",
        area=extra.pop("area", None) or make_area(tenants.home),
        by=tenants.users[Role.COORDINATOR],
        **extra,
    )


def test_session_code_is_six_unambiguous_characters(tenants: Any) -> None:
    session = open_session(tenants)
    assert len(session.code) == 6
    assert set(session.code) <= set(services.CODE_ALPHABET)
    assert not set(session.code) & set("0O1IL5S2Z8B")
    assert session.accepts_marks() is True
    assert session.closes_at - session.opens_at == timedelta(days=14)


def test_codes_are_unique_while_open(tenants: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    codes = iter(["AAAAAA", "AAAAAA", "CCCCCC"])
    monkeypatch.setattr(services, "new_code", lambda: next(codes))
    first = open_session(tenants)
    second = open_session(tenants)
    assert (first.code, second.code) == ("AAAAAA", "CCCCCC")
    services.childmap_session_close(session=first, by=None)
    codes_again = iter(["AAAAAA"])
    monkeypatch.setattr(services, "new_code", lambda: next(codes_again))
    assert open_session(tenants).code == "AAAAAA"  # free again once the first is closed


def test_session_refusals(tenants: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.childmap_session_open(
            municipality=tenants.home, school_name=" ", grade_group="5-7", by=None
        )
    assert refused.value.message_dict == {"school_name": ["Skriv navnet på skolen."]}
    with pytest.raises(ValidationError) as refused:
        services.childmap_session_open(
            municipality=tenants.home, school_name="X", grade_group="11-13", by=None
        )
    assert list(refused.value.message_dict) == ["grade_group"]
    assert ChildMapSession.objects.count() == 0


def test_way_to_school_needs_a_line_and_a_transport_mode(tenants: Any) -> None:
    session = open_session(tenants)
    with pytest.raises(ValidationError) as refused:
        services.childmap_mark_add(session=session, kind="Barneveg", geometry=ROUTE)
    assert refused.value.message_dict == {
        "transport_mode": ["Velg hvordan du kommer deg til skolen."]
    }
    with pytest.raises(ValidationError) as refused:
        services.childmap_mark_add(
            session=session,
            kind="Barneveg",
            transport_mode="walk",
            geometry={"type": "Point", "coordinates": [10.92, 59.21]},
        )
    assert refused.value.message_dict == {
        "geometry": ["Kartsvaret må være en linje (LineString), ikke Point."]
    }
    mark = services.childmap_mark_add(
        session=session, kind="Barneveg", transport_mode="bike", geometry=ROUTE
    )
    assert (mark.kind, mark.transport_mode, mark.geometry["type"]) == (
        "Barneveg",
        "bike",
        "LineString",
    )


def test_place_by_list_or_words_and_comment_cleaned(tenants: Any) -> None:
    session = open_session(tenants)
    mark = services.childmap_mark_add(
        session=session,
        kind="NegativOpplevelse",
        want_change=True,
        place_area=session.area,
        comment="<b>Mørkt</b> under brua " + "x" * 300,
    )
    assert mark.want_change is True
    assert mark.place_area_id == session.area_id
    assert mark.comment.startswith("Mørkt under brua")
    assert len(mark.comment) <= 200
    with pytest.raises(ValidationError) as refused:
        services.childmap_mark_add(session=session, kind="Aktivitet")
    assert list(refused.value.message_dict) == ["geometry"]
    with pytest.raises(ValidationError):
        services.childmap_mark_add(
            session=session,
            kind="Aktivitet",
            geometry={"type": "Point", "coordinates": [5.3, 60.4]},
        )


def test_closed_session_refuses_marks(tenants: Any) -> None:
    session = open_session(tenants)
    services.childmap_session_close(session=session, by=None)
    with pytest.raises(ValidationError) as refused:
        services.childmap_mark_add(session=session, kind="Aktivitet", place_text="Skolegården")
    assert refused.value.message_dict == {"session": ["Denne kartregistreringen er stengt."]}
    assert ChildMapMark.objects.count() == 0


def test_marks_store_no_names_and_no_device_identifiers() -> None:
    fields = {field.name for field in ChildMapMark._meta.get_fields()}
    assert fields == {
        "id",
        "session",
        "kind",
        "want_change",
        "transport_mode",
        "geometry",
        "place_area",
        "place_text",
        "comment",
        "created_at",
        "synthetic",
    }
    session_fields = {field.name for field in ChildMapSession._meta.get_fields()}
    assert not session_fields & {"name", "pupil", "ip", "ip_address", "device", "fingerprint_hash"}


def test_child_enters_the_code_and_marks_a_place(client: Any, tenants: Any) -> None:
    session = open_session(tenants)
    enter = reverse("participation:childmap_enter", args=["3107"])
    wrong = client.get(enter, {"code": "QQQQQQ"})
    assert wrong.status_code == 404
    assert "Fant ingen åpen økt" in wrong.content.decode()
    found = client.get(enter, {"code": session.code.lower()})
    draw = reverse("participation:childmap_draw", args=["3107", session.code])
    assert found["Location"] == draw
    page = client.get(draw)
    assert page.status_code == 200
    assert "Veien min til skolen" in page.content.decode()
    saved = client.post(
        draw,
        {
            "kind": "Aktivitet",
            "geometry": json.dumps({"type": "Point", "coordinates": [10.92, 59.21]}),
            "comment": "Fotball",
        },
    )
    assert saved.status_code == 200
    assert "Takk! Det er lagret." in saved.content.decode()
    mark = ChildMapMark.objects.get()
    assert (mark.kind, mark.comment) == ("Aktivitet", "Fotball")
    # The rate limiter counted by the browser cookie and the code, never the IP address.
    cookie = client.cookies["omrade_barnetrakk"].value
    assert len(cookie) == 32
    assert RateLimitHit.objects.count() == 2
    honeypot = client.post(
        draw, {"kind": "Aktivitet", "place_text": "x", HONEYPOT_FIELD_NAME: "spam"}
    )
    assert honeypot.status_code == 400
    assert ChildMapMark.objects.count() == 1


def test_the_child_keeps_seeing_what_they_saved_and_errors_speak_their_language(
    client: Any, tenants: Any
) -> None:
    session = open_session(tenants)
    draw = reverse("participation:childmap_draw", args=["3107", session.code])
    missing = client.post(draw, {"place_text": "ved butikken"})
    assert missing.status_code == 400
    assert "Du må velge hva du vil vise." in missing.content.decode()
    assert "Dette feltet" not in missing.content.decode()
    point = {"type": "Point", "coordinates": [10.92, 59.21]}
    client.post(draw, {"kind": "Aktivitet", "geometry": json.dumps(point)})
    second = client.post(
        draw, {"kind": "Barneveg", "transport_mode": "walk", "geometry": json.dumps(ROUTE)}
    )
    assert second.status_code == 200, second.content.decode()[:2000]
    own = second.context["own_marks"]
    assert [mark.kind for mark in own] == ["Aktivitet", "Barneveg"]
    features = second.context["own_geojson"]["features"]
    assert [feature["geometry"]["type"] for feature in features] == ["Point", "LineString"]
    assert "Dette har du lagret" in second.content.decode()
    # Another child (another browser) sees only their own; a forged cookie shows nothing.
    other = type(client)()
    assert other.get(draw).context["own_marks"] == []
    other.cookies[f"omrade_barnetrakk_mine_{session.pk}"] = ",".join(str(mark.pk) for mark in own)
    assert other.get(draw).context["own_marks"] == []


def test_other_municipality_cannot_use_the_code(client: Any, tenants: Any) -> None:
    session = open_session(tenants)
    other = reverse("participation:childmap_draw", args=[tenants.other.code, session.code])
    assert client.get(other).status_code == 404


def test_comments_are_for_staff_only_and_export_has_objekttype(client: Any, tenants: Any) -> None:
    session = open_session(tenants)
    services.childmap_mark_add(
        session=session, kind="Barneveg", transport_mode="walk", geometry=ROUTE, comment="Lang vei"
    )
    services.childmap_mark_add(
        session=session,
        kind="PositivOpplevelse",
        geometry={"type": "Point", "coordinates": [10.92, 59.21]},
    )
    public = client.get(
        reverse("participation:childmap_draw", args=["3107", session.code])
    ).content.decode()
    assert "Lang vei" not in public
    client.force_login(tenants.users[Role.VIEWER])
    detail = client.get(session.get_absolute_url()).content.decode()
    assert "Lang vei" in detail
    exported = client.get(reverse("participation:childmap_export", args=["3107", session.pk]))
    data = json.loads(exported.content)
    assert [feature["properties"]["objekttype"] for feature in data["features"]] == [
        "Barneveg",
        "PositivOpplevelse",
    ]
    assert data["features"][0]["properties"]["transportmiddel"] == "walk"
    summary = selectors.childmap_summary(
        selectors.childmap_marks(tenants.home, session=session), country="NO"
    )
    assert summary.marks == 2
    assert sum(f["properties"]["count"] for f in summary.hexagons["Barneveg"]["features"]) == 3


def test_api_mark_while_open(client: Any, tenants: Any) -> None:
    session = open_session(tenants)
    created = client.post(
        f"/api/childmap-sessions/{session.code}/marks",
        data=json.dumps(
            {"kind": "Aktivitet", "geometry": {"type": "Point", "coordinates": [10.92, 59.21]}}
        ),
        content_type="application/json",
    )
    assert created.status_code == 201
    refused = client.post(
        f"/api/childmap-sessions/{session.code}/marks",
        data=json.dumps({"kind": "Barneveg", "geometry": ROUTE}),
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["transport_mode"]
    ChildMapSession.objects.filter(pk=session.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1), opens_at=timezone.now() - timedelta(days=1)
    )
    closed = client.post(
        f"/api/childmap-sessions/{session.code}/marks",
        data=json.dumps({"kind": "Aktivitet", "place_text": "x"}),
        content_type="application/json",
    )
    assert closed.status_code == 404
    assert ChildMapMark.objects.count() == 1


# --- the school on the map -----------------------------------------------------------------

SCHOOL = {"type": "Point", "coordinates": [10.9436, 59.1986]}


def test_school_location_is_stored_as_a_point_and_bad_ones_are_refused(tenants: Any) -> None:
    session = open_session(tenants, school_location=[10.94361234, 59.19861234])
    assert session.school_location == {"type": "Point", "coordinates": [10.943612, 59.198612]}
    coordinator = tenants.users[Role.COORDINATOR]
    refusals = {
        "three coordinates": {"type": "Point", "coordinates": [10.94, 59.19, 12.0]},
        "latitude out of range": [10.94, 91.0],
        "longitude out of range": {"type": "Point", "coordinates": [181.0, 59.19]},
        "not a point": {"type": "LineString", "coordinates": [[10.9, 59.1], [10.91, 59.11]]},
        "not numbers": ["east", "north"],
    }
    for case, bad in refusals.items():
        with pytest.raises(ValidationError) as refused:
            services.childmap_session_set_school(
                session=session, school_location=bad, by=coordinator
            )
        assert list(refused.value.message_dict) == ["school_location"], case
    with pytest.raises(ValidationError):
        open_session(tenants, school_location=[10.94, 59.19, 3.0])
    session.refresh_from_db()
    assert session.school_location["coordinates"] == [10.943612, 59.198612]
    services.childmap_session_set_school(
        session=session, school_location=SCHOOL, school_name="Lisleby skole", by=coordinator
    )
    services.childmap_session_set_school(session=session, school_location=None, by=coordinator)
    session.refresh_from_db()
    assert session.school_location is None


def test_only_participation_staff_may_set_the_school(tenants: Any) -> None:
    session = open_session(tenants)
    with pytest.raises(PermissionDenied):
        services.childmap_session_set_school(
            session=session, school_location=SCHOOL, by=tenants.users[Role.VIEWER]
        )
    with pytest.raises(PermissionDenied):
        services.childmap_session_open(
            municipality=tenants.home,
            school_name="X",
            grade_group="5-7",
            school_location=SCHOOL,
            by=tenants.users[Role.VIEWER],
        )
    session.refresh_from_db()
    assert session.school_location is None


def test_staff_set_the_school_by_latitude_and_longitude(client: Any, tenants: Any) -> None:
    client.force_login(tenants.users[Role.COORDINATOR])
    listing = reverse("participation:childmap_list", args=["3107"])
    form = {"school_name": "Lisleby skole", "grade_group": "5-7"}
    half = client.post(listing, {**form, "school_lat": "59.1986"})
    assert half.status_code == 400
    assert half.context["form"].errors == {
        "school_lon": ["Fyll inn både breddegrad og lengdegrad, eller ingen."]
    }
    out_of_range = client.post(listing, {**form, "school_lat": "95", "school_lon": "10.9"})
    assert out_of_range.status_code == 400
    assert list(out_of_range.context["form"].errors) == ["school_lat"]
    created = client.post(listing, {**form, "school_lat": "59.1986", "school_lon": "10.9436"})
    assert created.status_code == 302
    session = ChildMapSession.objects.get()
    assert session.school_location == SCHOOL
    change = reverse("participation:childmap_school", args=["3107", session.pk])
    changed = client.post(
        change, {"school_name": "Lisleby skole", "school_lat": "59.2", "school_lon": "10.95"}
    )
    assert changed.status_code == 302
    session.refresh_from_db()
    assert session.school_location == {"type": "Point", "coordinates": [10.95, 59.2]}
    page = client.get(session.get_absolute_url())
    assert page.context["school_form"].initial["school_lat"] == 59.2
    client.force_login(tenants.users[Role.VIEWER])
    assert client.post(change, {"school_name": "X"}).status_code == 403
    session.refresh_from_db()
    assert session.school_name == "Lisleby skole"


def test_the_childs_map_shows_the_school(client: Any, tenants: Any) -> None:
    session = open_session(tenants, school_location=SCHOOL)
    page = client.get(reverse("participation:childmap_draw", args=["3107", session.code]))
    assert page.status_code == 200
    [feature] = page.context["school_geojson"]["features"]
    assert feature["geometry"] == SCHOOL
    assert feature["properties"]["label"] == "Skolen: Lisleby skole"
    html = page.content.decode()
    assert 'data-school="childmap-school"' in html
    assert 'id="childmap-school"' in html
    assert "Skolen din, Lisleby skole, er merket på kartet" in html  # the text alternative
    assert "school-on-map" in html
    exported = client.get(reverse("participation:childmap_export", args=["3107", session.pk]))
    assert exported.status_code == 302  # staff only
    client.force_login(tenants.users[Role.VIEWER])
    exported = client.get(reverse("participation:childmap_export", args=["3107", session.pk]))
    school = json.loads(exported.content)["features"][-1]
    assert (school["properties"]["objekttype"], school["geometry"]) == ("Skole", SCHOOL)
    services.childmap_mark_add(
        session=session, kind="Aktivitet", geometry={"type": "Point", "coordinates": [10.94, 59.2]}
    )
    detail = client.get(session.get_absolute_url()).content.decode()
    assert 'data-school="childmap-school"' in detail  # the staff hexagon maps show it too
    assert 'id="childmap-school"' in detail
    assert "59.1986, 10.9436" in detail
    bare = open_session(tenants)
    page = client.get(reverse("participation:childmap_draw", args=["3107", bare.code]))
    assert page.context["school_geojson"]["features"] == []
    assert "school-on-map" not in page.content.decode()


def test_demo_session_has_a_school_location(tenants: Any) -> None:
    demo_surveys._load_fredrikstad_childmap(tenants.home)
    session = ChildMapSession.objects.get(school_name="Lisleby skole")
    assert session.synthetic is True
    lon, lat = session.school_location["coordinates"]
    assert 10.8 < lon < 11.1  # inside Fredrikstad
    assert 59.1 < lat < 59.3
