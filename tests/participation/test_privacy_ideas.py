"""Privacy: the retention purge (and its console command), and a resident's export or
deletion of their input by a single-use, 24-hour confirmation link."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from omrade.cli import main
from omrade.participation.core import privacy
from omrade.participation.core.models import PrivacyRequest, ResidentNotice
from omrade.participation.core.retention import retention_purge
from omrade.participation.ideas.models import Idea, IdeaComment, KeyPersonInterview
from omrade.participation.ideas.services import ideas as services
from omrade.participation.ideas.services import interviews as register_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg(colour: str = "red") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format="JPEG")
    return SimpleUploadedFile("bilde.jpg", buffer.getvalue(), content_type="image/jpeg")


def idea(tenants, email="kari@example.no", **extra) -> Idea:
    return services.idea_submit(
        municipality=tenants.home,
        title="Benk",
        text="En benk ved skolen.",
        email=email,
        client_hash="abc",
        **extra,
    )


# --- retention -------------------------------------------------------------------------------


def test_purge_removes_expired_emails_and_keeps_the_idea(tenants):
    old = idea(tenants)
    fresh = idea(tenants, email="ola@example.no")
    long_ago = timezone.now() - timedelta(days=400)
    Idea.objects.filter(pk=old.pk).update(status_changed_at=long_ago, created_at=long_ago)
    report = retention_purge()
    assert (report.counts["idea_email"], report.counts["client_hash"]) == (1, 1)
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.email, old.client_hash, old.title) == ("", "", "Benk")
    assert (fresh.email, fresh.client_hash) == ("ola@example.no", "abc")
    assert retention_purge().counts["idea_email"] == 0


def test_a_dry_run_changes_nothing(tenants):
    old = idea(tenants)
    Idea.objects.filter(pk=old.pk).update(status_changed_at=timezone.now() - timedelta(days=400))
    report = retention_purge(dry_run=True)
    assert (report.dry_run, report.counts["idea_email"]) == (True, 1)
    old.refresh_from_db()
    assert old.email == "kari@example.no"


def test_interview_notes_go_after_five_years_the_record_stays(tenants):
    interview = register_services.interview_record(
        municipality=tenants.home,
        interviewer=None,
        role_or_organisation="Daglig leder, velforeningen",
        name="Per Hansen",
        interviewed_on=date(2018, 1, 10),
        notes="Notater",
        consent=True,
        consent_how="Skriftlig",
        consent_on=date(2018, 1, 10),
    )
    now = timezone.make_aware(timezone.datetime(2024, 1, 1))
    assert retention_purge(now=now).counts["interview_notes"] == 1
    interview.refresh_from_db()
    assert (interview.notes, interview.name, interview.role_or_organisation) == (
        "",
        "",
        "Daglig leder, velforeningen",
    )
    assert interview.notes_deleted_at == now


def test_old_notices_and_comment_hashes_go(tenants):
    services.moderation_mode_set(municipality=tenants.home, mode="post", by=None)
    item = idea(tenants)
    comment = services.idea_comment(idea=item, text="Enig", client_hash="xyz")
    services.idea_assess(idea=item, by=None)
    assert ResidentNotice.objects.count() == 1
    later = timezone.now() + timedelta(days=200)
    report = retention_purge(now=later)
    assert report.counts["resident_notice"] == 1
    assert ResidentNotice.objects.count() == 0
    comment.refresh_from_db()
    assert comment.client_hash == ""
    assert IdeaComment.objects.count() == 1


def test_the_console_command(tenants, capsys):
    old = idea(tenants)
    Idea.objects.filter(pk=old.pk).update(status_changed_at=timezone.now() - timedelta(days=400))
    assert main(["participation", "purge", "--dry-run"]) == 0
    assert "idea_email: would delete 1" in capsys.readouterr().out
    old.refresh_from_db()
    assert old.email == "kari@example.no"
    assert main(["participation", "purge"]) == 0
    assert "idea_email: deleted 1" in capsys.readouterr().out
    old.refresh_from_db()
    assert old.email == ""


# --- export and deletion by e-mail -----------------------------------------------------------


def test_the_request_queues_a_link_and_logs_a_masked_address(tenants):
    started = privacy.privacy_request_start(
        municipality=tenants.home, email="Kari@Example.no", kind="export"
    )
    request = PrivacyRequest.objects.get()
    assert request.email_masked == "K***@E***.no"
    assert started.token not in request.token_hash
    notice = ResidentNotice.objects.get()
    assert (notice.kind, notice.email) == ("confirm_export", "Kari@Example.no")
    assert f"/m/3107/medvirkning/personvern/{started.token}/" in notice.body
    assert request.expires_at - request.created_at == timedelta(hours=24)
    with pytest.raises(ValidationError) as refused:
        privacy.privacy_request_start(municipality=tenants.home, email="ikke-epost", kind="export")
    assert list(refused.value.message_dict) == ["email"]


def test_export_is_single_use(tenants, client):
    idea(tenants)
    idea(tenants, email="annen@example.no")
    started = privacy.privacy_request_start(
        municipality=tenants.home, email="KARI@example.no", kind="export"
    )
    url = reverse("participation:privacy_confirm", args=["3107", started.token])
    assert client.get(url).status_code == 200  # looking does not use the link
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="mine-innspill.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == ["mine-innspill.json"]  # no photos, no folder for them
        exported = json.loads(archive.read("mine-innspill.json"))
    assert exported["municipality"] == "Fredrikstad"
    assert exported["ideas"][0]["photo"] is None
    assert [(row["title"], row["email"]) for row in exported["ideas"]] == [
        ("Benk", "kari@example.no")
    ]
    assert client.post(url).status_code == 410
    assert client.get(url).status_code == 410
    assert PrivacyRequest.objects.get().items == 1


def test_delete_removes_only_that_address_and_expires_after_24_hours(tenants, client):
    mine, theirs = idea(tenants), idea(tenants, email="annen@example.no")
    expired = privacy.privacy_request_start(
        municipality=tenants.home,
        email="kari@example.no",
        kind="delete",
        now=timezone.now() - timedelta(hours=25),
    )
    url = reverse("participation:privacy_confirm", args=["3107", expired.token])
    assert client.post(url).status_code == 410
    assert Idea.objects.count() == 2
    started = privacy.privacy_request_start(
        municipality=tenants.home, email="kari@example.no", kind="delete"
    )
    url = reverse("participation:privacy_confirm", args=["3107", started.token])
    assert client.get(url.replace("/3107/", "/4601/")).status_code == 404
    response = client.post(url)
    assert response.status_code == 200
    assert list(Idea.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert not Idea.objects.filter(pk=mine.pk).exists()
    with pytest.raises(privacy.LinkRefused) as refused:
        privacy.privacy_request_confirm(municipality=tenants.home, token=started.token)
    assert refused.value.reason == "used"


def test_staff_see_the_log_residents_do_not(tenants, client):
    from omrade.tenancy.models import Role

    privacy.privacy_request_start(municipality=tenants.home, email="kari@example.no", kind="delete")
    url = reverse("participation:privacy_log", args=["3107"])
    client.force_login(tenants.users[Role.COORDINATOR])
    html = client.get(url).content.decode()
    assert "k***@e***.no" in html
    assert "kari@example.no" not in html
    client.force_login(tenants.users[Role.VIEWER])
    assert client.get(url).status_code == 403
    assert KeyPersonInterview.objects.count() == 0


# --- photos in the export and the deletion ---------------------------------------------------


def test_the_export_holds_the_photo_files(tenants, client):
    with_photo = idea(tenants, photo=jpeg(), photo_description="Benken i dag")
    without = idea(tenants)
    other = idea(tenants, email="annen@example.no", photo=jpeg("blue"))
    started = privacy.privacy_request_start(
        municipality=tenants.home, email="kari@example.no", kind="export"
    )
    url = reverse("participation:privacy_confirm", args=["3107", started.token])
    response = client.post(url)
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == [
            f"bilder/ide-{with_photo.pk}.jpg",
            "mine-innspill.json",
        ]
        exported = json.loads(archive.read("mine-innspill.json"))
        with with_photo.photo.open("rb") as stored:
            assert archive.read(f"bilder/ide-{with_photo.pk}.jpg") == stored.read()
    assert {row["id"]: (row["photo"], row["photo_description"]) for row in exported["ideas"]} == {
        with_photo.pk: (f"bilder/ide-{with_photo.pk}.jpg", "Benken i dag"),
        without.pk: (None, ""),
    }
    assert other.pk not in {row["id"] for row in exported["ideas"]}


def test_a_photo_file_missing_from_storage_is_left_out(tenants):
    lost = idea(tenants, photo=jpeg())
    Path(lost.photo.path).unlink()
    started = privacy.privacy_request_start(
        municipality=tenants.home, email="kari@example.no", kind="export"
    )
    result = privacy.privacy_request_confirm(municipality=tenants.home, token=started.token)
    with zipfile.ZipFile(io.BytesIO(result.archive)) as archive:
        assert archive.namelist() == ["mine-innspill.json"]
    assert [row["photo"] for row in result.export["ideas"]] == [None]


def test_deletion_removes_the_photo_files_and_the_outbox_mail(
    tenants, django_capture_on_commit_callbacks
):
    mine = idea(tenants, photo=jpeg())
    theirs = idea(tenants, email="annen@example.no", photo=jpeg("blue"))
    services.moderation_mode_set(municipality=tenants.home, mode="post", by=None)
    services.idea_assess(idea=theirs, by=None)  # a feedback e-mail to the other address
    mine_file, their_file = Path(mine.photo.path), Path(theirs.photo.path)
    assert mine_file.is_file()
    assert their_file.is_file()
    started = privacy.privacy_request_start(
        municipality=tenants.home, email="Kari@example.no", kind="delete"
    )
    assert ResidentNotice.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        result = privacy.privacy_request_confirm(municipality=tenants.home, token=started.token)
    assert (result.kind, result.items) == ("delete", 1)
    assert not mine_file.exists()
    assert their_file.is_file()
    assert list(Idea.objects.values_list("pk", flat=True)) == [theirs.pk]
    # The e-mails to the address (the confirmation link) are gone; the other's stays.
    assert list(ResidentNotice.objects.values_list("email", flat=True)) == ["annen@example.no"]


def test_a_refused_deletion_keeps_the_photo(tenants, django_capture_on_commit_callbacks):
    mine = idea(tenants, photo=jpeg())
    started = privacy.privacy_request_start(
        municipality=tenants.home,
        email="kari@example.no",
        kind="delete",
        now=timezone.now() - timedelta(hours=25),
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(privacy.LinkRefused):
        privacy.privacy_request_confirm(municipality=tenants.home, token=started.token)
    assert Path(mine.photo.path).is_file()
    assert Idea.objects.count() == 1
    assert ResidentNotice.objects.count() == 1


# --- survey answers and event registrations --------------------------------------------------


@pytest.fixture
def identified_survey(tenants):
    from tests.participation.test_surveys import add_questions, make_survey, publish

    survey = make_survey(tenants.home, identity="identified", retention_days=30)
    questions = add_questions(survey)
    publish(survey)
    return survey, questions


def identified_answer(identified_survey, email: str, fingerprint: str):
    from omrade.participation.surveys.services import answers as answering

    survey, questions = identified_survey
    return answering.response_submit(
        survey=survey,
        answers={
            questions["single"].pk: {"choices": ["yes"]},
            questions["children"].pk: {"number": 4},
            questions["text"].pk: {"text": "Mer lys i parken."},
        },
        fingerprint=fingerprint,
        name="Kari Nordmann",
        email=email,
        language="en",
    )


def full_event(tenants, capacity: int = 2):
    from omrade.participation.places.services import events

    start = timezone.now() + timedelta(days=7)
    return events.event_create(
        municipality=tenants.home,
        kind="public_meeting",
        title="Folkemøte om Holmen",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        registration_open=True,
        capacity=capacity,
    )


def test_the_export_holds_survey_answers_and_registrations(tenants, identified_survey):
    from omrade.participation.places.services import events

    answer = identified_answer(identified_survey, "kari@example.no", "a")
    identified_answer(identified_survey, "ola@example.no", "b")
    event = full_event(tenants)
    mine = events.registration_create(
        event=event, name="Kari", email="KARI@example.no", phone="99999999", people=2
    ).registration
    events.registration_create(event=event, name="Ola", email="ola@example.no")
    started = privacy.privacy_request_start(
        municipality=tenants.home, email="kari@example.no", kind="export"
    )
    result = privacy.privacy_request_confirm(municipality=tenants.home, token=started.token)
    assert (result.items, result.counts) == (
        2,
        {"ideas": 0, "survey_answers": 1, "event_registrations": 1, "room_bookings": 0},
    )
    with zipfile.ZipFile(io.BytesIO(result.archive)) as archive:
        exported = json.loads(archive.read("mine-innspill.json"))
    assert exported == result.export
    [response] = exported["survey_answers"]
    assert (response["id"], response["survey"], response["name"], response["email"]) == (
        answer.pk,
        "Our neighbourhood",
        "Kari Nordmann",
        "kari@example.no",
    )
    assert [
        (row["question"], row["choices"], row["number"], row["text"]) for row in response["answers"]
    ] == [
        ("Do you have children?", ["Yes"], None, ""),
        ("Hvor trygt er skoleveien?", [], 4, ""),
        ("Noe mer?", [], None, "Mer lys i parken."),
    ]
    [registration] = exported["event_registrations"]
    assert {key: registration[key] for key in ("id", "event", "name", "email", "people")} == {
        "id": mine.pk,
        "event": "Folkemøte om Holmen",
        "name": "Kari",
        "email": "kari@example.no",
        "people": 2,
    }
    assert (registration["phone"], registration["status"]) == ("99999999", "confirmed")


def test_deletion_removes_answers_and_registrations_and_moves_the_waiting_list(
    tenants, client, identified_survey
):
    from omrade.common.models import AuditEntry
    from omrade.participation.places.models import Registration
    from omrade.participation.places.services import events
    from omrade.participation.surveys.models import Response

    identified_answer(identified_survey, "kari@example.no", "a")
    kept_answer = identified_answer(identified_survey, "ola@example.no", "b")
    event = full_event(tenants, capacity=2)
    events.registration_create(event=event, name="Kari", email="kari@example.no", people=2)
    waiting = events.registration_create(event=event, name="Per", email="per@example.no")
    assert waiting.registration.status == "waiting"
    idea(tenants)
    started = privacy.privacy_request_start(
        municipality=tenants.home, email="kari@example.no", kind="delete"
    )
    url = reverse("participation:privacy_confirm", args=["3107", started.token])
    html = client.post(url).content.decode()
    assert "3 innspill er slettet:" in html
    assert "1 idé<" in html
    assert "1 svar på en spørreundersøkelse<" in html
    assert "1 påmelding til et arrangement<" in html
    assert list(Response.objects.values_list("pk", flat=True)) == [kept_answer.pk]
    assert list(Registration.objects.values_list("name", "status")) == [("Per", "confirmed")]
    assert Idea.objects.count() == 0
    assert PrivacyRequest.objects.get().items == 3
    summaries = " ".join(AuditEntry.objects.values_list("summary", flat=True))
    assert "Kari" not in summaries
    assert "kari@example.no" not in summaries


# --- room bookings ---------------------------------------------------------------------------


def test_bookings_are_exported_and_keep_only_the_booking_after_deletion(tenants):
    from omrade.common.models import AuditEntry
    from omrade.participation.places.models import Booking
    from omrade.participation.places.services import places as place_services
    from tests.participation.test_places_services import build_place

    room = place_services.room_create(place=build_place(tenants.home), name="Storsalen")
    starts = timezone.now() + timedelta(days=3)
    mine = place_services.booking_request(
        room=room,
        purpose="Korøvelse",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        contact_name="Kari",
        contact_email="Kari@Example.no",
        contact_phone="99999999",
        group_name="Lisleby kor",
    )
    theirs = place_services.booking_request(
        room=room,
        purpose="Møte",
        starts_at=starts + timedelta(days=1),
        ends_at=starts + timedelta(days=1, hours=1),
        contact_name="Ola",
        contact_email="ola@example.no",
    )
    exported = privacy.privacy_request_confirm(
        municipality=tenants.home,
        token=privacy.privacy_request_start(
            municipality=tenants.home, email="kari@example.no", kind="export"
        ).token,
    )
    assert (exported.items, exported.counts["room_bookings"]) == (1, 1)
    [booking] = exported.export["room_bookings"]
    assert {k: booking[k] for k in ("id", "place", "room", "group", "contact_phone")} == {
        "id": mine.pk,
        "place": "Rebellhuset",
        "room": "Storsalen",
        "group": "Lisleby kor",
        "contact_phone": "99999999",
    }
    deleted = privacy.privacy_request_confirm(
        municipality=tenants.home,
        token=privacy.privacy_request_start(
            municipality=tenants.home, email="kari@example.no", kind="delete"
        ).token,
    )
    assert deleted.counts["room_bookings"] == 1
    kept = Booking.objects.get(pk=mine.pk)  # the place's record of the room's use stays
    assert (kept.purpose, kept.group_name, kept.status) == ("Korøvelse", "Lisleby kor", "requested")
    assert (kept.contact_name, kept.contact_email, kept.contact_phone) == (
        "(slettet etter ønske)",
        "",
        "",
    )
    kept.full_clean()  # still a valid booking: staff can decide on it
    assert Booking.objects.get(pk=theirs.pk).contact_email == "ola@example.no"
    assert AuditEntry.objects.filter(action="booking.contact_erased_on_request").count() == 1
