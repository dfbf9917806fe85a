"""The demo's meeting places, committees and events load through the services on top of the
rest of the demo (seeds 000–003), with synthetic figures marked."""

from __future__ import annotations

from omrade.participation.places.models import (
    ActivitySession,
    CommitteeBoardMember,
    Event,
    LocalCommittee,
    MeetingPlace,
    PlaceActivity,
)
from tests.conftest import needs_shared_data

pytestmark = [needs_shared_data]


def test_demo_loads_the_seed_cases(demo_data):  # the demo's parts include demo_places
    names = list(
        MeetingPlace.objects.filter(municipality__code="3107").values_list("name", flat=True)
    )
    assert names == ["Det hvite hus", "Rebellhuset", "Samfunnshuset på Lisleby"]
    snuplassen = PlaceActivity.objects.get(title="NAV Snuplassen")
    assert snuplassen.place.name == "Rebellhuset"
    assert snuplassen.measure is not None
    assert snuplassen.measure.title == "NAV Snuplassen"
    assert snuplassen.weekdays == [0, 1, 3]
    assert {area.name for area in snuplassen.place.areas.all()} == {"Trosvik", "St. Croix"}
    assert ActivitySession.objects.filter(activity=snuplassen).exists()
    assert not ActivitySession.objects.filter(synthetic=False).exists()
    assert LocalCommittee.objects.filter(municipality__code="3107").count() == 21
    assert not CommitteeBoardMember.objects.filter(synthetic=False).exists()
    assert not LocalCommittee.objects.filter(contact_public=True).exists()
    forum = Event.objects.filter(municipality__code="3107", kind="forum_gathering")
    assert forum.count() == 4
    assert not forum.filter(synthetic=False).exists()
    bergen = Event.objects.get(municipality__code="4601", kind="public_meeting")
    assert (bergen.kind, bergen.area.name) == ("public_meeting", "Solheim")
