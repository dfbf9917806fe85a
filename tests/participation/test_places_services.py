"""Meeting places, local committees and events: the services' rules, with nothing written when
they refuse (opening hours, locations, attendance counts, overlapping bookings, the grant
passed on, the board's offices, capacity and the waiting list, the single-use cancel link)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from omrade.common.models import AuditEntry
from omrade.common.tokens import token_hash
from omrade.participation.core.models import ResidentNotice
from omrade.participation.places.models import (
    ActivitySession,
    Booking,
    CommitteeBoardMember,
    Event,
    EventAttendance,
    GrantDistribution,
    MeetingPlace,
    OpeningHours,
    PlaceActivity,
    Registration,
    Room,
)
from omrade.participation.places.services import committees, events
from omrade.participation.places.services import places as services
from omrade.participation.places.services.places import OpeningInterval
from omrade.tenancy.models import Municipality
from tests.factories import AreaFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


# --- builders the page tests share -----------------------------------------------------------


def build_place(municipality: Municipality, name: str = "Rebellhuset") -> MeetingPlace:
    return services.place_create(
        municipality=municipality,
        name=name,
        address="Trosvikstranda 1, Fredrikstad",
        latitude=Decimal("59.2104"),
        longitude=Decimal("10.9465"),
    )


def build_activity(place: MeetingPlace, **fields: object) -> PlaceActivity:
    values: dict[str, object] = {
        "title": "NAV Snuplassen",
        "weekdays": [1, 3, 0],
        "starts_at": time(10),
        "ends_at": time(14),
        "valid_from": timezone.localdate() - timedelta(days=400),
        "age_from": 18,
        "age_to": 30,
    }
    values |= fields
    return services.activity_create(place=place, **values)  # type: ignore[arg-type]


def build_event(municipality: Municipality, **fields: object) -> Event:
    start = timezone.now() + timedelta(days=7)
    values: dict[str, object] = {
        "kind": "public_meeting",
        "title": "Folkemøte om Holmen",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "registration_open": True,
    }
    values |= fields
    return events.event_create(municipality=municipality, **values)  # type: ignore[arg-type]


@pytest.fixture
def home(db: None) -> Municipality:
    return MunicipalityFactory(code="3107", name="Fredrikstad")


@pytest.fixture
def place(home: Municipality) -> MeetingPlace:
    return build_place(home)


@pytest.fixture
def room(place: MeetingPlace) -> Room:
    return services.room_create(place=place, name="Storsalen", capacity=40)


def future(days: int, hour: int) -> timezone.datetime:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


# --- places and opening hours ----------------------------------------------------------------


def test_place_outside_the_country_is_refused_naming_the_field(home):
    with pytest.raises(ValidationError) as refused:
        services.place_create(
            municipality=home, name="Feil", latitude=Decimal("10.9"), longitude=Decimal("59.2")
        )
    assert set(refused.value.message_dict) == {"latitude", "longitude"}
    assert "utenfor Norge" in refused.value.message_dict["latitude"][0]
    assert not MeetingPlace.objects.exists()


def test_place_needs_both_coordinates_or_none(home):
    with pytest.raises(ValidationError) as refused:
        services.place_create(municipality=home, name="Halv", latitude=Decimal("59.2"))
    assert "longitude" in refused.value.message_dict
    assert not MeetingPlace.objects.exists()


def test_opening_hours_replace_the_old_ones(place):
    services.place_set_opening_hours(
        place=place,
        intervals=[OpeningInterval(0, time(9), time(15)), OpeningInterval(2, time(12), time(20))],
        note="Stengt i fellesferien",
    )
    services.place_set_opening_hours(
        place=place, intervals=[OpeningInterval(4, time(10), time(14))]
    )
    assert [str(hours) for hours in OpeningHours.objects.all()] == ["fredag 10:00–14:00"]
    place.refresh_from_db()
    assert place.opening_note == "Stengt i fellesferien"


def test_opening_hours_must_close_after_they_open(place):
    services.place_set_opening_hours(place=place, intervals=[OpeningInterval(0, time(9), time(15))])
    with pytest.raises(ValidationError) as refused:
        services.place_set_opening_hours(
            place=place, intervals=[OpeningInterval(1, time(16), time(9))]
        )
    assert refused.value.message_dict["opening_hours"] == [
        "Tirsdag: stengetid (09:00) må være etter åpningstid (16:00)."
    ]
    assert [str(hours) for hours in OpeningHours.objects.all()] == ["mandag 09:00–15:00"]


def test_opening_hours_on_one_day_may_not_overlap(place):
    with pytest.raises(ValidationError) as refused:
        services.place_set_opening_hours(
            place=place,
            intervals=[
                OpeningInterval(3, time(9), time(13)),
                OpeningInterval(3, time(12), time(16)),
            ],
        )
    assert "overlapper" in refused.value.message_dict["opening_hours"][0]
    assert not OpeningHours.objects.exists()


# --- activities and attendance ---------------------------------------------------------------


def test_activity_keeps_weekdays_sorted_and_checks_times(place):
    activity = build_activity(place)
    assert activity.weekdays == [0, 1, 3]
    assert activity.weekday_labels == ["mandag", "tirsdag", "torsdag"]
    assert activity.target_ages == "18–30"
    with pytest.raises(ValidationError) as refused:
        build_activity(place, title="Feil", starts_at=time(14), ends_at=time(10))
    assert "ends_at" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        build_activity(place, title="Ingen dager", weekdays=[])
    assert "weekdays" in refused.value.message_dict
    assert PlaceActivity.objects.count() == 1


def test_session_counts_by_age_group(place):
    activity = build_activity(place)
    today = timezone.localdate()
    session = services.session_record(
        activity=activity, date=today, counts={"age_20_29": 7, "age_16_19": 2, "age_30_66": None}
    )
    assert (session.total, session.starts_at, session.age_20_29, session.age_30_66) == (
        9,
        time(10),
        7,
        0,
    )


def test_negative_counts_are_refused_naming_the_group(place):
    activity = build_activity(place)
    with pytest.raises(ValidationError) as refused:
        services.session_record(
            activity=activity, date=timezone.localdate(), counts={"age_6_12": -1, "age_0_5": 3}
        )
    assert refused.value.message_dict == {
        "age_6_12": ["6–12 år: antallet må være et helt tall, 0 eller mer."]
    }
    assert not ActivitySession.objects.exists()


def test_one_session_per_activity_date_and_start(place):
    activity = build_activity(place)
    today = timezone.localdate()
    services.session_record(activity=activity, date=today, counts={"age_20_29": 4})
    with pytest.raises(ValidationError) as refused:
        services.session_record(activity=activity, date=today, counts={"age_20_29": 5})
    assert "er allerede registrert" in refused.value.message_dict["date"][0]
    services.session_record(activity=activity, date=today, starts_at=time(12), counts={})
    assert ActivitySession.objects.count() == 2


def test_sessions_in_the_future_or_before_the_activity_are_refused(place):
    activity = build_activity(place, valid_from=timezone.localdate() - timedelta(days=3))
    for day in (timezone.localdate() + timedelta(days=1), timezone.localdate() - timedelta(days=9)):
        with pytest.raises(ValidationError) as refused:
            services.session_record(activity=activity, date=day, counts={"age_20_29": 1})
        assert "date" in refused.value.message_dict
    assert not ActivitySession.objects.exists()


# --- bookings --------------------------------------------------------------------------------


def test_a_request_needs_email_or_phone_and_is_kept_plain(room):
    with pytest.raises(ValidationError) as refused:
        services.booking_request(
            room=room,
            purpose="Strikkekafé",
            starts_at=future(3, 18),
            ends_at=future(3, 20),
            contact_name="Kari",
        )
    assert "contact_email" in refused.value.message_dict
    booking = services.booking_request(
        room=room,
        purpose="<b>Strikkekafé</b><script>alert(1)</script>",
        starts_at=future(3, 18),
        ends_at=future(3, 20),
        contact_name="Kari",
        contact_phone="900 00 000",
        from_public_form=True,
    )
    assert (booking.status, booking.purpose) == ("requested", "Strikkekaféalert(1)")


def test_overlapping_confirmed_bookings_are_refused_naming_the_clash(room):
    first = services.booking_create_confirmed(
        room=room,
        purpose="Årsmøte",
        starts_at=future(5, 18),
        ends_at=future(5, 20),
        group_name="Holmen vel",
    )
    request = services.booking_request(
        room=room,
        purpose="Leksehjelp",
        starts_at=future(5, 19),
        ends_at=future(5, 21),
        contact_name="Ali",
        contact_email="ali@example.org",
    )
    with pytest.raises(ValidationError) as refused:
        services.booking_confirm(booking=request)
    message = refused.value.message_dict["starts_at"][0]
    assert "«Storsalen» er allerede booket" in message
    assert "Holmen vel (Årsmøte)" in message
    request.refresh_from_db()
    assert (request.status, request.decided_at) == ("requested", None)
    with pytest.raises(ValidationError):
        services.booking_create_confirmed(
            room=room,
            purpose="Dobbel",
            starts_at=future(5, 17),
            ends_at=future(
                5,
                18,
            )
            + timedelta(minutes=30),
            group_name="Noen",
        )
    assert Booking.objects.count() == 2
    assert list(Booking.objects.filter(status="confirmed")) == [first]


def test_bookings_that_only_touch_do_not_clash(room):
    services.booking_create_confirmed(
        room=room, purpose="A", starts_at=future(5, 18), ends_at=future(5, 20), group_name="A"
    )
    after = services.booking_create_confirmed(
        room=room, purpose="B", starts_at=future(5, 20), ends_at=future(5, 22), group_name="B"
    )
    assert after.status == "confirmed"


def test_declining_needs_a_reason_and_is_audited(room):
    booking = services.booking_request(
        room=room,
        purpose="Fest",
        starts_at=future(2, 18),
        ends_at=future(2, 23),
        contact_name="Per",
        contact_phone="1",
    )
    with pytest.raises(ValidationError) as refused:
        services.booking_decline(booking=booking, reason="  ")
    assert "decline_reason" in refused.value.message_dict
    booking.refresh_from_db()
    assert booking.status == "requested"
    services.booking_decline(booking=booking, reason="Huset er stengt den kvelden.")
    booking.refresh_from_db()
    assert (booking.status, booking.decline_reason) == ("declined", "Huset er stengt den kvelden.")
    assert AuditEntry.objects.filter(action="booking.declined").count() == 1
    with pytest.raises(ValidationError) as refused:
        services.booking_confirm(booking=booking)
    assert refused.value.message_dict["status"] == ["Bookingen har allerede status «Avslått»."]


def test_correcting_a_session_changes_counts_and_time_and_is_audited(place):
    activity = build_activity(place)
    today = timezone.localdate()
    session = services.session_record(
        activity=activity, date=today, counts={"age_20_29": 7}, note="Regn"
    )
    services.session_update(
        session=session,
        counts={"age_20_29": 5, "age_16_19": 2},
        date=today - timedelta(days=1),
        starts_at=time(11),
        note="  Rettet  ",
    )
    session.refresh_from_db()
    assert (session.date, session.starts_at, session.note) == (
        today - timedelta(days=1),
        time(11),
        "Rettet",
    )
    assert (session.age_20_29, session.age_16_19, session.total) == (5, 2, 7)
    entry = AuditEntry.objects.get(action="activity_session.updated")
    assert entry.changes == {
        "date": [str(today), str(today - timedelta(days=1))],
        "starts_at": ["10:00:00", "11:00:00"],
        "note": ["Regn", "Rettet"],
        "age_16_19": [0, 2],
        "age_20_29": [7, 5],
    }


def test_a_refused_correction_changes_nothing(place):
    activity = build_activity(place, valid_from=timezone.localdate() - timedelta(days=5))
    today = timezone.localdate()
    other = services.session_record(activity=activity, date=today, counts={"age_0_5": 1})
    session = services.session_record(
        activity=activity, date=today - timedelta(days=1), counts={"age_20_29": 7}
    )
    refusals = [
        ({"counts": {"age_20_29": -2}}, "age_20_29"),
        ({"counts": {}, "date": today + timedelta(days=1)}, "date"),
        ({"counts": {}, "date": today - timedelta(days=6)}, "date"),
        ({"counts": {}, "date": other.date, "starts_at": other.starts_at}, "date"),
    ]
    for change, field in refusals:
        with pytest.raises(ValidationError) as refused:
            services.session_update(session=session, **change)  # type: ignore[arg-type]
        assert list(refused.value.message_dict) == [field]
        session.refresh_from_db()
        assert (session.date, session.starts_at, session.total) == (
            today - timedelta(days=1),
            time(10),
            7,
        )
    assert not AuditEntry.objects.filter(action="activity_session.updated").exists()


def test_deleting_a_session_is_audited_with_its_counts(place):
    activity = build_activity(place)
    session = services.session_record(
        activity=activity, date=timezone.localdate(), counts={"age_20_29": 4, "age_30_66": 1}
    )
    services.session_delete(session=session)
    assert not ActivitySession.objects.exists()
    entry = AuditEntry.objects.get(action="activity_session.deleted")
    assert (entry.changes["total"], entry.changes["age_20_29"], entry.changes["age_30_66"]) == (
        [5, None],
        [4, None],
        [1, None],
    )


def request_booking(room: Room, start: datetime, hours: int = 2, **fields: object) -> Booking:
    values: dict[str, object] = {
        "purpose": "Strikkekafé",
        "contact_name": "Kari",
        "contact_email": "kari@example.org",
    }
    values |= fields
    return services.booking_request(
        room=room,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        **values,  # type: ignore[arg-type]
    )


def test_cancelling_a_confirmed_booking_frees_the_room_and_tells_the_requester(room):
    booking = request_booking(room, future(6, 18))
    services.booking_confirm(booking=booking)
    services.booking_cancel(booking=booking, reason=" Vannlekkasje i salen. ")
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason, booking.reason) == (
        "cancelled",
        "Vannlekkasje i salen.",
        "Vannlekkasje i salen.",
    )
    assert booking.cancelled_at is not None
    entry = AuditEntry.objects.get(action="booking.cancelled")
    assert entry.changes == {
        "status": ["confirmed", "cancelled"],
        "reason": [None, "Vannlekkasje i salen."],
    }
    notices = list(ResidentNotice.objects.order_by("id"))
    assert [(notice.kind, notice.email) for notice in notices] == [
        ("booking", "kari@example.org"),
        ("booking", "kari@example.org"),
    ]
    assert notices[1].subject.endswith(": Avlyst")
    assert "er avlyst" in notices[1].body
    assert "Begrunnelse: Vannlekkasje i salen." in notices[1].body
    # The room is free again at that time.
    other = request_booking(
        room, future(6, 19), contact_name="Ali", contact_email="", contact_phone="1"
    )
    services.booking_confirm(booking=other)
    assert other.status == "confirmed"


def test_cancelling_needs_a_reason_and_a_confirmed_booking_not_yet_over(room):
    requested = request_booking(room, future(6, 18), contact_email="", contact_phone="1")
    with pytest.raises(ValidationError) as refused:
        services.booking_cancel(booking=requested, reason="Stengt")
    assert refused.value.message_dict == {"status": ["Bookingen har allerede status «Forespurt»."]}
    confirmed = services.booking_create_confirmed(
        room=room, purpose="Møte", starts_at=future(8, 18), ends_at=future(8, 20), group_name="A"
    )
    with pytest.raises(ValidationError) as refused:
        services.booking_cancel(booking=confirmed, reason="   ")
    assert refused.value.message_dict == {"cancel_reason": ["Skriv hvorfor bookingen avlyses."]}
    Booking.objects.filter(pk=confirmed.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(ValidationError) as refused:
        services.booking_cancel(booking=confirmed, reason="For sent")
    assert refused.value.message_dict == {"status": ["Bookingen er over og kan ikke avlyses."]}
    assert list(Booking.objects.order_by("pk").values_list("status", "cancel_reason")) == [
        ("requested", ""),
        ("confirmed", ""),
    ]
    assert not AuditEntry.objects.filter(action="booking.cancelled").exists()
    assert not ResidentNotice.objects.exists()


def test_declining_tells_the_requester_with_the_reason(room):
    booking = request_booking(room, future(6, 18))
    services.booking_decline(booking=booking, reason="Huset er stengt.")
    notice = ResidentNotice.objects.get()
    assert (notice.kind, notice.email, notice.subject.endswith(": Avslått")) == (
        "booking",
        "kari@example.org",
        True,
    )
    assert "Begrunnelse: Huset er stengt." in notice.body


def test_bookings_overlapping_a_recurring_activity_in_the_room_are_refused(place, room):
    day = timezone.localdate() + timedelta(days=7)
    activity = build_activity(
        place, room=room, weekdays=[day.weekday()], starts_at=time(10), ends_at=time(14)
    )
    noon = timezone.make_aware(datetime.combine(day, time(12)))
    with pytest.raises(ValidationError) as refused:
        request_booking(room, noon)
    weekday = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
    assert refused.value.message_dict == {
        "starts_at": [
            f"«Storsalen» er i bruk av den faste aktiviteten «NAV Snuplassen» "
            f"{weekday[day.weekday()]} {day:%d.%m.%Y} kl. 10:00–14:00."
        ]
    }
    with pytest.raises(ValidationError):
        services.booking_create_confirmed(
            room=room,
            purpose="Møte",
            starts_at=noon,
            ends_at=noon + timedelta(hours=1),
            group_name="A",
        )
    # Touching the activity, another room, or outside its period: not a clash.
    after = request_booking(room, noon + timedelta(hours=2))
    other_room = services.room_create(place=place, name="Møterommet")
    elsewhere = request_booking(other_room, noon)
    a_week_later = noon + timedelta(days=7)
    services.activity_update(activity=activity, valid_to=day)
    later = request_booking(room, a_week_later)
    assert [booking.status for booking in (after, elsewhere, later)] == ["requested"] * 3
    assert Booking.objects.count() == 3
    # A request made before the activity moved into the room is refused on confirmation.
    services.activity_update(activity=activity, valid_to=None)
    with pytest.raises(ValidationError) as refused:
        services.booking_confirm(booking=later)
    assert "«NAV Snuplassen»" in refused.value.message_dict["starts_at"][0]
    later.refresh_from_db()
    assert later.status == "requested"
    # The activity's own sessions are not bookings.
    services.session_record(activity=activity, date=timezone.localdate(), counts={"age_20_29": 3})
    assert activity.sessions.count() == 1


def test_an_activity_may_not_move_over_a_confirmed_booking(place, room):
    day = timezone.localdate() + timedelta(days=7)
    noon = timezone.make_aware(datetime.combine(day, time(12)))
    booking = request_booking(room, noon, group_name="Lisleby kor")
    services.booking_confirm(booking=booking)
    other_room = services.room_create(place=place, name="Møterommet")
    activity = build_activity(
        place, room=other_room, weekdays=[day.weekday()], starts_at=time(10), ends_at=time(14)
    )
    with pytest.raises(ValidationError) as refused:
        services.activity_update(activity=activity, room=room)
    [message] = refused.value.message_dict["room"]
    assert message.startswith("«Storsalen» er booket ")
    assert "av Lisleby kor (Strikkekafé); aktiviteten ville gått over den bookingen." in message
    activity.refresh_from_db()
    assert activity.room == other_room  # nothing changed
    with pytest.raises(ValidationError):
        build_activity(place, title="Ny", room=room, weekdays=[day.weekday()])
    assert PlaceActivity.objects.count() == 1
    # Another weekday, or the booking cancelled: the room is free for the activity.
    other_day = (day.weekday() + 1) % 7
    services.activity_update(activity=activity, room=room, weekdays=[other_day])
    services.booking_cancel(booking=booking, reason="Koret flytter")
    services.activity_update(activity=activity, weekdays=[day.weekday()])
    activity.refresh_from_db()
    assert (activity.room, activity.weekdays) == (room, [day.weekday()])


def test_the_public_form_does_not_name_an_internal_activity(place, room):
    day = timezone.localdate() + timedelta(days=7)
    build_activity(place, room=room, weekdays=[day.weekday()], is_public=False)
    evening = timezone.make_aware(datetime.combine(day, time(13)))
    with pytest.raises(ValidationError) as refused:
        request_booking(room, evening, from_public_form=True)
    message = refused.value.message_dict["starts_at"][0]
    assert "Snuplassen" not in message
    assert message.startswith("«Storsalen» er opptatt ")
    assert message.endswith(" kl. 10:00–14:00.")
    assert not Booking.objects.exists()


# --- local committees ------------------------------------------------------------------------


@pytest.fixture
def committee(home):
    area = AreaFactory(level__municipality=home, level__code="lokalsamfunn", name="Lisleby")
    return committees.committee_create(municipality=home, area=area, name="Lisleby LSU")


def test_distribution_over_the_grant_is_refused_naming_the_amounts(committee):
    grant = committees.grant_set(committee=committee, year=2024, amount=Decimal("50000"))
    committees.grant_distribution_add(
        grant=grant, purpose="17. mai", amount=Decimal("30000"), recipient_name="Lisleby skole FAU"
    )
    with pytest.raises(ValidationError) as refused:
        committees.grant_distribution_add(
            grant=grant, purpose="Julegrantenning", amount=Decimal("25000"), recipient_name="Vel"
        )
    assert refused.value.message_dict["amount"] == [
        "Tilskuddet for 2024 er 50\xa0000,00 kr, og 30\xa0000,00 kr er allerede fordelt. "
        "25\xa0000,00 kr til gir 55\xa0000,00 kr, som er mer enn tilskuddet "
        "(igjen: 20\xa0000,00 kr)."
    ]
    assert GrantDistribution.objects.count() == 1
    committees.grant_distribution_add(
        grant=grant, purpose="Julegrantenning", amount=Decimal("20000"), recipient_name="Vel"
    )
    assert committees.distributed_sum(grant) == Decimal("50000")


def test_negative_money_is_refused(committee):
    with pytest.raises(ValidationError) as refused:
        committees.grant_set(committee=committee, year=2024, amount=Decimal("-1"))
    assert "amount" in refused.value.message_dict
    grant = committees.grant_set(committee=committee, year=2024, amount=Decimal("100"))
    with pytest.raises(ValidationError):
        committees.grant_distribution_add(
            grant=grant, purpose="x", amount=Decimal("-5"), recipient_name="y"
        )
    assert not GrantDistribution.objects.exists()


def test_grant_cannot_drop_below_what_was_passed_on(committee):
    grant = committees.grant_set(committee=committee, year=2024, amount=Decimal("10000"))
    committees.grant_distribution_add(
        grant=grant, purpose="Vårdugnad", amount=Decimal("8000"), recipient_name="Velforeningen"
    )
    with pytest.raises(ValidationError) as refused:
        committees.grant_set(committee=committee, year=2024, amount=Decimal("5000"))
    assert "allerede fordelt" in refused.value.message_dict["amount"][0]
    grant.refresh_from_db()
    assert grant.amount == Decimal("10000")


def test_one_leader_at_a_time_but_many_members(committee):
    meeting = committees.annual_meeting_record(committee=committee, date=date(2024, 3, 14))
    committees.board_member_add(
        committee=committee,
        office="leader",
        name="Kari Nordmann",
        from_date=date(2024, 3, 14),
        elected_at=meeting,
    )
    with pytest.raises(ValidationError) as refused:
        committees.board_member_add(
            committee=committee, office="leader", name="Ola", from_date=date(2024, 6, 1)
        )
    assert refused.value.message_dict["office"][0].startswith("Kari Nordmann er allerede leder")
    for name in ("Per", "Pål"):
        committees.board_member_add(
            committee=committee, office="member", name=name, from_date=date(2024, 3, 14)
        )
    assert CommitteeBoardMember.objects.count() == 3
    leader = CommitteeBoardMember.objects.get(office="leader")
    committees.board_member_end(member=leader, to_date=date(2025, 3, 1))
    committees.board_member_add(
        committee=committee, office="leader", name="Ola", from_date=date(2025, 3, 2)
    )
    assert list(meeting.elections.values_list("name", flat=True)) == ["Kari Nordmann"]


# --- events: capacity, waiting list, cancel link ---------------------------------------------


def test_waiting_list_moves_up_in_order(home):
    event = build_event(home, capacity=5)
    first = events.registration_create(event=event, name="A", people=3)
    second = events.registration_create(event=event, name="B", people=2)
    third = events.registration_create(event=event, name="C", people=2)
    fourth = events.registration_create(event=event, name="D", people=1)
    assert [receipt.registration.status for receipt in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",  # full, and behind C anyway
    ]
    _cancelled, promoted = events.registration_cancel(token=second.cancel_token)
    assert [registration.name for registration in promoted] == ["C"]
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"A": "confirmed", "B": "cancelled", "C": "confirmed", "D": "waiting"}
    _cancelled, promoted = events.registration_cancel(token=first.cancel_token)
    assert [registration.name for registration in promoted] == ["D"]
    assert events.confirmed_people(event) == 3


def test_nobody_overtakes_the_first_in_line(home):
    event = build_event(home, capacity=4)
    a = events.registration_create(event=event, name="A", people=3)
    b = events.registration_create(event=event, name="B", people=3)  # waits
    c = events.registration_create(event=event, name="C", people=1)  # fits, but B is first
    assert (b.registration.status, c.registration.status) == ("waiting", "waiting")
    events.registration_cancel(token=a.cancel_token)
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"A": "cancelled", "B": "confirmed", "C": "confirmed"}


def test_raising_capacity_moves_the_list_up_and_lowering_below_taken_is_refused(home):
    event = build_event(home, capacity=2)
    events.registration_create(event=event, name="A", people=2)
    events.registration_create(event=event, name="B", people=1)
    with pytest.raises(ValidationError) as refused:
        events.event_update(event=event, capacity=1)
    assert refused.value.message_dict["capacity"] == [
        "2 personer er allerede påmeldt; antall plasser kan ikke bli 1."
    ]
    event.refresh_from_db()
    assert event.capacity == 2
    events.event_update(event=event, capacity=3)
    assert Registration.objects.get(name="B").status == "confirmed"


def test_cancel_link_works_once(home):
    event = build_event(home)
    receipt = events.registration_create(event=event, name="Kari", email="kari@example.org")
    assert len(receipt.cancel_token) >= 32
    assert receipt.registration.cancel_token_hash == token_hash(receipt.cancel_token)
    assert receipt.cancel_token not in receipt.registration.cancel_token_hash
    events.registration_cancel(token=receipt.cancel_token)
    with pytest.raises(ValidationError) as refused:
        events.registration_cancel(token=receipt.cancel_token)
    assert refused.value.messages == [
        "Påmeldingen er allerede avmeldt. Avmeldingslenken kan bare brukes én gang."
    ]
    with pytest.raises(ValidationError) as refused:
        events.registration_cancel(token="not-a-token")
    assert refused.value.messages == ["Avmeldingslenken er ugyldig."]


def test_same_email_cannot_register_twice_but_may_after_cancelling(home):
    event = build_event(home)
    receipt = events.registration_create(event=event, name="Kari", email="Kari@Example.org")
    with pytest.raises(ValidationError) as refused:
        events.registration_create(event=event, name="Kari N", email="kari@example.org ")
    assert "email" in refused.value.message_dict
    assert Registration.objects.count() == 1
    events.registration_cancel(token=receipt.cancel_token)
    events.registration_create(event=event, name="Kari", email="kari@example.org")
    assert Registration.objects.count() == 2


def test_closed_or_started_events_refuse_public_registrations(home):
    closed = build_event(home, registration_open=False)
    with pytest.raises(ValidationError) as refused:
        events.registration_create(event=closed, name="A")
    assert refused.value.messages == ["Påmeldingen til dette arrangementet er stengt."]
    started = build_event(
        home, starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(1)
    )
    with pytest.raises(ValidationError):
        events.registration_create(event=started, name="A")
    assert events.registration_create(event=started, name="A", by_staff=True).registration.pk
    assert Registration.objects.count() == 1


def test_attendance_counts_after_the_event_and_refuses_negative(home):
    event = build_event(home)
    with pytest.raises(ValidationError):
        events.event_record_attendance(event=event, counts={"age_30_66": 3})
    started = build_event(
        home, starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now()
    )
    with pytest.raises(ValidationError) as refused:
        events.event_record_attendance(event=started, counts={"age_67_plus": -2})
    assert "age_67_plus" in refused.value.message_dict
    attendance = events.event_record_attendance(
        event=started, counts={"age_30_66": 12, "age_67_plus": 4}
    )
    attendance = events.event_record_attendance(
        event=started, counts={"age_30_66": 13, "age_67_plus": 4}
    )
    assert (attendance.total, EventAttendance.objects.get(event=started).age_30_66) == (17, 13)


def test_minutes_stay_internal_until_published(home):
    event = build_event(home)
    events.event_save_minutes(event=event, minutes="Referat", published=False)
    assert (event.minutes, event.minutes_published) == ("Referat", False)
    events.event_save_minutes(event=event, minutes="", published=True)
    assert event.minutes_published is False  # nothing to publish
