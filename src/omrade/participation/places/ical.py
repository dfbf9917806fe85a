"""The iCalendar feed of a municipality's public events (RFC 5545), written by hand.

One VCALENDAR with a VEVENT per event: UID (the event's stable UUID), DTSTAMP, DTSTART and
DTEND in UTC, SUMMARY, LOCATION, DESCRIPTION and URL. Text values escape backslashes,
semicolons, commas and newlines; content lines are folded at 75 octets (never inside a UTF-8
character) and end with CRLF.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from omrade.participation.places.models import Event

FOLD_AT = 75  # octets per line, CRLF not counted (RFC 5545 3.1)


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line into pieces of at most 75 octets joined by CRLF + space."""
    encoded = line.encode()
    if len(encoded) <= FOLD_AT:
        return line
    pieces: list[str] = []
    current = ""
    size = 0
    limit = FOLD_AT
    for character in line:
        width = len(character.encode())
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = FOLD_AT - 1  # continuation lines start with one space
        current += character
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _property(name: str, value: str) -> str:
    return fold(f"{name}:{value}")


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    url_for: Callable[[Event], str],
    host: str = "omrade",
) -> str:
    """The whole feed as text (CRLF line endings)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Omrade//Arrangementer//NB",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        _property("X-WR-CALNAME", escape_text(name)),
    ]
    for event in events:
        description = event.description
        if event.agenda:
            description = f"{description}\n\n{event.agenda}".strip()
        lines += [
            "BEGIN:VEVENT",
            _property("UID", f"{event.uid}@{host}"),
            f"DTSTAMP:{utc(event.updated_at)}",
            f"DTSTART:{utc(event.starts_at)}",
            f"DTEND:{utc(event.ends_at)}",
            _property("SUMMARY", escape_text(event.title)),
            _property("LOCATION", escape_text(event.where)),
            _property("DESCRIPTION", escape_text(description)),
            _property("CATEGORIES", escape_text(str(event.get_kind_display()))),
            _property("URL", url_for(event)),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
