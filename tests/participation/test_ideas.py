"""Ideas: the workflow table, pre- and post-moderation, support, comments, reports, hiding,
blocking, anonymous posting through the page and the API (honeypot, rate limit, HTML
stripped, photos checked and stripped of metadata), and tenant separation."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from omrade.common.models import AuditEntry
from omrade.participation.core.models import ResidentNotice
from omrade.participation.ideas.models import (
    AbuseReport,
    Block,
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaStatusChange,
    IdeaSupport,
)
from omrade.participation.ideas.services import ideas as services
from omrade.participation.ideas.workflow import TRANSITIONS, IdeaAction, allowed_actions
from omrade.tenancy.models import Role
from tests.portfolio.conftest import Portfolio, portfolio  # noqa: F401 - fixtures
from tests.programmes.conftest import setup  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def submit(tenants, **overrides) -> Idea:
    data = {
        "municipality": tenants.home,
        "title": "Benker ved Rebellhuset",
        "text": "Flere benker der ungdom samles.",
        "email": "kari@example.no",
        "client_hash": "client-a",
    } | overrides
    return services.idea_submit(**data)


def post_mode(tenants) -> None:
    services.moderation_mode_set(municipality=tenants.home, mode="post", by=None)


def state(idea: Idea) -> tuple[str, str, str, int | None]:
    idea.refresh_from_db()
    return idea.status, idea.feedback, idea.not_taken_reason, idea.measure_id


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x010F] = "Kameraprodusent"  # Make
    exif[0x8825] = {1: "N", 2: (59.0, 13.0, 0.0), 3: "E", 4: (10.0, 56.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


# --- the workflow table ----------------------------------------------------------------------


def test_the_table_lists_exactly_the_allowed_steps():
    assert TRANSITIONS == {
        (IdeaAction.ASSESS, IdeaStatus.RECEIVED): IdeaStatus.ASSESSING,
        (IdeaAction.TAKE, IdeaStatus.ASSESSING): IdeaStatus.TAKEN,
        (IdeaAction.DECLINE, IdeaStatus.ASSESSING): IdeaStatus.NOT_TAKEN,
        (IdeaAction.COMPLETE, IdeaStatus.TAKEN): IdeaStatus.DONE,
        (IdeaAction.REOPEN, IdeaStatus.NOT_TAKEN): IdeaStatus.ASSESSING,
    }
    assert allowed_actions("received") == ["assess"]
    assert allowed_actions("assessing") == ["take", "decline"]
    assert allowed_actions("taken") == ["complete"]
    assert allowed_actions("not_taken") == ["reopen"]
    assert allowed_actions("done") == []


@pytest.mark.parametrize("status", list(IdeaStatus))
@pytest.mark.parametrize("action", list(IdeaAction))
def test_every_step_not_in_the_table_is_refused_and_changes_nothing(
    tenants,
    portfolio,  # noqa: F811
    status,
    action,
):
    if (action, status) in TRANSITIONS:
        pytest.skip("allowed: tested below")
    idea = submit(tenants)
    Idea.objects.filter(pk=idea.pk).update(status=status)
    before = state(idea)
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.idea_transition(
            idea=idea,
            action=action,
            by=tenants.users[Role.PROGRAMME_MANAGER],
            reason="Grunn",
            measure=portfolio.snuplassen if action == IdeaAction.TAKE else None,
        )
    assert "status" in refused.value.message_dict
    assert state(idea) == before
    assert AuditEntry.objects.count() == audits
    assert IdeaStatusChange.objects.count() == 0
    assert ResidentNotice.objects.count() == 0


def test_the_whole_path_writes_public_feedback_audit_and_notices(tenants, portfolio):  # noqa: F811
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    idea = submit(tenants)
    services.idea_assess(idea=idea, by=manager)
    assert state(idea) == ("assessing", "Kommunen vurderer nå idéen.", "", None)
    services.idea_take(
        idea=idea,
        by=manager,
        measure=portfolio.meeting_places,
        feedback="Tatt inn i arbeidet med nærmiljøarenaer.",
    )
    assert state(idea) == (
        "taken",
        "Tatt inn i arbeidet med nærmiljøarenaer.",
        "",
        portfolio.meeting_places.pk,
    )
    services.idea_complete(idea=idea, by=manager)
    assert state(idea)[0] == "done"
    changes = list(IdeaStatusChange.objects.filter(idea=idea))
    assert [(c.from_status, c.to_status, c.measure_id) for c in changes] == [
        ("received", "assessing", None),
        ("assessing", "taken", portfolio.meeting_places.pk),
        ("taken", "done", None),
    ]
    actions = list(
        AuditEntry.objects.filter(object_id=str(idea.pk), object_type="participation.idea")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["idea.submitted", "idea.assess", "idea.take", "idea.complete"]
    notices = list(ResidentNotice.objects.order_by("id"))
    assert [(n.kind, n.email) for n in notices] == [("feedback", "kari@example.no")] * 3
    assert "Nærmiljøarenaer" in notices[1].body
    assert f"/m/3107/medvirkning/ideer/{idea.pk}/" in notices[1].body


def test_take_needs_a_measure_of_the_same_municipality(tenants, portfolio):  # noqa: F811
    from omrade.portfolio.services import measures as measure_services
    from omrade.programmes.services import programme as programme_services

    idea = submit(tenants)
    services.idea_assess(idea=idea, by=None)
    with pytest.raises(ValidationError) as refused:
        services.idea_take(idea=idea, by=None)
    assert "measure" in refused.value.message_dict
    bergen = programme_services.programme_create(
        by=None, municipality=tenants.other, name="Bergen", start_year=2023, end_year=2032
    )
    foreign = measure_services.measure_create(programme=bergen, title="Fremmed")
    with pytest.raises(ValidationError) as refused:
        services.idea_take(idea=idea, by=None, measure=foreign)
    assert refused.value.message_dict == {"measure": ["Tiltaket må høre til samme kommune."]}
    assert state(idea) == ("assessing", "Kommunen vurderer nå idéen.", "", None)


def test_a_taken_idea_shows_what_became_of_its_measure(tenants, portfolio, client):  # noqa: F811
    """Like Decidim's accountability: the measure's status, progress and latest tertial
    status, publicly without a link (measures have no public page), linked for staff."""
    from omrade.portfolio.services import measures as measure_services
    from omrade.portfolio.services import progress as progress_services

    post_mode(tenants)
    measure = portfolio.meeting_places
    for status in ("planned", "running"):
        measure_services.measure_set_status(measure=measure, status=status)
    measure_services.measure_update(measure=measure, progress=40)
    for period, rag, text in (("2024T1", "green", "I rute."), ("2024T2", "amber", "Venter.")):
        progress_services.progress_report_save(
            measure=measure, period=period, rag=rag, text=text, by=None
        )
    idea = submit(tenants)
    services.idea_assess(idea=idea, by=None)
    services.idea_take(idea=idea, by=None, measure=measure)
    measure.refresh_from_db()

    public = client.get(reverse("participation:idea_public_detail", args=["3107", idea.pk]))
    html = public.content.decode()
    result = html.split('id="result-heading"')[1].split("</section>")[0]
    assert "Nærmiljøarenaer" in result
    assert measure.get_status_display() in result
    assert "40 %" in result
    assert '<span aria-hidden="true">▲ </span>Gul</span>' in result  # colour, also as text
    assert "(2. tertial 2024): Venter." in result
    assert "I rute." not in result  # only the latest tertial
    assert measure.get_absolute_url() not in html

    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    staff = client.get(reverse("participation:idea_staff_detail", args=["3107", idea.pk]))
    result = staff.content.decode().split('id="result-heading"')[1].split("</section>")[0]
    assert f'href="{measure.get_absolute_url()}"' in result
    progress_url = reverse(
        "portfolio:progress_report", args=["3107", measure.programme_id, measure.pk]
    )
    assert f'href="{progress_url}"' in result

    page = client.get(measure.get_absolute_url()).content.decode()
    reports = page.split('id="progress-heading"')[1].split("</section>")[0]
    assert reports.index("2. tertial 2024") < reports.index("1. tertial 2024")  # newest first
    assert f'href="{progress_url}"' in reports
    assert "Benker ved Rebellhuset" in page.split('id="ideas-heading"')[1]


def test_declining_needs_a_reason_and_shows_it(tenants, client):
    post_mode(tenants)
    idea = submit(tenants, email="")
    services.idea_assess(idea=idea, by=None)
    with pytest.raises(ValidationError) as refused:
        services.idea_decline(idea=idea, by=None, reason="  ")
    assert refused.value.message_dict == {"reason": ["Skriv hvorfor idéen ikke tas inn."]}
    services.idea_decline(idea=idea, by=None, reason="Kommunen eier ikke tomten.")
    assert state(idea) == (
        "not_taken",
        "Idéen er vurdert, men ikke tatt inn.",
        "Kommunen eier ikke tomten.",
        None,
    )
    assert ResidentNotice.objects.count() == 0  # no e-mail given: no notice
    page = client.get(reverse("participation:idea_public_detail", args=["3107", idea.pk]))
    assert "Kommunen eier ikke tomten." in page.content.decode()
    services.idea_reopen(idea=idea, by=None)
    assert state(idea)[:3] == ("assessing", "Idéen vurderes på nytt.", "")


def test_the_public_page_shows_the_measure_title_and_description(tenants, portfolio, client):  # noqa: F811
    portfolio.snuplassen.description = "Arbeidstrening på Rebellhuset."
    portfolio.snuplassen.save()
    idea = services.idea_register(
        municipality=tenants.home, by=None, title="Jobbkafé", text="Hjelp med CV."
    )
    services.idea_assess(idea=idea, by=None)
    services.idea_take(idea=idea, by=None, measure=portfolio.snuplassen)
    html = client.get(reverse("participation:idea_public_detail", args=["3107", idea.pk])).content
    text = html.decode()
    assert "NAV Snuplassen" in text
    assert "Arbeidstrening på Rebellhuset." in text
    assert "/portfolio/" not in text  # internal pages are not linked


def test_staff_transition_page_refuses_a_step_and_changes_nothing(tenants, client):
    client.force_login(tenants.users[Role.COORDINATOR])
    idea = submit(tenants)
    url = reverse("participation:idea_transition", args=["3107", idea.pk, "complete"])
    response = client.post(url, {"feedback": ""})
    assert response.status_code == 400
    assert state(idea)[0] == "received"
    response = client.post(
        reverse("participation:idea_transition", args=["3107", idea.pk, "assess"]), {}
    )
    assert response.status_code == 302
    assert state(idea)[0] == "assessing"
    client.force_login(tenants.users[Role.VIEWER])
    response = client.post(
        reverse("participation:idea_transition", args=["3107", idea.pk, "decline"]),
        {"reason": "Nei"},
    )
    assert response.status_code == 403
    assert state(idea)[0] == "assessing"


# --- moderation ------------------------------------------------------------------------------


def test_pre_moderation_shows_nothing_until_approved(tenants, client):
    idea = submit(tenants)
    assert idea.moderation == "pending"
    detail = reverse("participation:idea_public_detail", args=["3107", idea.pk])
    assert client.get(detail).status_code == 404
    assert (
        idea.title
        not in client.get(reverse("participation:idea_public_list", args=["3107"])).content.decode()
    )
    api = client.get("/api/municipalities/3107/ideas").json()
    assert api == []
    services.content_approve(item=idea, by=tenants.users[Role.COORDINATOR])
    assert client.get(detail).status_code == 200
    assert [row["title"] for row in client.get("/api/municipalities/3107/ideas").json()] == [
        "Benker ved Rebellhuset"
    ]


def test_post_moderation_publishes_at_once_and_hiding_shows_the_reason(tenants, client):
    post_mode(tenants)
    idea = submit(tenants)
    assert idea.moderation == "published"
    detail = reverse("participation:idea_public_detail", args=["3107", idea.pk])
    assert "Flere benker der ungdom samles." in client.get(detail).content.decode()
    services.content_hide(item=idea, reason="Personangrep", by=None)
    text = client.get(detail).content.decode()
    assert "Skjult av moderator: Personangrep" in text
    assert "Flere benker der ungdom samles." not in text
    assert "Benker ved Rebellhuset" not in text
    row = client.get("/api/municipalities/3107/ideas").json()[0]
    assert (row["hidden"], row["hidden_reason"], row["title"], row["text"]) == (
        True,
        "Personangrep",
        None,
        None,
    )
    services.content_restore(item=idea, by=None)
    assert "Flere benker der ungdom samles." in client.get(detail).content.decode()


def test_programme_setting_wins_over_the_municipality_default(tenants, setup):  # noqa: F811
    post_mode(tenants)
    services.moderation_mode_set(
        municipality=tenants.home, programme=setup.programme, mode="pre", by=None
    )
    assert submit(tenants).moderation == "published"
    assert submit(tenants, programme=setup.programme).moderation == "pending"


def test_comments_follow_the_moderation_and_staff_answers_are_public(tenants):
    post_mode(tenants)
    idea = submit(tenants)
    assert services.idea_comment(idea=idea, text="Enig", client_hash="b").moderation == "published"
    services.moderation_mode_set(municipality=tenants.home, mode="pre", by=None)
    assert services.idea_comment(idea=idea, text="Også enig", client_hash="b").moderation == (
        "pending"
    )
    staff = services.idea_comment(
        idea=idea, text="Vi ser på det.", by_staff=tenants.users[Role.COORDINATOR]
    )
    assert (staff.moderation, staff.client_hash) == ("published", "")


def test_report_then_hide_closes_the_report(tenants, client):
    post_mode(tenants)
    idea = submit(tenants)
    comment = services.idea_comment(idea=idea, text="Stygg kommentar", client_hash="troll")
    url = reverse("participation:idea_report", args=["3107", idea.pk])
    response = client.post(
        url + f"?kommentar={comment.pk}", {"reason": "Hets", "kommentar": comment.pk}
    )
    assert response.status_code == 302
    report = AbuseReport.objects.get()
    assert (report.comment_id, report.idea_id, report.reason) == (comment.pk, None, "Hets")
    services.content_hide(item=comment, reason="Hets mot enkeltpersoner", by=None)
    report.refresh_from_db()
    assert report.handled_at is not None
    assert report.outcome == "Skjult: Hets mot enkeltpersoner"


def test_blocking_refuses_the_client_and_the_email_neutrally(tenants):
    post_mode(tenants)
    idea = submit(tenants, client_hash="troll", email="troll@example.no")
    block = services.content_block(item=idea, reason="Gjentatt hets", by=None)
    idea.refresh_from_db()
    assert (idea.moderation, idea.hidden_reason) == ("hidden", "Gjentatt hets")
    assert block.client_hash == "troll"
    assert "troll@example.no" not in block.email_hash
    count = Idea.objects.count()
    for overrides in (
        {"client_hash": "troll", "email": ""},
        {"client_hash": "ny", "email": "TROLL@example.no"},
    ):
        with pytest.raises(ValidationError) as refused:
            submit(tenants, **overrides)
        assert refused.value.messages == ["Skjemaet kunne ikke sendes. Prøv igjen senere."]
    with pytest.raises(ValidationError):
        services.idea_comment(
            idea=submit(tenants, client_hash="ok"), text="Hei", client_hash="troll"
        )
    assert Idea.objects.count() == count + 1
    assert IdeaComment.objects.count() == 0
    assert Block.objects.count() == 1


def test_one_support_per_browser_or_user(tenants, client):
    post_mode(tenants)
    idea = submit(tenants)
    assert services.idea_support(idea=idea, client_hash="x") is True
    assert services.idea_support(idea=idea, client_hash="x") is False
    assert services.idea_support(idea=idea, client_hash="y") is True
    user = tenants.users[Role.VIEWER]
    assert services.idea_support(idea=idea, user=user) is True
    assert services.idea_support(idea=idea, user=user, client_hash="z") is False
    assert IdeaSupport.objects.count() == 3
    url = reverse("participation:idea_support", args=["3107", idea.pk])
    client.post(url)
    client.post(url)
    assert IdeaSupport.objects.count() == 4


def test_neighbours_on_one_network_with_the_same_phone_each_support_once(tenants):
    from django.test import Client

    post_mode(tenants)
    idea = submit(tenants)
    url = reverse("participation:idea_support", args=["3107", idea.pk])
    phone = {"HTTP_USER_AGENT": "Same phone", "REMOTE_ADDR": "203.0.113.30"}
    first, second = Client(**phone), Client(**phone)
    first.post(url)
    second.post(url)
    assert IdeaSupport.objects.count() == 2
    again = first.post(url, follow=True)
    assert "Du har allerede støttet denne idéen." in again.content.decode()
    assert IdeaSupport.objects.count() == 2


def test_a_workshop_behind_one_address_can_post_its_ideas(tenants):
    """Residents at a workshop post on their own phones from one address: tens of ideas an
    hour pass; a new user agent does not reset the address's budget."""
    from django.test import Client

    from omrade.participation.core.abuse import BUDGETS

    url = reverse("participation:idea_submit", args=["3107"])
    budget = BUDGETS["idea"].per_address
    statuses = [
        Client(REMOTE_ADDR="203.0.113.40", HTTP_USER_AGENT=f"Phone {n}")
        .post(url, form_data(title=f"Idé {n}"))
        .status_code
        for n in range(budget + 1)
    ]
    assert statuses == [302] * budget + [429]
    assert Idea.objects.count() == budget


# --- anonymous posting -----------------------------------------------------------------------


def form_data(**overrides) -> dict[str, object]:
    return {"title": "Lekeplass", "text": "En lekeplass i Lisleby.", "email": ""} | overrides


def test_the_forms_offer_the_municipalitys_areas_and_store_the_chosen_one(tenants, client):
    from tests.participation.test_surveys import make_area

    area = make_area(tenants.home)
    submit_url = reverse("participation:idea_submit", args=["3107"])
    assert f'<option value="{area.pk}">Lisleby</option>' in client.get(submit_url).content.decode()
    public_list = reverse("participation:idea_public_list", args=["3107"])
    assert f'<option value="{area.pk}">Lisleby</option>' in client.get(public_list).content.decode()
    client.force_login(tenants.users[Role.COORDINATOR])
    registered = client.post(
        reverse("participation:idea_register", args=["3107"]),
        form_data(area=area.pk, where="Verksted på Lisleby skole", on_behalf="on"),
    )
    assert registered.status_code == 302
    assert Idea.objects.get().area_id == area.pk


def test_the_honeypot_refuses_and_stores_nothing(tenants, client):
    url = reverse("participation:idea_submit", args=["3107"])
    response = client.post(url, form_data(nettside="http://spam.example"))
    assert response.status_code == 400
    assert "Skjemaet kunne ikke sendes" in response.content.decode()
    assert Idea.objects.count() == 0
    api = client.post(
        "/api/municipalities/3107/ideas",
        {"title": "Spam", "text": "Spam", "nettside": "x"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert Idea.objects.count() == 0


def test_the_rate_limit_answers_429_after_five_ideas_an_hour(tenants, client):
    url = reverse("participation:idea_submit", args=["3107"])
    statuses = [client.post(url, form_data(title=f"Idé {n}")).status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    assert Idea.objects.count() == 5
    api = client.post(
        "/api/municipalities/3107/ideas",
        {"title": "En til", "text": "Tekst"},
        content_type="application/json",
    )
    assert api.status_code == 429
    assert Idea.objects.count() == 5


def test_html_is_stripped_and_never_executed(tenants, client):
    post_mode(tenants)
    url = reverse("participation:idea_submit", args=["3107"])
    client.post(
        url,
        form_data(
            title="<b>Lys</b> i parken",
            text='<script>alert("x")</script>Mer lys <img src=x onerror=alert(1)>på stien',
        ),
    )
    idea = Idea.objects.get()
    assert (idea.title, idea.text) == ("Lys i parken", 'alert("x")Mer lys på stien')
    page = client.get(reverse("participation:idea_public_detail", args=["3107", idea.pk]))
    html = page.content.decode()
    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "alert(&quot;x&quot;)Mer lys på stien" in html


def test_the_api_names_the_field_and_answers_201(tenants, client):
    response = client.post(
        "/api/municipalities/3107/ideas",
        {"title": " ", "text": "Noe"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"title": ["Skriv en kort overskrift for idéen."]}
    response = client.post(
        "/api/municipalities/3107/ideas",
        {"title": "Benk", "text": "Ved skolen", "area_id": 999999},
        content_type="application/json",
    )
    assert (response.status_code, list(response.json()["errors"])) == (400, ["area_id"])
    response = client.post(
        "/api/municipalities/3107/ideas",
        {"title": "Benk", "text": "Ved skolen", "email": "a@example.no"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["status"], body["source"]) == ("Benk", "received", "web")
    assert "email" not in body
    assert Idea.objects.get().email == "a@example.no"


def test_a_photo_that_is_not_an_image_is_refused(tenants, client):
    url = reverse("participation:idea_submit", args=["3107"])
    fake = SimpleUploadedFile(
        "bilde.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg"
    )
    response = client.post(url, form_data(photo=fake))
    assert response.status_code == 400
    assert "er ikke et bilde av typen JPEG, PNG eller WebP" in response.content.decode()
    assert Idea.objects.count() == 0


def test_a_jpeg_with_gps_gets_its_metadata_stripped(tenants, client):
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as probe:
        assert probe.getexif().get_ifd(0x8825)  # the test image does carry a position
    post_mode(tenants)
    url = reverse("participation:idea_submit", args=["3107"])
    upload = SimpleUploadedFile("tur.jpg", original, content_type="image/jpeg")
    assert client.post(url, form_data(photo=upload, photo_description="Stien")).status_code == 302
    idea = Idea.objects.get()
    with idea.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    response = client.get(reverse("participation:idea_photo", args=["3107", idea.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


# --- tenants ---------------------------------------------------------------------------------


def test_another_municipality_gets_404_for_this_municipalitys_ideas(tenants, client):
    post_mode(tenants)
    idea = submit(tenants)
    assert (
        client.get(reverse("participation:idea_public_detail", args=["4601", idea.pk])).status_code
        == 404
    )
    client.force_login(tenants.other_admin)
    assert (
        client.get(reverse("participation:idea_staff_detail", args=["4601", idea.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("participation:idea_staff_detail", args=["3107", idea.pk])).status_code
        == 403
    )
    assert client.get("/api/municipalities/4601/ideas").json() == []


def test_default_feedback_is_stored_in_bokmal_and_shown_in_the_readers_language(tenants):
    from django.utils import translation

    from omrade.participation.ideas.workflow import feedback_for_reader

    idea = submit(tenants)
    with translation.override("da"):  # staff working in Danish
        services.idea_assess(idea=idea, by=tenants.users[Role.PROGRAMME_MANAGER])
    change = IdeaStatusChange.objects.get(idea=idea)
    assert change.feedback == "Kommunen vurderer nå idéen."
    with translation.override("da"):
        assert feedback_for_reader(change.feedback) == "Kommunen vurderer nu idéen."
        # Rows stored in English before this change are recognised too.
        assert (
            feedback_for_reader("The municipality is now assessing the idea.")
            == "Kommunen vurderer nu idéen."
        )
    with translation.override("en"):
        assert feedback_for_reader(change.feedback) == "The municipality is now assessing the idea."
        assert feedback_for_reader("Egne ord fra kommunen.") == "Egne ord fra kommunen."
