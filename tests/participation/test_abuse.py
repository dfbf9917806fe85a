"""participation.abuse: rate limits, honeypot, text sanitising, image checks."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone
from PIL import Image

from omrade.participation.core.abuse import (
    BROWSER_COOKIE,
    BUDGETS,
    HONEYPOT_FIELD_NAME,
    BrowserCookieMiddleware,
    HoneypotForm,
    browser_hash,
    check_image,
    clean_text,
    client_address,
    client_ip,
    honeypot_filled,
    over_budget,
    rate_limit_purge,
    rate_limited,
    sqlite_write,
)
from omrade.participation.core.models import RateLimitHit

pytestmark = pytest.mark.django_db


def _request(ip: str = "203.0.113.7", agent: str = "Firefox", forwarded: str = "") -> object:
    meta = {"REMOTE_ADDR": ip, "HTTP_USER_AGENT": agent}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **meta)


# --- rate limits -----------------------------------------------------------------------------


def test_rate_limit_allows_up_to_the_limit_then_refuses() -> None:
    request = _request()
    results = [rate_limited(request, key="idea", limit=3, per_seconds=60) for _ in range(5)]
    assert results == [False, False, False, True, True]
    hit = RateLimitHit.objects.get()
    assert hit.count == 5
    assert len(hit.key_hash) == 64


def test_rate_limit_counts_per_client_and_per_key() -> None:
    first, second = _request("203.0.113.1"), _request("203.0.113.2")
    assert not rate_limited(first, key="idea", limit=1, per_seconds=60)
    assert rate_limited(first, key="idea", limit=1, per_seconds=60)
    assert not rate_limited(second, key="idea", limit=1, per_seconds=60)
    assert not rate_limited(first, key="comment", limit=1, per_seconds=60)
    assert RateLimitHit.objects.count() == 3


def test_rate_limit_stores_no_ip_or_user_agent_in_clear() -> None:
    rate_limited(_request("198.51.100.23", "SecretBrowser/1.0"), key="x", limit=5, per_seconds=60)
    row = RateLimitHit.objects.get()
    stored = f"{row.key_hash} {row}"
    assert "198.51.100.23" not in stored
    assert "SecretBrowser" not in stored


def test_rate_limit_with_explicit_identity_ignores_ip() -> None:
    for ip in ("203.0.113.1", "203.0.113.2"):
        rate_limited(_request(ip), key="child", limit=5, per_seconds=60, identity="ABC234:cookie")
    assert RateLimitHit.objects.get().count == 2


def test_rate_limit_new_window_starts_over(monkeypatch: pytest.MonkeyPatch) -> None:
    request = _request()
    start = timezone.now().replace(microsecond=0)
    monkeypatch.setattr("omrade.participation.core.abuse.timezone.now", lambda: start)
    assert not rate_limited(request, key="idea", limit=1, per_seconds=60)
    assert rate_limited(request, key="idea", limit=1, per_seconds=60)
    later = start + timedelta(seconds=61)
    monkeypatch.setattr("omrade.participation.core.abuse.timezone.now", lambda: later)
    assert not rate_limited(request, key="idea", limit=1, per_seconds=60)


def test_rate_limit_purge_deletes_only_expired_windows() -> None:
    rate_limited(_request(), key="idea", limit=5, per_seconds=60)
    assert rate_limit_purge(now=timezone.now() - timedelta(minutes=5)) == 0
    assert rate_limit_purge(now=timezone.now() + timedelta(minutes=5)) == 1
    assert RateLimitHit.objects.count() == 0


def test_rate_limit_refuses_nonsense_limits() -> None:
    with pytest.raises(ValueError, match="positive"):
        rate_limited(_request(), key="x", limit=0, per_seconds=60)


# --- client identity -------------------------------------------------------------------------


def _failing_write(failures: list[str]) -> tuple[list[int], Callable[[], int]]:
    """A write that stores a hit and then fails with the next message of `failures`."""
    attempts: list[int] = []

    @transaction.atomic
    def write() -> int:
        attempts.append(1)
        RateLimitHit.objects.create(
            key_hash=f"k{len(attempts)}",
            window_start=timezone.now(),
            expires_at=timezone.now() + timedelta(hours=1),
        )
        if len(attempts) <= len(failures):
            raise OperationalError(failures[len(attempts) - 1])
        return len(attempts)

    return attempts, write


@pytest.mark.django_db(transaction=True)
def test_sqlite_write_repeats_a_locked_write_and_keeps_only_the_last_attempt() -> None:
    attempts, write = _failing_write(["database is locked", "database is locked"])
    if connection.vendor != "sqlite":
        with pytest.raises(OperationalError):
            sqlite_write(write)
        assert len(attempts) == 1
        assert not RateLimitHit.objects.exists()
        return
    assert sqlite_write(write) == 3
    assert list(RateLimitHit.objects.values_list("key_hash", flat=True)) == ["k3"]


@pytest.mark.django_db(transaction=True)
def test_sqlite_write_raises_other_errors_and_errors_inside_a_transaction_at_once() -> None:
    attempts, write = _failing_write(["no such table: nowhere"])
    with pytest.raises(OperationalError, match="no such table"):
        sqlite_write(write)
    assert len(attempts) == 1
    attempts, write = _failing_write(["database is locked"])
    with pytest.raises(OperationalError, match="locked"), transaction.atomic():
        sqlite_write(write)
    assert len(attempts) == 1
    assert not RateLimitHit.objects.exists()


def test_forwarded_for_is_ignored_without_trusted_proxy(settings: object) -> None:
    settings.OMRADE_TRUSTED_PROXIES = []  # type: ignore[attr-defined]
    request = _request("127.0.0.1", forwarded="203.0.113.9")
    assert client_ip(request) == "127.0.0.1"


def test_forwarded_for_is_honoured_from_a_trusted_proxy(settings: object) -> None:
    settings.OMRADE_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.2"]  # type: ignore[attr-defined]
    request = _request("127.0.0.1", forwarded="198.51.100.1, 203.0.113.9, 10.0.0.2")
    assert client_ip(request) == "203.0.113.9"
    spoof = _request("192.0.2.50", forwarded="203.0.113.9")
    assert client_ip(spoof) == "192.0.2.50"
    garbage = _request("127.0.0.1", forwarded="not-an-ip")
    assert client_ip(garbage) == "127.0.0.1"


def test_client_address_is_the_ipv4_address_or_the_ipv6_slash_64() -> None:
    assert client_address(_request("203.0.113.7")) == "203.0.113.7"
    assert client_address(_request("::ffff:203.0.113.7")) == "203.0.113.7"
    phone = client_address(_request("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
    assert phone == "2001:db8:1:2::"
    assert client_address(_request("2001:db8:1:2::9")) == phone
    assert client_address(_request("2001:db8:1:3::9")) != phone
    assert client_address(_request("")) is None


def _with_cookie(request: object, token: str) -> object:
    request.COOKIES[BROWSER_COOKIE] = token  # type: ignore[attr-defined]
    return request


def test_browser_hash_follows_the_cookie_not_the_address_or_agent() -> None:
    token = "a" * 43
    at_home = _with_cookie(_request("203.0.113.7", "Firefox"), token)
    on_the_bus = _with_cookie(_request("198.51.100.9", "Chrome"), token)
    first = browser_hash(at_home, scope="survey:1")
    assert first == browser_hash(on_the_bus, scope="survey:1")
    assert first != browser_hash(at_home, scope="survey:2")
    neighbour = _with_cookie(_request("203.0.113.7", "Firefox"), "b" * 43)
    assert browser_hash(neighbour, scope="survey:1") != first
    assert token not in first
    assert len(first) == 64


def test_a_new_browser_gets_a_random_first_party_cookie() -> None:
    from django.http import HttpResponse

    request = _request()
    request.COOKIES[BROWSER_COOKIE] = "forged<script>"  # type: ignore[attr-defined]
    response = BrowserCookieMiddleware(lambda inner: HttpResponse(browser_hash(inner, scope="x")))(
        request
    )
    cookie = response.cookies[BROWSER_COOKIE]
    assert len(cookie.value) == 43
    assert cookie.value != "forged<script>"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]
    assert int(cookie["max-age"]) == 365 * 24 * 3600
    # The same request always gets the same token; the hash was made from it.
    again = _with_cookie(_request(), cookie.value)
    assert response.content.decode() == browser_hash(again, scope="x")
    # A browser that has the cookie gets no new one.
    kept = BrowserCookieMiddleware(lambda inner: HttpResponse(browser_hash(inner, scope="x")))(
        _with_cookie(_request(), cookie.value)
    )
    assert BROWSER_COOKIE not in kept.cookies


def test_the_cookie_is_secure_behind_https(settings: object) -> None:
    from django.http import HttpResponse

    settings.SESSION_COOKIE_SECURE = True  # type: ignore[attr-defined]
    response = BrowserCookieMiddleware(lambda inner: HttpResponse(browser_hash(inner, scope="x")))(
        _request()
    )
    assert response.cookies[BROWSER_COOKIE]["secure"] is True


def test_changing_user_agent_does_not_escape_the_address_budget() -> None:
    limit = BUDGETS["survey-answer"].per_address
    results = [
        over_budget(_request("203.0.113.7", f"Agent/{number}"), "survey-answer", scope="1")
        for number in range(limit + 1)
    ]
    assert results == [False] * limit + [True]
    assert not over_budget(_request("203.0.113.8", "Agent/0"), "survey-answer", scope="1")
    assert not over_budget(_request("203.0.113.7", "Agent/0"), "survey-answer", scope="2")


def test_a_meeting_place_stays_within_its_address_budget() -> None:
    """50 residents behind one address each answer a five-page survey within the hour."""
    refused = [
        over_budget(_request("203.0.113.7", "Same phone"), kind, scope="1")
        for _resident in range(50)
        for kind in ["survey-start"] + ["survey-page"] * 6
    ]
    assert not any(refused)
    assert BUDGETS["idea"].per_address >= 30  # a workshop's ideas: tens per hour


def test_the_browser_budget_counts_each_browser_apart_behind_one_address() -> None:
    limit = BUDGETS["idea"].per_browser
    assert limit is not None
    first = [
        over_budget(_with_cookie(_request(), "a" * 43), "idea", scope="3107")
        for _ in range(limit + 1)
    ]
    assert first == [False] * limit + [True]
    assert not over_budget(_with_cookie(_request(), "b" * 43), "idea", scope="3107")


def test_forwarded_address_counts_only_from_a_trusted_proxy(settings: object) -> None:
    settings.OMRADE_TRUSTED_PROXIES = ["127.0.0.1"]  # type: ignore[attr-defined]
    limit = BUDGETS["survey-answer"].per_address
    for number in range(limit):
        assert not over_budget(
            _request("127.0.0.1", forwarded=f"198.18.0.{number % 250 + 1}"),
            "survey-answer",
            scope="1",
        )
    # Behind the proxy every resident has an address of its own...
    assert not over_budget(
        _request("127.0.0.1", forwarded="203.0.113.50"), "survey-answer", scope="1"
    )
    # ...but a client talking to the server directly cannot pick one with the header.
    settings.OMRADE_TRUSTED_PROXIES = []  # type: ignore[attr-defined]
    for number in range(limit):
        assert not over_budget(
            _request("192.0.2.1", forwarded=f"198.18.1.{number % 250 + 1}"),
            "survey-answer",
            scope="1",
        )
    assert over_budget(_request("192.0.2.1", forwarded="198.18.2.1"), "survey-answer", scope="1")


# --- honeypot --------------------------------------------------------------------------------


class _CommentForm(HoneypotForm, forms.Form):
    text = forms.CharField()


def test_honeypot_empty_is_accepted_and_left_out_of_cleaned_data() -> None:
    form = _CommentForm(data={"text": "Hei", HONEYPOT_FIELD_NAME: ""})
    assert form.is_valid()
    assert form.cleaned_data == {"text": "Hei"}


def test_honeypot_filled_refuses_without_naming_the_field() -> None:
    form = _CommentForm(data={"text": "Hei", HONEYPOT_FIELD_NAME: "http://spam.example"})
    assert not form.is_valid()
    assert form.errors == {"__all__": ["Skjemaet kunne ikke sendes. Prøv igjen senere."]}
    assert honeypot_filled({HONEYPOT_FIELD_NAME: " x "})
    assert not honeypot_filled({HONEYPOT_FIELD_NAME: "  "})
    assert not honeypot_filled({})


def test_honeypot_renders_hidden_labelled_out_of_tab_order() -> None:
    form = _CommentForm()
    assert [field.name for field in form.hidden_fields()] == [HONEYPOT_FIELD_NAME]
    assert [field.name for field in form.visible_fields()] == ["text"]
    rendered = str(form[HONEYPOT_FIELD_NAME])
    assert f'<label for="id_{HONEYPOT_FIELD_NAME}">Ikke fyll ut dette feltet</label>' in rendered
    assert 'tabindex="-1"' in rendered
    assert 'autocomplete="off"' in rendered
    assert 'class="ds-sr-only omr-honeypot"' in rendered


# --- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("<b>Mer</b> lys i <i>parken</i>", "Mer lys i parken"),
        ("<script>alert(1)</script>Trygg vei", "alert(1)Trygg vei"),
        ("&lt;img src=x onerror=alert(1)&gt;hei", "hei"),
        ("Benk\x00er\x07 ved   \t  bussen\u200b", "Benker ved bussen"),
        ("  Linje 1\r\n\r\n\r\n\r\nLinje 2  ", "Linje 1\n\nLinje 2"),
        ("3 < 5 og 7 > 2", "3 < 5 og 7 > 2"),
        ("<scr<script>ipt>x", "ipt>x"),
        ("Familie 👨\u200d👩\u200d👧 i parken", "Familie 👨\u200d👩\u200d👧 i parken"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_text(raw: str | None, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


def test_clean_text_never_returns_a_tag() -> None:
    for raw in ("<<a>a href=x>", "<a<b>>", "&amp;lt;b&amp;gt;", "<!-- x -->y", "<svg/onload=1>"):
        assert "<" not in clean_text(raw).replace("< ", ""), raw


def test_clean_text_cuts_at_a_word_boundary() -> None:
    assert clean_text("Vi vil ha flere benker i parken", max_length=20) == "Vi vil ha flere"
    assert clean_text("abcdefghijklmnopqrstuvwxyz", max_length=10) == "abcdefghij"
    assert clean_text("kort", max_length=10) == "kort"


# --- images ----------------------------------------------------------------------------------


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 1  # Orientation
    gps = {1: "N", 2: (59.0, 12.0, 30.0), 3: "E", 4: (10.0, 56.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


def test_jpeg_with_gps_comes_out_without_any_exif() -> None:
    data = _jpeg_with_gps()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(0x8825)  # the test image really has GPS
    cleaned = check_image(SimpleUploadedFile("ferie.jpg", data, content_type="image/jpeg"))
    assert cleaned.name is not None
    assert cleaned.name.endswith(".jpg")
    assert "ferie" not in cleaned.name
    with Image.open(io.BytesIO(cleaned.read())) as result:
        assert result.format == "JPEG"
        assert result.size == (40, 30)
        assert dict(result.getexif()) == {}
        assert "exif" not in result.info
        assert "xmp" not in result.info


def test_png_and_webp_are_accepted_and_stripped() -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Ola Nordmann")
    png = io.BytesIO()
    Image.new("RGBA", (10, 10)).save(png, format="PNG", pnginfo=info)
    cleaned_png = check_image(SimpleUploadedFile("a.png", png.getvalue()))
    with Image.open(io.BytesIO(cleaned_png.read())) as result:
        assert result.format == "PNG"
        assert "Author" not in result.info

    webp = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (10, 10)).save(webp, format="WEBP", exif=exif.tobytes())
    cleaned_webp = check_image(SimpleUploadedFile("b.webp", webp.getvalue()))
    assert cleaned_webp.name is not None
    assert cleaned_webp.name.endswith(".webp")
    with Image.open(io.BytesIO(cleaned_webp.read())) as result:
        assert result.format == "WEBP"
        assert dict(result.getexif()) == {}


def test_image_disguised_by_name_is_refused_naming_the_file() -> None:
    upload = SimpleUploadedFile("bilde.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        check_image(upload)
    assert refused.value.messages == ["«bilde.jpg» er ikke et bilde av typen JPEG, PNG eller WebP."]


def test_other_image_format_is_refused() -> None:
    gif = io.BytesIO()
    Image.new("RGB", (5, 5)).save(gif, format="GIF")
    with pytest.raises(ValidationError) as refused:
        check_image(SimpleUploadedFile("anim.gif", gif.getvalue()))
    assert refused.value.messages == ["«anim.gif» er ikke et bilde av typen JPEG, PNG eller WebP."]


def test_too_large_image_is_refused() -> None:
    data = _jpeg_with_gps() + b"\0" * (1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        check_image(SimpleUploadedFile("stor.jpg", data), max_bytes=1024 * 1024)
    assert refused.value.messages == ["«stor.jpg» er større enn 1 MB."]
