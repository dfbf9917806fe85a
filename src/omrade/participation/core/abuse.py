"""Against abuse of the anonymous writes (misbruk): rate limits, the honeypot field, text
sanitising and content-checked images. Every public form and API route of participation uses
these.

- One answer per person: `browser_hash(request, scope=...)` is a keyed hash of a random token
  in a first-party cookie (`omrade_nettleser`: HttpOnly, SameSite=Lax, Secure behind HTTPS,
  set by `BrowserCookieMiddleware`); it says "this browser already answered this survey" or
  "already supported this idea". Residents sharing a meeting place's Wi-Fi and phone model
  are different browsers; a resident who clears cookies can answer an anonymous survey
  again (binding surveys use invitation tokens).
- Flood protection: `over_budget(request, kind, scope=...)` counts a write against the
  client's address budget (`BUDGETS`: generous enough for a busy meeting place behind one
  address) and, for some kinds, a smaller per-browser budget. `rate_limited(...)` is the
  counter below it: a fixed window in the database (works across processes on SQLite and
  PostgreSQL), keyed by a keyed hash of the client address (`common.clients.client_address`:
  IPv4, or the /64 of IPv6; never the user agent) — never stored in clear.
  `X-Forwarded-For` is honoured only when the direct peer is listed in the trusted proxies
  (setting or environment variable `OMRADE_TRUSTED_PROXIES`, comma separated; empty by
  default). Pass `identity=` to count by something else (children's map sessions count by the
  session code and a random browser cookie, never by IP).
- `sqlite_write(write)` / `@sqlite_retried`: on SQLite the threads of a process take turns
  at writing, and a write is repeated after a short pause if SQLite still reports itself
  locked after its busy timeout (other processes writing). Rate-limit counts, survey answers
  and the resident outbox go through it; every other write waits for SQLite's lock too
  (immediate transactions, busy timeout in settings).
- `HoneypotForm` (a form mixin) / `honeypot_field()`: a visually hidden text input that people
  never fill; a filled one refuses the form without saying why.
- `clean_text(text, max_length=...)`: plain words only — tags, control characters and odd
  whitespace removed. Free text is still escaped when rendered; this keeps stored text clean.
- `check_image(upload)`: a JPEG, PNG or WebP checked by its content, re-encoded without
  EXIF/GPS/XMP metadata; anything else refused naming the file.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import html
import io
import re
import secrets
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ParamSpec, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omrade.common import clients
from omrade.participation.core.models import RateLimitHit

# --- client identity -------------------------------------------------------------------------


def _hash_key() -> bytes:
    """The key of every hash of client data: derived from the secret key, so the hashes
    cannot be recomputed from an IP address without it."""
    # The label is the module's old dotted path: it is part of the key, so it stays as it is
    # (stored hashes must keep matching).
    return hashlib.sha256(f"omrade.participation.abuse:{settings.SECRET_KEY}".encode()).digest()


def keyed_hash(*parts: str) -> str:
    """HMAC-SHA256 (hex) of the parts; used for every client identity we keep."""
    message = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hmac.new(_hash_key(), message, hashlib.sha256).hexdigest()


def email_hash(email: str) -> str:
    """The keyed hash an e-mail address is blocked and looked up by."""
    return keyed_hash("email", email.strip().lower())


# The client's address (X-Forwarded-For believed only from a trusted proxy) lives in common,
# since the login throttling counts it too.
trusted_proxies = clients.trusted_proxies
client_ip = clients.client_ip
client_address = clients.client_address


# --- this browser: a first-party cookie ------------------------------------------------------

BROWSER_COOKIE = "omrade_nettleser"
BROWSER_COOKIE_MAX_AGE = 365 * 24 * 3600
_BROWSER_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


def browser_token(request: HttpRequest) -> str:
    """This browser's random token (256 bits) from its cookie, or a new one that
    `BrowserCookieMiddleware` sets on the response. Never stored: only keyed hashes of it."""
    value = str(request.COOKIES.get(BROWSER_COOKIE, "") or "")
    if _BROWSER_TOKEN.match(value):
        return value
    new = getattr(request, "_omrade_new_browser", None)
    if new is None:
        new = secrets.token_urlsafe(32)
        request._omrade_new_browser = new  # type: ignore[attr-defined]
    return str(new)


def has_browser_cookie(request: HttpRequest) -> bool:
    return bool(_BROWSER_TOKEN.match(str(request.COOKIES.get(BROWSER_COOKIE, "") or "")))


def browser_hash(request: HttpRequest, *, scope: str) -> str:
    """A keyed hash of this browser's token within a scope (e.g. one survey): what is stored
    to know that "this browser already answered this survey" — a resident who clears cookies
    can answer again, which anonymous surveys accept (binding ones use invitations)."""
    return keyed_hash("browser", scope, browser_token(request))


class BrowserCookieMiddleware:
    """Sets the browser cookie on the response when the request made a new token: first
    party, HttpOnly, SameSite=Lax, Secure behind HTTPS (`OMRADE_HTTPS`), for a year."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        new = getattr(request, "_omrade_new_browser", None)
        if new is not None and not getattr(response, "streaming", False):
            response.set_cookie(
                BROWSER_COOKIE,
                new,
                max_age=BROWSER_COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
            )
        return response


# --- rate limits -----------------------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LOCK_RETRIES = 6
_WRITE_TURN = threading.RLock()  # re-entrant: a turn may hold a nested write
ResultT = TypeVar("ResultT")
P = ParamSpec("P")


def _is_busy(error: OperationalError) -> bool:
    message = str(error).lower()
    return "locked" in message or "busy" in message


def sqlite_write(write: Callable[[], ResultT]) -> ResultT:
    """Run a write (a whole transaction, or one statement in autocommit), trying again a few
    times after a short pause if SQLite reports the database locked or busy — which it does
    only when other writers (worker processes, commands) held its write lock for longer than
    the busy timeout. Every transaction begins IMMEDIATE, so a writer waits for the lock at
    BEGIN instead of failing half-way; other errors, every error on PostgreSQL, and errors
    inside an outer transaction (which cannot be repeated here) are raised at once.

    On SQLite the threads of one process take turns (`_WRITE_TURN`): a thread waiting for
    SQLite's own lock polls it with sleeps of up to 100 ms, which made the slowest survey
    answers wait 0.7–1.5 s; waiting for a Python lock wakes the next writer at once.
    Measured with `omrade serve` (one worker, 8 threads, 500 answers from 50 clients): the
    slowest answer 230–281 ms with the turns, 650–1,500 ms without, p95 219–260 ms against
    189–317 ms. Across processes the turns do not help (an added file lock made p95 worse,
    377–506 ms against 276–369 ms with two workers), which is why SQLite runs one worker."""
    for attempt in range(_LOCK_RETRIES):
        try:
            if connection.vendor == "sqlite" and not connection.in_atomic_block:
                with _WRITE_TURN:
                    return write()
            return write()
        except OperationalError as error:
            if connection.vendor != "sqlite" or not _is_busy(error):
                raise
            if attempt == _LOCK_RETRIES - 1 or connection.in_atomic_block:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def sqlite_retried(function: Callable[P, ResultT]) -> Callable[P, ResultT]:
    """Decorator: every call runs through `sqlite_write` (put it above `transaction.atomic`,
    so that a retry repeats the whole transaction)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> ResultT:
        return sqlite_write(lambda: function(*args, **kwargs))

    return wrapper


def _window_start(now: datetime, per_seconds: int) -> datetime:
    elapsed = int((now - _EPOCH).total_seconds())
    return _EPOCH + timedelta(seconds=elapsed - elapsed % per_seconds)


def rate_limit_hit(*, key_hash: str, window_start: datetime, expires_at: datetime) -> int:
    """Count one hit in the window and return the window's count so far: one atomic
    upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING, SQLite 3.35+ and PostgreSQL), so
    concurrent requests in several processes never lose a count."""
    table = connection.ops.quote_name(RateLimitHit._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key_hash, window_start, count, expires_at) "  # noqa: S608
            "VALUES (%s, %s, 1, %s) "
            "ON CONFLICT (key_hash, window_start) "
            f"DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [
                key_hash,
                connection.ops.adapt_datetimefield_value(window_start),
                connection.ops.adapt_datetimefield_value(expires_at),
            ],
        )
        row = cursor.fetchone()
    return int(row[0])


def rate_limited(
    request: HttpRequest,
    *,
    key: str,
    limit: int,
    per_seconds: int,
    identity: str | None = None,
) -> bool:
    """Count this request against `limit` writes of kind `key` per `per_seconds` for this
    client; True when the client is over the limit (refuse it, e.g. with 429).

    The client is its address (`client_address`: IPv4, or the /64 of IPv6), or `identity`
    when given; only a keyed hash of it is stored. The user agent plays no part: changing
    it does not make a new client.
    """
    if limit < 1 or per_seconds < 1:
        raise ValueError("limit and per_seconds must be positive")
    who = identity if identity is not None else f"address:{client_address(request) or '-'}"
    key_hash = keyed_hash("rate", key, str(per_seconds), who)
    now = timezone.now()
    window_start = _window_start(now, per_seconds)
    expires_at = window_start + timedelta(seconds=per_seconds)
    count = sqlite_write(
        lambda: rate_limit_hit(key_hash=key_hash, window_start=window_start, expires_at=expires_at)
    )
    return count > limit


@dataclass(frozen=True)
class Budget:
    """How many writes of one kind a client may make per `per_seconds`: `per_address` from
    one address (a meeting place's Wi-Fi is one address for everyone on it), and — where
    a person rarely needs more — `per_browser` from one browser (its cookie)."""

    per_address: int
    per_browser: int | None = None
    per_seconds: int = 3600


# The budgets of anonymous writes. An address budget must let a busy meeting place through:
# 30–50 residents answering a survey within an hour from one address (each page of the
# survey is one post), a workshop's ideas and support typed on the residents' own phones.
BUDGETS: dict[str, Budget] = {
    # Surveys, per survey: a survey begun on the pages, a page posted, a complete API answer.
    "survey-start": Budget(per_address=300),
    "survey-page": Budget(per_address=3000),
    "survey-answer": Budget(per_address=300),
    # Ideas, per municipality.
    "idea": Budget(per_address=40, per_browser=5),
    "comment": Budget(per_address=60, per_browser=10),
    "support": Budget(per_address=600, per_browser=60),
    "report": Budget(per_address=30, per_browser=10),
    "privacy": Budget(per_address=10, per_browser=3),
    # Meeting places and events.
    "booking_request": Budget(per_address=20, per_browser=5),
    "event_registration": Budget(per_address=150, per_browser=10),
    "registration_cancel": Budget(per_address=150, per_browser=10),
}


def over_budget(
    request: HttpRequest, kind: str, *, scope: str = "", identity: str | None = None
) -> bool:
    """Count one write of `kind` (within `scope`, e.g. a survey) against the client's
    budgets; True when it is over one of them (answer 429). With `identity` (a signed-in
    user, accountable by name) that identity is counted with the address budget instead."""
    budget = BUDGETS[kind]
    key = f"budget:{kind}:{scope}"
    if identity is not None:
        return rate_limited(
            request,
            key=f"{key}:identity",
            limit=budget.per_address,
            per_seconds=budget.per_seconds,
            identity=identity,
        )
    if rate_limited(
        request, key=f"{key}:address", limit=budget.per_address, per_seconds=budget.per_seconds
    ):
        return True
    if budget.per_browser is None:
        return False
    return rate_limited(
        request,
        key=f"{key}:browser",
        limit=budget.per_browser,
        per_seconds=budget.per_seconds,
        identity=browser_hash(request, scope="budget"),
    )


def too_many_message() -> str:
    """What a client over its budget reads."""
    return _(
        "Det er sendt inn for mange svar fra denne nettverksadressen eller nettleseren på "
        "kort tid. Vent litt og prøv igjen senere."
    )


def rate_limit_purge(*, now: datetime | None = None) -> int:
    """Delete the hit rows whose window has ended (the retention task calls this); returns
    how many were deleted."""
    deleted, _detail = RateLimitHit.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


# --- honeypot --------------------------------------------------------------------------------

HONEYPOT_FIELD_NAME = "nettside"  # "website": what form-filling robots like to fill


class HoneypotWidget(forms.TextInput):
    """A text input hidden from sight (not from screen readers, who are told to leave it
    empty), out of the tab order, without autocomplete. Rendered on its own (with its label)
    among the form's hidden fields, so it never gets the usual field wrapper."""

    @property
    def is_hidden(self) -> bool:
        return True

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        input_id = (attrs or {}).get("id") or f"id_{name}"
        return format_html(
            '<div class="ds-sr-only omr-honeypot">'
            '<label for="{}">{}</label>'
            '<input type="text" name="{}" id="{}" value="" tabindex="-1" autocomplete="off">'
            "</div>",
            input_id,
            _("Ikke fyll ut dette feltet"),
            name,
            input_id,
        )


class HoneypotField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Ikke fyll ut dette feltet"))
        kwargs.setdefault("widget", HoneypotWidget)
        super().__init__(**kwargs)


def honeypot_field() -> HoneypotField:
    return HoneypotField()


def honeypot_filled(data: Mapping[str, Any]) -> bool:
    """True when a submitted form's (or API body's) honeypot holds anything."""
    value = data.get(HONEYPOT_FIELD_NAME)
    return bool(value and str(value).strip())


def refusal_message() -> str:
    """What a refused robot (or an unlucky person) reads: no reason given."""
    return _("Skjemaet kunne ikke sendes. Prøv igjen senere.")


class HoneypotForm(forms.BaseForm):
    """Mixin for Form and ModelForm: adds the honeypot field; a filled honeypot makes the
    form invalid with a general message that does not say why.

        class IdeaForm(HoneypotForm, forms.Form): ...
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD_NAME] = HoneypotField()

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get(HONEYPOT_FIELD_NAME):
            raise ValidationError(refusal_message(), code="refused")
        cleaned.pop(HONEYPOT_FIELD_NAME, None)
        return cleaned


# --- text ------------------------------------------------------------------------------------

_KEEP_FORMAT_CHARACTERS = {"\u200d"}  # zero-width joiner: part of emoji sequences
_SPACES = re.compile(r"[^\S\n]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def _strip_markup(text: str) -> str:
    # Repeat: "&lt;b&gt;" would become "<b>" after unescaping.
    for _round in range(5):
        stripped = html.unescape(strip_tags(text))
        if stripped == text:
            break
        text = stripped
    # Anything still looking like a tag opener (e.g. an unterminated "<script") goes too.
    return re.sub(r"<(?=[A-Za-z/!?])", "", text)


def clean_text(text: str | None, *, max_length: int | None = None) -> str:
    """Plain text from what a resident typed: HTML tags and comments removed, entities
    decoded, control and formatting characters dropped, runs of spaces made one, at most one
    empty line between paragraphs, trimmed; cut to `max_length` characters (at a word
    boundary where possible). Never returns markup."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = _strip_markup(text)
    text = "".join(
        character
        for character in text
        if character in "\n\t"
        or character in _KEEP_FORMAT_CHARACTERS
        or unicodedata.category(character) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()
    if max_length is not None and len(text) > max_length:
        cut = text[:max_length]
        boundary = cut.rfind(" ")
        if boundary > max_length * 0.6:
            cut = cut[:boundary]
        text = cut.rstrip()
    return text


# --- images ----------------------------------------------------------------------------------

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000


def check_image(upload: Any, *, max_bytes: int = MAX_IMAGE_BYTES) -> ContentFile[bytes]:
    """A JPEG, PNG or WebP image checked by its content (not its name or stated type),
    re-encoded so no EXIF (GPS position, camera), XMP or text metadata survives, turned
    upright by its EXIF orientation first. Refused with a ValidationError naming the file
    when it is too large, not an image, or another format. The returned file has a random
    name with the right extension."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = str(getattr(upload, "name", "") or _("filen"))
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(_too_large(name, max_bytes), code="too_large")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(_too_large(name, max_bytes), code="too_large")
    not_image = ValidationError(
        _("«%(name)s» er ikke et bilde av typen JPEG, PNG eller WebP.") % {"name": name},
        code="not_image",
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format or ""
            if image_format not in IMAGE_FORMATS:
                raise not_image
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("«%(name)s» har for mange bildepunkter.") % {"name": name},
                    code="too_many_pixels",
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            upright = ImageOps.exif_transpose(opened) or opened
            image = upright.copy()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_image from None
    image.info = {}
    output = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in {"RGB", "L", "CMYK"}:
            image = image.convert("RGB")
        image.save(output, format="JPEG", quality=88, optimize=True, exif=b"")
    elif image_format == "PNG":
        image.save(output, format="PNG", optimize=True)
    else:
        image.save(output, format="WEBP", quality=88, exif=b"", xmp=b"")
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{IMAGE_FORMATS[image_format]}")


def _too_large(name: str, max_bytes: int) -> str:
    return _("«%(name)s» er større enn %(megabytes)s MB.") % {
        "name": name,
        "megabytes": f"{max_bytes / (1024 * 1024):g}",
    }


__all__ = [
    "BROWSER_COOKIE",
    "BUDGETS",
    "HONEYPOT_FIELD_NAME",
    "BrowserCookieMiddleware",
    "Budget",
    "HoneypotField",
    "HoneypotForm",
    "HoneypotWidget",
    "browser_hash",
    "browser_token",
    "check_image",
    "clean_text",
    "client_address",
    "client_ip",
    "has_browser_cookie",
    "honeypot_field",
    "honeypot_filled",
    "keyed_hash",
    "over_budget",
    "rate_limit_purge",
    "rate_limited",
    "refusal_message",
    "sqlite_retried",
    "sqlite_write",
    "too_many_message",
]
