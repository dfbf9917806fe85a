"""E-mails to residents: sent for real to a small SMTP server on a loopback port (aiosmtpd),
right after the request commits and by `omrade participation send-notices`; failures are
recorded and retried with back-off; overlapping runs never send a notice twice; without a
configured server the notices stay queued."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from omrade.cli import main
from omrade.participation.core import notices, privacy
from omrade.participation.core.models import NoticeKind, ResidentNotice
from omrade.participation.core.retention import retention_purge
from omrade.participation.ideas.models import Idea
from omrade.participation.ideas.services import ideas as services
from omrade.tenancy.models import Role

SITE = "https://omrade.example"
SENDER = "omrade@kommune.example"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Mailbox:
    """What the SMTP server received: (envelope recipients, parsed message)."""

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients answered with 550
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def body(self, index: int = 0) -> str:
        part = self.received[index][1].get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())


def configure(settings, port: int) -> None:
    settings.OMRADE_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = SENDER
    settings.OMRADE_SITE_URL = SITE


@pytest.fixture
def mailbox(settings) -> Iterator[Mailbox]:
    """A running SMTP server on a loopback port, and the settings pointing at it."""
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    configure(settings, port)
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def server_down(settings) -> int:
    """Sending configured, but nothing listens on the port."""
    port = free_port()
    configure(settings, port)
    return port


def queue(tenants, address: str = "kari@example.no", **extra) -> ResidentNotice:
    return notices.notice_queue(
        municipality=tenants.home,
        kind=NoticeKind.FEEDBACK,
        email=address,
        subject="Hva skjedde med idéen din «Benk»?",
        body="Hei!\n\nIdéen din vurderes.",
        language="nb",
        **extra,
    )


def idea_with_email(tenants) -> Idea:
    return services.idea_submit(
        municipality=tenants.home, title="Benk", text="En benk ved skolen.", email="kari@example.no"
    )


# --- sent at once, after the request commits ------------------------------------------------


@pytest.mark.django_db
def test_the_privacy_link_is_emailed_at_once_and_works(
    tenants, mailbox, client, django_capture_on_commit_callbacks
):
    idea_with_email(tenants)
    with django_capture_on_commit_callbacks(execute=True):
        started = privacy.privacy_request_start(
            municipality=tenants.home, email="kari@example.no", kind="export"
        )
    assert len(mailbox.received) == 1
    recipients, message = mailbox.received[0]
    assert recipients == ["kari@example.no"]
    assert message["To"] == "kari@example.no"
    assert message["From"] == f"Fredrikstad <{SENDER}>"
    assert message["Subject"] == "Bekreft at du vil få en kopi av innspillene dine"
    assert message["Content-Language"] == "nb"
    assert message["Auto-Submitted"] == "auto-generated"
    link = f"{SITE}/m/3107/medvirkning/personvern/{started.token}/"
    assert link in mailbox.body().splitlines()
    notice = ResidentNotice.objects.get()
    assert (notice.attempts, notice.last_error, notice.next_attempt_at) == (1, "", None)
    assert notice.sent_at is not None
    # The link in the e-mail is the one that works, once.
    path = re.search(r"https://omrade\.example(/\S+)", mailbox.body()).group(1)  # type: ignore[union-attr]
    assert client.post(path).status_code == 200
    assert client.post(path).status_code == 410


@pytest.mark.django_db
def test_idea_feedback_goes_out_in_the_municipalitys_language(
    tenants, mailbox, django_capture_on_commit_callbacks
):
    tenants.home.default_language = "da"
    tenants.home.save()
    services.moderation_mode_set(municipality=tenants.home, mode="post", by=None)
    idea = idea_with_email(tenants)
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_assess(idea=idea, by=None)
    assert len(mailbox.received) == 1
    recipients, message = mailbox.received[0]
    assert recipients == ["kari@example.no"]
    assert message["Content-Language"] == "da"
    notice = ResidentNotice.objects.get()
    assert (notice.language, notice.idea_id) == ("da", idea.pk)
    assert message["Subject"] == notice.subject
    assert notice.subject != "Hva skjedde med idéen din «Benk»?"  # written in Danish
    assert f"{SITE}/m/3107/medvirkning/ideer/{idea.pk}/" in mailbox.body()


@pytest.mark.django_db
def test_nothing_is_sent_when_the_transaction_rolls_back(
    tenants, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue(tenants)
    assert len(callbacks) == 1  # registered for after the commit, not run before it
    assert mailbox.received == []
    assert ResidentNotice.objects.get().sent_at is None


# --- failures, back-off, no double sending -------------------------------------------------


@pytest.mark.django_db
def test_a_server_that_is_down_leaves_the_notice_queued_with_the_attempt_recorded(
    tenants, server_down, settings, django_capture_on_commit_callbacks
):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        notice = queue(tenants)
    notice.refresh_from_db()
    assert (notice.sent_at, notice.attempts) == (None, 1)
    assert notice.last_error.startswith("ConnectionRefusedError: ")
    assert (
        before + timedelta(minutes=5)
        <= notice.next_attempt_at
        <= timezone.now() + timedelta(minutes=5)
    )
    # Not due again before the back-off has passed.
    assert notices.notices_send() == notices.SendReport(configured=True, remaining=0)
    # Later the server is up: sent once, and a further run sends nothing.
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=server_down)
    controller.start()
    try:
        later = timezone.now() + timedelta(minutes=6)
        assert notices.notices_send(now=later) == notices.SendReport(configured=True, sent=1)
        assert notices.notices_send(now=later + timedelta(days=1)).sent == 0
    finally:
        controller.stop()
    assert [recipients for recipients, _message in box.received] == [["kari@example.no"]]
    notice.refresh_from_db()
    assert (notice.attempts, notice.last_error) == (2, "")
    assert later <= notice.sent_at < later + timedelta(minutes=1)


def test_the_back_off_doubles_up_to_six_hours():
    assert [notices.retry_delay(attempt) for attempt in (1, 2, 3, 7, 8, 9)] == [
        timedelta(minutes=5),
        timedelta(minutes=10),
        timedelta(minutes=20),
        timedelta(minutes=320),
        timedelta(hours=6),
        timedelta(hours=6),
    ]


@pytest.mark.django_db
def test_after_the_last_attempt_the_notice_is_given_up(tenants, server_down):
    notice = queue(tenants)
    ResidentNotice.objects.filter(pk=notice.pk).update(attempts=notices.MAX_ATTEMPTS - 1)
    report = notices.notices_send()
    assert (report.sent, report.failed, report.gave_up, report.remaining) == (0, 1, 1, 0)
    notice.refresh_from_db()
    assert (notice.sent_at, notice.attempts, notice.next_attempt_at) == (
        None,
        notices.MAX_ATTEMPTS,
        None,
    )
    assert notices.notices_due(timezone.now() + timedelta(days=2)) == 0


@pytest.mark.django_db
def test_a_refused_recipient_fails_alone_the_batch_goes_on(tenants, mailbox):
    mailbox.refuse = {"finnes.ikke@example.no"}
    refused = queue(tenants, "finnes.ikke@example.no")
    accepted = queue(tenants, "ola@example.no")
    report = notices.notices_send()
    assert (report.sent, report.failed, report.remaining) == (1, 1, 0)
    assert [recipients for recipients, _message in mailbox.received] == [["ola@example.no"]]
    refused.refresh_from_db()
    accepted.refresh_from_db()
    assert refused.sent_at is None
    assert refused.last_error.startswith("SMTPRecipientsRefused: ")
    assert accepted.sent_at is not None


@pytest.mark.django_db
def test_a_claimed_notice_is_not_claimed_again(tenants, mailbox):
    notice = queue(tenants)
    now = timezone.now()
    assert notices._claim(notice.pk, now) == 1
    assert notices._claim(notice.pk, now) is None  # another run's claim holds it
    assert notices.notices_send(now=now).sent == 0
    assert mailbox.received == []
    # A claim whose run died expires after the lease; then the notice is sent.
    assert notices.notices_send(now=now + notices.CLAIM_LEASE).sent == 1
    assert len(mailbox.received) == 1


@pytest.mark.django_db(transaction=True)
def test_overlapping_runs_send_each_notice_once(tenants, mailbox):
    addresses = [f"beboer{number}@example.no" for number in range(6)]
    for address in addresses:  # queued, not yet sent (outside a transaction it would be at once)
        ResidentNotice.objects.create(
            municipality=tenants.home,
            kind=NoticeKind.FEEDBACK,
            email=address,
            subject="S",
            body="B",
        )
    mailbox.delay = 0.05  # each message takes a while, so the runs overlap
    reports: list[notices.SendReport] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            reports.append(notices.notices_send(limit=10))
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    runs = [threading.Thread(target=run) for _ in range(3)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(timeout=30)
    assert errors == []
    assert sum(report.sent for report in reports) == 6
    assert sorted(recipients[0] for recipients, _message in mailbox.received) == addresses
    assert ResidentNotice.objects.filter(sent_at__isnull=False, attempts=1).count() == 6


# --- not configured, the command, the outbox page, retention --------------------------------


@pytest.mark.django_db
def test_without_a_server_the_notices_stay_queued(
    tenants, settings, client, capsys, django_capture_on_commit_callbacks
):
    settings.OMRADE_EMAIL_ENABLED = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue(tenants)
    assert callbacks == []
    assert notices.notices_send() == notices.SendReport(configured=False, remaining=1)
    assert main(["participation", "send-notices"]) == 2
    assert "sending e-mail is not configured" in capsys.readouterr().err
    notice = ResidentNotice.objects.get()
    assert (notice.sent_at, notice.attempts) == (None, 0)
    client.force_login(tenants.users[Role.COORDINATOR])
    html = client.get(reverse("participation:notice_list", args=["3107"])).content.decode()
    assert "Sending av e-post er ikke satt opp for Omrade" in html
    assert "I kø" in html


@pytest.mark.django_db
def test_the_command_sends_what_is_due(tenants, mailbox, capsys, client):
    for number in range(3):
        queue(tenants, f"beboer{number}@example.no")
    assert main(["participation", "send-notices", "--limit", "2"]) == 0
    assert capsys.readouterr().out == "sent: 2\nfailed: 0 (given up: 0)\nstill due: 1\n"
    assert main(["participation", "send-notices"]) == 0
    assert capsys.readouterr().out == "sent: 1\nfailed: 0 (given up: 0)\nstill due: 0\n"
    assert len(mailbox.received) == 3
    client.force_login(tenants.users[Role.COORDINATOR])
    html = client.get(reverse("participation:notice_list", args=["3107"])).content.decode()
    assert "ikke satt opp" not in html
    assert "I kø" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("limit", ["0", "-3", "mange"])
def test_the_command_refuses_a_bad_limit(tenants, mailbox, capsys, limit):
    queue(tenants)
    assert main(["participation", "send-notices", "--limit", limit]) == 2
    assert "--limit must be a whole number of at least 1" in capsys.readouterr().err
    assert mailbox.received == []
    assert ResidentNotice.objects.get().attempts == 0


@pytest.mark.django_db
def test_the_outbox_shows_a_failed_notice(tenants, server_down, client):
    queue(tenants)
    notices.notices_send()
    client.force_login(tenants.users[Role.COORDINATOR])
    html = client.get(reverse("participation:notice_list", args=["3107"])).content.decode()
    assert "Ikke sendt ennå (1 forsøk), prøves igjen" in html
    assert "ConnectionRefusedError" in html


@pytest.mark.django_db
def test_send_now_sends_this_municipalitys_due_notices_only(tenants, mailbox, client):
    mine = queue(tenants)  # the test's transaction never commits: both stay due
    theirs = notices.notice_queue(
        municipality=tenants.other,
        kind=NoticeKind.FEEDBACK,
        email="ola@example.no",
        subject="Bergen",
        body="Hei!",
        language="nb",
    )
    client.force_login(tenants.users[Role.COORDINATOR])
    page = client.get(reverse("participation:notice_list", args=["3107"])).content.decode()
    assert "1 varsel venter på å bli sendt." in page
    response = client.post(reverse("participation:notice_send_now", args=["3107"]), follow=True)
    assert "1 sendt, 0 feilet." in response.content.decode()
    assert [recipients for recipients, _message in mailbox.received] == [["kari@example.no"]]
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.sent_at is not None, theirs.sent_at) == (True, None)
    page = client.get(reverse("participation:notice_list", args=["3107"])).content.decode()
    assert "venter på å bli sendt" not in page


@pytest.mark.django_db
def test_send_now_without_a_mail_server_says_so_and_sends_nothing(tenants, client):
    queue(tenants)
    client.force_login(tenants.users[Role.COORDINATOR])
    response = client.post(reverse("participation:notice_send_now", args=["3107"]), follow=True)
    assert "Sending av e-post er ikke satt opp." in response.content.decode()
    assert ResidentNotice.objects.get().attempts == 0


@pytest.mark.django_db
def test_retention_purges_sent_notices_after_their_period(tenants, mailbox):
    queue(tenants)
    assert notices.notices_send().sent == 1
    assert retention_purge(now=timezone.now() + timedelta(days=29)).counts["resident_notice"] == 0
    report = retention_purge(now=timezone.now() + timedelta(days=31))
    assert report.counts["resident_notice"] == 1
    assert ResidentNotice.objects.count() == 0


# --- event registrations ----------------------------------------------------------------------


@pytest.mark.django_db
def test_registrants_get_their_cancel_link_and_hear_when_they_move_up(
    tenants, mailbox, client, django_capture_on_commit_callbacks
):
    from omrade.participation.places.services import events
    from tests.participation.test_places_services import build_event

    event = build_event(tenants.home, capacity=1, location="Rebellhuset")
    with django_capture_on_commit_callbacks(execute=True):
        first = events.registration_create(event=event, name="Kari", email="kari@example.no")
        events.registration_create(event=event, name="Ola", email="ola@example.no")
        events.registration_create(event=event, name="Uten e-post")  # nobody to tell
    assert [recipients for recipients, _message in mailbox.received] == [
        ["kari@example.no"],
        ["ola@example.no"],
    ]
    assert mailbox.received[0][1]["Subject"].strip() == "Du er påmeldt: Folkemøte om Holmen"
    assert (
        mailbox.received[1][1]["Subject"].strip() == "Du står på ventelisten: Folkemøte om Holmen"
    )
    assert "Sted: Rebellhuset" in mailbox.body(0)
    link = re.search(r"https://\S+", mailbox.body(0))
    assert link is not None
    assert link.group(0) == SITE + reverse(
        "participation:public_registration_cancel", args=["3107", first.cancel_token]
    )
    assert "https://" not in mailbox.body(1).split("ventelisten")[0]  # Ola's own link only
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link.group(0).removeprefix(SITE))  # Kari cancels by the e-mail
    assert response.status_code in (200, 302)
    assert len(mailbox.received) == 3
    recipients, moved_up = mailbox.received[2]
    assert recipients == ["ola@example.no"]
    assert moved_up["Subject"].strip() == "Du har fått plass: Folkemøte om Holmen"
    assert (
        ResidentNotice.objects.filter(kind=NoticeKind.REGISTRATION, sent_at__isnull=False).count()
        == 3
    )
