"""Reading the general-ledger extract (hovedbokutdrag) that Norwegian and Danish municipal ERP
systems export (Visma, Unit4/Agresso, KMD, Fujitsu), as CSV or XLSX, into typed `LedgerRow`s.

Pure Python, no database: `omrade finance import-actuals` and the upload page decide what to
store. Every problem raises `LedgerError`, whose message names the file, the row and the column;
the reader stops at the first problem, so a file is imported whole or not at all.

The rules, in the order a file meets them:

* **Size and kind.** Files over 200 MB are refused. A file starting with the zip signature is
  read as XLSX (whatever its name), an old binary Excel file is refused, anything else is text.
* **Encoding.** UTF-8 with or without byte order mark, or UTF-16 with a byte order mark. Bytes
  that are not UTF-8 are read as Windows-1252 only when every byte is a plausible letter or
  sign in that code page and the file has at least one of æ, ø, å, Æ, Ø, Å (what an old Excel
  "CSV (semikolonseparert)" export looks like); otherwise the file is refused as having the
  wrong encoding. NUL bytes (binary data, UTF-16 without byte order mark) are refused.
* **Delimiter.** `;`, `,` or tab: the one that splits the header line into the most of the
  required columns, then into the most columns. Required: project, amount (or both debit and
  credit) and date; a file where they are not all found is refused with the missing columns
  and the headers that were found (this is how a wrong delimiter shows).
* **Header names** are matched trimmed and case-insensitively (see `DEFAULT_NAMES`); an
  explicit name in `Columns` must be in the header. With no amount column, `Debet`/`Kredit`
  (or `Debit`/`Credit`) give amount = debit − credit, an empty cell counting as zero.
* **Rows.** Row numbers are the spreadsheet's: the header's row (usually 1) and then one per
  record. Fully blank rows are skipped; every other row must have a project code, an amount
  and a date. Codes (project, account, voucher, line) longer than 40 characters and texts
  longer than 500 are refused: a transaction cannot store them. A quoted field that runs over
  several lines and holds the delimiter is a missing closing quote and is refused.
* **Amounts** (kroner with øre): decimal comma or point; thousands grouped by space, no-break
  space, narrow no-break space, thin space, apostrophe, or the other of `.` and `,`; negative
  with a leading or trailing minus (`1234,50-`) or in parentheses (`(1 234,50)`); `kr`, `kr.`,
  `NOK` or `DKK` before or after. Each value decides its own decimal mark when it can: both
  marks (`1.234,50`, `1,234.50`: the last is the decimal mark), one mark repeated (`1.234.567`:
  thousands), or one mark followed by one or two digits (`1234,5`). Only a single mark followed
  by exactly three digits after one to three digits (`1.234`, `12,500`) is ambiguous: it takes
  the file's decimal mark, which is that of the first value in the file that shows one. If it
  is the same mark, the value has three decimals and is refused; otherwise (or when no value
  in the file shows a decimal mark) it is a thousands separator, since amounts never have more
  than two decimals. Refused: more than two decimals, text, a lone `,-` (is `100,-` a hundred
  kroner or a credit?), and amounts of 10^12 kroner or more. XLSX numbers are taken as their
  shortest decimal form and rounded half-even to øre when the difference is float noise; a
  real third decimal is refused.
* **Dates:** `dd.mm.yyyy`, `d.m.yyyy`, `dd.mm.yy` (20yy), `yyyy-mm-dd`, `dd-mm-yyyy`,
  `dd/mm/yyyy`, optionally followed by a time (`05.01.2024 00:00`, `2024-01-05T00:00:00`);
  XLSX date cells as they are. With `year`, a date outside that year is refused.
* **Keys.** A row with both voucher (bilagsnummer) and line number has the key
  `v:<voucher>:<line>`; any other row `h:<sha256>` of its project, amount, date, account, text
  and voucher. A row with the key of an earlier row of the file is a duplicate line and is
  refused (a voucher's line is booked once; an identical line twice is a broken export), while
  reading the same file again gives the same keys (and an importer skips what it has stored).
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from hashlib import sha256
from math import isfinite
from pathlib import Path
from typing import IO, Any, Final

from django.utils.translation import gettext as _

__all__ = [
    "DEFAULT_NAMES",
    "MAX_CODE_LENGTH",
    "MAX_FILE_BYTES",
    "MAX_TEXT_LENGTH",
    "Columns",
    "LedgerError",
    "LedgerRow",
    "read_ledger",
]

MAX_FILE_BYTES: Final = 200 * 1024 * 1024
# What a transaction stores (finance.models.Transaction): longer codes and texts are refused.
MAX_CODE_LENGTH: Final = 40  # project, account, voucher and line
MAX_TEXT_LENGTH: Final = 500
AMOUNT_LIMIT: Final = Decimal(10) ** 12  # kroner; a ledger line of a trillion is a typing error
_CENT: Final = Decimal("0.01")
_ZERO: Final = Decimal("0.00")
_FLOAT_NOISE: Final = Decimal("0.000001")
_FLOAT_NOISE_RELATIVE: Final = Decimal("1e-14")
_CHUNK: Final = 1 << 20
_DATE_YEARS: Final = range(1900, 2101)

# Header names per role, compared trimmed and case-folded.
DEFAULT_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "project": ("Prosjekt", "Prosjektnr", "Prosjektnummer", "Projekt", "Projektnr", "Project"),
    "amount": ("Beløp", "Belop", "Beløb", "Amount"),
    "date": ("Bilagsdato", "Dato", "Bogføringsdato", "Posteringsdato", "Date"),
    "account": ("Art", "Konto", "Account", "Artskonto"),
    "text": ("Tekst", "Tekst/beskrivelse", "Text", "Beskrivelse"),
    "voucher": ("Bilagsnr", "Bilagsnummer", "Bilag", "Voucher"),
    "line": ("Linje", "Linjenr", "Line"),
    "debit": ("Debet", "Debit"),
    "credit": ("Kredit", "Credit"),
}


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One line of the general ledger, on one accounting project."""

    row: int  # 1-based row number in the file (the header is row 1 when it comes first)
    project_code: str  # stripped
    amount: Decimal  # signed, 2 decimals; credits negative
    booked_on: date
    account: str  # art/konto, may be ""
    text: str  # may be ""
    voucher: str  # bilagsnummer, may be ""
    line: str  # linjenummer, may be ""
    key: str  # idempotency key, see the module's docstring


class _RowBuilder:
    """Same memory layout as LedgerRow, but mutable: see _new_row."""

    __slots__ = tuple(field.name for field in fields(LedgerRow))
    row: int
    project_code: str
    amount: Decimal
    booked_on: date
    account: str
    text: str
    voucher: str
    line: str
    key: str


def _new_row(
    row: int,
    project_code: str,
    amount: Decimal,
    booked_on: date,
    account: str,
    text: str,
    voucher: str,
    line: str,
    key: str,
) -> LedgerRow:
    """A LedgerRow made several times faster than by its frozen __init__.

    A frozen dataclass's __init__ calls object.__setattr__ once per field, the biggest cost of
    reading a million lines. Filling a mutable twin with the same slots and then switching its
    class gives the very same object; a test checks it equals one made the ordinary way.
    """
    built = _RowBuilder()
    built.row = row
    built.project_code = project_code
    built.amount = amount
    built.booked_on = booked_on
    built.account = account
    built.text = text
    built.voucher = voucher
    built.line = line
    built.key = key
    built.__class__ = LedgerRow  # type: ignore[assignment]
    return built  # type: ignore[return-value]


@dataclass(frozen=True)
class Columns:
    """Header names chosen by the user; None means the default candidates."""

    project: str | None = None
    amount: str | None = None
    date: str | None = None
    account: str | None = None
    text: str | None = None


class LedgerError(Exception):
    """A ledger file that cannot be read; the message names the file, row and column."""

    def __init__(
        self, message: str, *, file: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.problem = message
        self.file = file
        self.row = row
        self.column = column
        if row is not None and column is not None:
            text = _("Filen %(file)s, rad %(row)s, kolonne «%(column)s»: %(problem)s") % {
                "file": file,
                "row": row,
                "column": column,
                "problem": message,
            }
        elif row is not None:
            text = _("Filen %(file)s, rad %(row)s: %(problem)s") % {
                "file": file,
                "row": row,
                "problem": message,
            }
        else:
            text = _("Filen %(file)s: %(problem)s") % {"file": file, "problem": message}
        super().__init__(text)
        self.message = text


class _Problem(ValueError):
    """A bad value; the reader adds the file, row and column."""


# ---------------------------------------------------------------------------------------------
# Amounts

_SPACES: Final = frozenset(" \u00a0\u202f\u2009'’")
_NUMBER_CHARACTERS: Final = frozenset("0123456789,.") | _SPACES
_MINUS: Final = ("-", "\u2212")  # hyphen-minus and the typographic minus sign
_CURRENCIES: Final = ("kr.", "kr", "nok", "dkk")
_UNRESOLVED: Final = "?"
_FAST_START: Final = frozenset("-0123456789")


def _not_an_amount(raw: str) -> _Problem:
    return _Problem(_("«%(text)s» er ikke et beløp.") % {"text": raw.strip()})


def _too_precise(raw: str) -> _Problem:
    return _Problem(
        _("«%(text)s» har mer enn to desimaler; beløp føres i kroner og øre.")
        % {"text": raw.strip()}
    )


def _absurd(raw: object) -> _Problem:
    return _Problem(
        _("«%(text)s» er urimelig stort (grensen er %(limit)s kroner).")
        % {"text": str(raw).strip(), "limit": "1 000 000 000 000"}
    )


def _missing_amount() -> _Problem:
    return _Problem(_("Beløpet mangler."))


def _decimal_evidence(text: str) -> str | None:
    """The decimal mark a written amount shows unambiguously, if any."""
    last_comma, last_point = text.rfind(","), text.rfind(".")
    if last_comma >= 0 and last_point >= 0:
        return "," if last_comma > last_point else "."
    if last_comma < 0 and last_point < 0:
        return None
    mark = "," if last_comma >= 0 else "."
    if text.count(mark) > 1:
        return "." if mark == "," else ","
    after = text[text.index(mark) + 1 :]
    digits = len(after) - len(after.lstrip("0123456789"))
    return mark if 1 <= digits <= 2 else None


def _ambiguous_head(integer: str) -> bool:
    """Could these digits be the first group of a thousands-grouped number?"""
    return 1 <= len(integer) <= 3 and integer.isascii() and integer.isdigit() and integer[0] != "0"


class _Amounts:
    """Parses the amounts of one file; knows the file's decimal mark once it is needed."""

    def __init__(self, find_mark: Callable[[], str]) -> None:
        self._find_mark = find_mark
        self._mark = _UNRESOLVED

    def file_mark(self) -> str:
        """ "," or "." from the first value that shows one, or "" when none does."""
        if self._mark == _UNRESOLVED:
            self._mark = self._find_mark()
        return self._mark

    def parse(self, raw: str) -> Decimal:
        """A written amount. The CSV loop has the first part inline: keep the two the same.

        The fast case is a plain number with a decimal comma or point and up to two decimals
        ("-1234,5", "99.95", "100"), read by Decimal after a check that rules out what Decimal
        would accept but people do not write (exponents, NaN, underscores, leading spaces or
        signs other than "-"); everything else goes to _parse_text.
        """
        written = raw.replace(",", ".")
        if written[:1] not in _FAST_START or "_" in written:
            written = ""
        elif written[-3:-2] == ".":
            pass
        elif "." not in written:
            written += ".00"
        elif written[-2:-1] == ".":
            written += "0"
        else:
            written = ""
        if written and len(written) < 16:
            try:
                amount = Decimal(written)
            except InvalidOperation:
                return self._parse_text(raw)
            return amount if amount else _ZERO
        return self._parse_text(raw)

    def _parse_text(self, raw: str) -> Decimal:
        text = raw.strip()
        if not text:
            raise _missing_amount()
        negatives = signs = 0
        while True:
            lowered = text.casefold()
            currency = next(
                (c for c in _CURRENCIES if lowered.startswith(c) or lowered.endswith(c)), None
            )
            if currency is not None:
                if lowered.startswith(currency):
                    text = text[len(currency) :].strip()
                else:
                    text = text[: -len(currency)].strip()
                continue
            if text[:1] == "(" and text[-1:] == ")":
                text, negatives = text[1:-1].strip(), negatives + 1
            elif text.startswith(_MINUS):
                text, negatives = text[1:].strip(), negatives + 1
            elif text.endswith(_MINUS):
                if text[-2:-1] in (",", "."):
                    raise _Problem(
                        _(
                            "«%(text)s» er tvetydig: skriv 100,00 for et positivt beløp "
                            "eller 100,00- for et negativt."
                        )
                        % {"text": raw.strip()}
                    )
                text, negatives = text[:-1].strip(), negatives + 1
            elif text[:1] == "+":
                text = text[1:].strip()
            else:
                break
            signs += 1
            if signs > 1:
                raise _not_an_amount(raw)
        if not text or not _NUMBER_CHARACTERS.issuperset(text):
            raise _not_an_amount(raw)
        negative = negatives == 1
        decimal_mark = self._decimal_mark(text, raw)
        if decimal_mark:
            integer, _mark, fraction = text.rpartition(decimal_mark)
        else:
            integer, fraction = text, ""
        if decimal_mark:
            separator = "." if decimal_mark == "," else ","
        else:  # at most one of them, as thousands separator: 1.234.567
            separator = "." if "." in integer else ","
        for space in _SPACES:
            integer = integer.replace(space, separator)
        groups = integer.split(separator)
        if len(groups) > 1 and (
            not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:])
        ):
            raise _not_an_amount(raw)
        digits = "".join(groups)
        if not digits:
            if not fraction:
                raise _not_an_amount(raw)
            digits = "0"
        if not (digits.isascii() and digits.isdigit()):
            raise _not_an_amount(raw)
        if fraction and not (fraction.isascii() and fraction.isdigit()):
            raise _not_an_amount(raw)
        if len(fraction) > 2:
            raise _too_precise(raw)
        if len(digits.lstrip("0")) > 12:
            raise _absurd(raw)
        amount = Decimal(f"{'-' if negative else ''}{digits}.{fraction:0<2}")
        if abs(amount) >= AMOUNT_LIMIT:
            raise _absurd(raw)
        return amount if amount else _ZERO

    def _decimal_mark(self, text: str, raw: str) -> str:
        """The decimal mark of one value ("" for none), see the module's docstring."""
        has_comma, has_point = "," in text, "." in text
        if has_comma and has_point:
            mark = "," if text.rfind(",") > text.rfind(".") else "."
            if text.count(mark) > 1:
                raise _not_an_amount(raw)
            return mark
        if not (has_comma or has_point):
            return ""
        mark = "," if has_comma else "."
        if text.count(mark) > 1:
            return ""  # thousands only: 1.234.567
        integer, _mark, fraction = text.partition(mark)
        if len(fraction) == 3 and fraction.isdigit() and _ambiguous_head(integer):
            return mark if self.file_mark() == mark else ""
        return mark

    def cell(self, value: object) -> Decimal:
        """An amount from a spreadsheet cell: a number, or text as in CSV files."""
        if isinstance(value, str):
            return self.parse(value.strip())
        if value is None:
            raise _missing_amount()
        if isinstance(value, bool):
            raise _not_an_amount(str(value))
        if isinstance(value, int):
            if abs(value) >= AMOUNT_LIMIT:
                raise _absurd(value)
            return Decimal(value).quantize(_CENT) if value else _ZERO
        if isinstance(value, float | Decimal):
            if isinstance(value, float) and not isfinite(value):
                raise _not_an_amount(str(value))
            exact = Decimal(repr(value)) if isinstance(value, float) else value
            if not exact.is_finite():
                raise _not_an_amount(str(value))
            if abs(exact) >= AMOUNT_LIMIT:
                raise _absurd(value)
            amount = exact.quantize(_CENT, rounding=ROUND_HALF_EVEN)
            noise = _FLOAT_NOISE + abs(exact) * _FLOAT_NOISE_RELATIVE
            if isinstance(value, Decimal):
                noise = Decimal(0)
            if abs(exact - amount) > noise:
                raise _too_precise(str(value))
            return amount if amount else _ZERO
        raise _not_an_amount(str(value))


# ---------------------------------------------------------------------------------------------
# Dates


def _bad_date(raw: object) -> _Problem:
    return _Problem(
        _("«%(text)s» er ikke en dato (skriv for eksempel 31.12.2024 eller 2024-12-31).")
        % {"text": str(raw).strip()}
    )


def _time_of_day(text: str) -> bool:
    """Does this look like the time part an export adds to a date (00:00, 00:00:00.000)?"""
    return bool(text) and len(text) <= 15 and text.replace(":", "").replace(".", "").isdigit()


def _parse_date(raw: str) -> date:
    text = raw.strip()
    if len(text) >= 10 and text[4:5] == "-" and text[7:8] == "-":
        year, month, day, rest = text[0:4], text[5:7], text[8:10], text[10:]
        if rest and not (rest[0] in "T " and _time_of_day(rest[1:].strip().rstrip("Z"))):
            raise _bad_date(raw)
    else:
        if " " in text:
            text, _space, time = text.partition(" ")
            if not _time_of_day(time.strip()):
                raise _bad_date(raw)
        for separator in ".-/":
            if separator in text:
                parts = text.split(separator)
                break
        else:
            raise _bad_date(raw)
        if len(parts) != 3:
            raise _bad_date(raw)
        day, month, year = parts
        if len(year) == 2:
            year = "20" + year
        if not (1 <= len(day) <= 2 and 1 <= len(month) <= 2 and len(year) == 4):
            raise _bad_date(raw)
    if not all(part.isascii() and part.isdigit() for part in (year, month, day)):
        raise _bad_date(raw)
    if int(year) not in _DATE_YEARS:
        raise _bad_date(raw)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise _bad_date(raw) from None


def _date_cell(value: object) -> tuple[date, str]:
    """A date from a spreadsheet cell, and how to show it in a message."""
    if isinstance(value, datetime):
        return value.date(), value.date().strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value, value.strftime("%d.%m.%Y")
    if isinstance(value, str):
        return _parse_date(value), value.strip()
    if value is None:
        raise _Problem(_("Datoen mangler."))
    raise _bad_date(value)


# ---------------------------------------------------------------------------------------------
# Header


def _folded(name: object) -> str:
    text = "" if name is None else str(name)
    return unicodedata.normalize("NFC", text.replace("\ufeff", "")).strip().casefold()


@dataclass(frozen=True)
class _Layout:
    """Where each role's column is in the header (None: not in the file)."""

    names: dict[str, str]  # role -> the header's own spelling, for messages
    project: int
    date: int
    amount: int | None
    debit: int | None
    credit: int | None
    account: int | None
    text: int | None
    voucher: int | None
    line: int | None


def _candidates(columns: Columns) -> dict[str, tuple[str, ...]]:
    chosen = {
        "project": columns.project,
        "amount": columns.amount,
        "date": columns.date,
        "account": columns.account,
        "text": columns.text,
    }
    candidates = dict(DEFAULT_NAMES)
    for role, name in chosen.items():
        if name is not None:
            candidates[role] = (name,)
    if columns.amount is not None:
        candidates["debit"] = candidates["credit"] = ()
    return candidates


def _positions(header: Sequence[object], candidates: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """The first header position of each role found."""
    position_of: dict[str, int] = {}
    for position, name in enumerate(header):
        position_of.setdefault(_folded(name), position)
    found: dict[str, int] = {}
    for role, names in candidates.items():
        for name in names:
            at = position_of.get(_folded(name))
            if at is not None:
                found[role] = at
                break
    return found


def _required_found(found: dict[str, int]) -> int:
    money = "amount" in found or ("debit" in found and "credit" in found)
    return ("project" in found) + ("date" in found) + money


def _quoted(names: Sequence[str]) -> str:
    return " / ".join(f"«{name}»" for name in names)


def _layout(header: Sequence[object], columns: Columns, label: str, header_row: int) -> _Layout:
    candidates = _candidates(columns)
    found = _positions(header, candidates)
    missing: list[str] = []
    explicit = {
        "project": columns.project,
        "amount": columns.amount,
        "date": columns.date,
        "account": columns.account,
        "text": columns.text,
    }
    for role in ("project", "amount", "date", "account", "text"):
        if role in found:
            continue
        if explicit[role] is not None:
            missing.append(f"«{explicit[role]}»")
        elif role == "amount" and not ("debit" in found and "credit" in found):
            missing.append(
                _("%(amount)s (eller både %(debit)s og %(credit)s)")
                % {
                    "amount": _quoted(candidates["amount"]),
                    "debit": _quoted(DEFAULT_NAMES["debit"]),
                    "credit": _quoted(DEFAULT_NAMES["credit"]),
                }
            )
        elif role in ("project", "date"):
            missing.append(_quoted(candidates[role]))
    if missing:
        shown = [str(name).strip() for name in header if name is not None and str(name).strip()]
        if len(shown) > 40:
            shown = [*shown[:40], "…"]
        raise LedgerError(
            _(
                "finner ikke disse kolonnene: %(missing)s. Overskriftsraden (rad %(row)s) har: "
                "%(found)s. Sjekk skilletegnet og kolonnenavnene."
            )
            % {
                "missing": "; ".join(missing),
                "row": header_row,
                "found": " | ".join(f"«{name}»" for name in shown) or "–",
            },
            file=label,
            row=header_row,
        )
    names = {role: str(header[position]).strip() for role, position in found.items()}
    money_by_amount = "amount" in found
    return _Layout(
        names=names,
        project=found["project"],
        date=found["date"],
        amount=found.get("amount"),
        debit=None if money_by_amount else found["debit"],
        credit=None if money_by_amount else found["credit"],
        account=found.get("account"),
        text=found.get("text"),
        voucher=found.get("voucher"),
        line=found.get("line"),
    )


# ---------------------------------------------------------------------------------------------
# Files


def _no_rows(label: str) -> LedgerError:
    return LedgerError(_("filen har ingen rader."), file=label)


def _wrong_encoding(label: str) -> LedgerError:
    return LedgerError(
        _(
            "feil tegnkoding: filen er verken UTF-8 eller Windows-1252 med norske eller danske "
            "bokstaver. Lagre den som CSV (UTF-8) eller XLSX og prøv igjen."
        ),
        file=label,
    )


# Bytes a Windows-1252 text in Norwegian or Danish plausibly has: printable ASCII, tab and line
# ends, the euro sign, ellipsis, typographic quotes and dashes, and Latin-1's printable half.
_CP1252_PLAUSIBLE: Final = bytes(
    [9, 10, 13, *range(0x20, 0x7F), 0x80, 0x85, *range(0x91, 0x98), *range(0xA0, 0x100)]
)
_NORDIC_CP1252: Final = (b"\xe6", b"\xf8", b"\xe5", b"\xc6", b"\xd8", b"\xc5")


def _text_encoding(path: Path, label: str) -> str:
    """The encoding to read a text file with, after checking the whole file decodes."""
    with path.open("rb") as stream:
        start = stream.read(4)
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        elif start.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        else:
            encoding = "utf-8"
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in iter(lambda: stream.read(_CHUNK), b""):
                if encoding != "utf-16" and b"\0" in chunk:
                    raise LedgerError(
                        _(
                            "filen har binære data (NUL-tegn) og er ikke tekst i UTF-8; er den "
                            "UTF-16 uten byte order mark? Lagre den som CSV (UTF-8) eller XLSX."
                        ),
                        file=label,
                    )
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            if encoding != "utf-8":
                raise _wrong_encoding(label) from None
        stream.seek(0)
        nordic = False
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            if chunk.translate(None, _CP1252_PLAUSIBLE):
                raise _wrong_encoding(label)
            nordic = nordic or any(letter in chunk for letter in _NORDIC_CP1252)
        if not nordic:
            raise _wrong_encoding(label)
        return "cp1252"


def _is_blank(cells: Sequence[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _header_delimiter(line: str, columns: Columns) -> str:
    candidates = _candidates(columns)

    def score(delimiter: str) -> tuple[int, int]:
        header = next(csv.reader([line], delimiter=delimiter), [])
        return _required_found(_positions(header, candidates)), len(header)

    return max((";", ",", "\t"), key=score)


def _open_text(path: Path, encoding: str) -> IO[str]:
    return io.TextIOWrapper(path.open("rb"), encoding=encoding, newline="")


def _swallowed_lines(cells: list[str], delimiter: str) -> bool:
    """Does a record that ran over several lines look like a missing closing quote?

    A quoted field may hold line breaks, but one that holds a line break and the delimiter
    is a missing closing quote that swallowed the lines after it: refused, or those lines
    would silently be left out.
    """
    return any(delimiter in cell and ("\n" in cell or "\r" in cell) for cell in cells)


def _swallowed_error(label: str, row: int, delimiter: str) -> LedgerError:
    return LedgerError(
        _(
            "et felt i anførselstegn går over flere linjer og har skilletegnet "
            "«%(delimiter)s» i seg; mangler et avsluttende anførselstegn?"
        )
        % {"delimiter": "TAB" if delimiter == "\t" else delimiter},
        file=label,
        row=row,
    )


def _csv_error(label: str, row: int, error: csv.Error) -> LedgerError:
    return LedgerError(
        _("filen er ikke gyldig CSV (%(error)s).") % {"error": error}, file=label, row=row
    )


def _csv_records(
    path: Path, encoding: str, delimiter: str, label: str
) -> Generator[tuple[int, list[str]], None, None]:
    """(row number, cells) of every record, blank ones included (the header and the look-ahead
    for the decimal mark read so; the row loop has the same inline)."""
    with _open_text(path, encoding) as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        number = last_line = 0
        try:
            for cells in reader:
                number += 1
                line_number = reader.line_num
                if line_number - last_line > 1 and _swallowed_lines(cells, delimiter):
                    raise _swallowed_error(label, number, delimiter)
                last_line = line_number
                yield number, cells
        except csv.Error as error:
            raise _csv_error(label, number + 1, error) from None


def _first_line(path: Path, encoding: str) -> str:
    """The first line with anything but delimiters and spaces on it (the header line)."""
    with _open_text(path, encoding) as stream:
        for line in stream:
            if line.strip(" \t;,\r\n\ufeff\"'"):
                return line.rstrip("\r\n")
    return ""


def _xlsx_rows(path: Path, label: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) of every row of the first sheet."""
    import openpyxl  # imported here: slow to import and only needed for spreadsheets

    # An open file rather than the path: openpyxl refuses paths not named .xlsx, and the kind is
    # told by the content.
    with path.open("rb") as stream:
        try:
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
        except Exception:  # openpyxl raises zip, XML and key errors alike for broken files
            raise LedgerError(_("filen er ikke en gyldig XLSX-fil."), file=label) from None
        try:
            yield from enumerate(sheet.iter_rows(values_only=True), start=1)
        except Exception:  # a broken sheet deep in the zip
            raise LedgerError(_("filen er ikke en gyldig XLSX-fil."), file=label) from None
        finally:
            workbook.close()


# ---------------------------------------------------------------------------------------------
# Rows


def _code_cell(value: object) -> str:
    """A code (project, account, voucher, line) from a spreadsheet cell: 1234.0 is "1234"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _duplicate(first: int, key: str) -> str:
    """The problem of a row whose key an earlier row of the file has."""
    if key.startswith("v:"):
        return _(
            "Samme bilagsnummer og linje som rad %(first)s: linjen står to ganger i filen."
        ) % {"first": first}
    return _("Raden er lik rad %(first)s: linjen står to ganger i filen.") % {"first": first}


class _Keys:
    """Idempotency keys; a key an earlier row of the file has is a duplicate line."""

    def __init__(self, label: str) -> None:
        self.first_row: dict[str, int] = {}
        self.label = label

    def key(self, base: str, row: int) -> str:
        first = self.first_row.setdefault(base, row)
        if first != row:
            raise LedgerError(_duplicate(first, base), file=self.label, row=row)
        return base


_SEPARATOR: Final = "\x1f"  # the unit separator: never in a CSV field a person typed


def _hash_key(
    project: str, amount: Decimal, iso_date: str, account: str, text: str, voucher: str
) -> str:
    normalised = _SEPARATOR.join((project, str(amount), iso_date, account, text, voucher))
    return "h:" + sha256(normalised.encode()).hexdigest()


def _check_lengths(
    project: str, account: str, text: str, voucher: str, line: str, names: dict[str, str]
) -> None:
    """Refuse a code or text longer than a transaction can store."""
    for role, value, limit in (
        ("project", project, MAX_CODE_LENGTH),
        ("account", account, MAX_CODE_LENGTH),
        ("text", text, MAX_TEXT_LENGTH),
        ("voucher", voucher, MAX_CODE_LENGTH),
        ("line", line, MAX_CODE_LENGTH),
    ):
        if len(value) > limit:
            raise _ColumnProblem(
                _("«%(start)s…» er for lang: høyst %(limit)s tegn.")
                % {"start": value[:20], "limit": limit},
                names[role],
            )


def _missing_project() -> str:
    return _("prosjektnummeret mangler; hver linje må stå på et prosjekt.")


def _out_of_year(shown: str, year: int) -> _Problem:
    return _Problem(_("%(date)s er ikke i %(year)s.") % {"date": shown, "year": year})


def read_ledger(
    path: Path,
    columns: Columns = Columns(),
    *,
    year: int | None = None,
    label: str | None = None,
) -> Iterator[LedgerRow]:
    """The rows of a general-ledger extract (CSV or XLSX), checked as the module says.

    The file's size, kind, encoding and header are checked when this is called; the rows are
    read as the returned iterator is consumed, and a bad row raises `LedgerError` then, so
    consume it fully before writing anything. `label` names the file in messages (default:
    its name).
    """
    label = label or path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise LedgerError(_("filen finnes ikke eller kan ikke leses."), file=label) from None
    if size > MAX_FILE_BYTES:
        raise LedgerError(
            _("filen er %(size)s MB; største tillatte størrelse er %(limit)s MB.")
            % {"size": size // (1024 * 1024), "limit": MAX_FILE_BYTES // (1024 * 1024)},
            file=label,
        )
    if size == 0:
        raise _no_rows(label)
    with path.open("rb") as stream:
        magic = stream.read(8)
    if magic.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, columns, year, label)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise LedgerError(
            _("filen er i det gamle Excel-formatet (XLS). Lagre den som XLSX eller CSV (UTF-8)."),
            file=label,
        )
    return _read_csv(path, columns, year, label)


def _read_csv(path: Path, columns: Columns, year: int | None, label: str) -> Iterator[LedgerRow]:
    encoding = _text_encoding(path, label)
    line = _first_line(path, encoding)
    if not line:
        raise _no_rows(label)
    delimiter = _header_delimiter(line, columns)
    records = _csv_records(path, encoding, delimiter, label)
    header_row, header = 0, list[str]()
    for header_row, header in records:  # noqa: B007 - the first non-blank record is the header
        if not _is_blank(header):
            break
    records.close()
    layout = _layout(header, columns, label, header_row)

    def find_mark() -> str:
        positions = [p for p in (layout.amount, layout.debit, layout.credit) if p is not None]
        for number, cells in _csv_records(path, encoding, delimiter, label):
            if number <= header_row:
                continue
            for position in positions:
                if position < len(cells):
                    mark = _decimal_evidence(cells[position])
                    if mark:
                        return mark
        return ""

    return _csv_rows(
        path, encoding, delimiter, header_row, layout, _Amounts(find_mark), year, label
    )


def _csv_rows(
    path: Path,
    encoding: str,
    delimiter: str,
    header_row: int,
    layout: _Layout,
    amounts: _Amounts,
    year: int | None,
    label: str,
) -> Iterator[LedgerRow]:
    """The fast loop: one CSV record to one LedgerRow."""
    project_at, date_at = layout.project, layout.date
    amount_at, debit_at, credit_at = layout.amount, layout.debit, layout.credit
    account_at, text_at = layout.account, layout.text
    voucher_at, line_at = layout.voucher, layout.line
    width = 1 + max(
        position
        for position in (
            project_at,
            date_at,
            amount_at,
            debit_at,
            credit_at,
            account_at,
            text_at,
            voucher_at,
            line_at,
        )
        if position is not None
    )
    parse_amount = amounts.parse
    dates: dict[str, tuple[date, str]] = {}
    seen: dict[str, int] = {}
    names = layout.names
    amount_name, date_name = names.get("amount", ""), names["date"]
    debit_index = debit_at if debit_at is not None else 0
    credit_index = credit_at if credit_at is not None else 0
    count = 0
    column = ""
    with _open_text(path, encoding) as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        number = 0
        try:
            for _header in range(header_row):
                next(reader)
            number = last_line = header_row
            for cells in reader:
                number += 1
                line_number = reader.line_num
                if line_number - last_line > 1 and _swallowed_lines(cells, delimiter):
                    raise _swallowed_error(label, number, delimiter)
                last_line = line_number
                try:
                    if len(cells) < width:
                        if _is_blank(cells):
                            continue
                        cells = cells + [""] * (width - len(cells))
                    project = cells[project_at].strip()
                    if not project:
                        if _is_blank(cells):
                            continue
                        column = names["project"]
                        raise _Problem(_missing_project())
                    if amount_at is not None:
                        # _Amounts.parse inline: a million calls cost a tenth of a second
                        column = amount_name
                        raw = cells[amount_at]
                        written = raw.replace(",", ".")
                        if written[:1] not in _FAST_START or "_" in written:
                            written = ""
                        elif written[-3:-2] == ".":
                            pass
                        elif "." not in written:
                            written += ".00"
                        elif written[-2:-1] == ".":
                            written += "0"
                        else:
                            written = ""
                        if written and len(written) < 16:
                            try:
                                amount = Decimal(written)
                            except InvalidOperation:
                                amount = parse_amount(raw)
                            else:
                                if not amount:
                                    amount = _ZERO
                        else:
                            amount = parse_amount(raw)
                    else:
                        amount = _debit_minus_credit(
                            cells[debit_index], cells[credit_index], names, parse_amount
                        )
                    raw_date = cells[date_at]
                    known = dates.get(raw_date)
                    if known is None:
                        column = date_name
                        if not raw_date.strip():
                            raise _Problem(_("Datoen mangler."))
                        booked = _parse_date(raw_date)
                        if year is not None and booked.year != year:
                            raise _out_of_year(raw_date.strip(), year)
                        known = dates[raw_date] = (booked, booked.isoformat())
                    account = cells[account_at].strip() if account_at is not None else ""
                    text = cells[text_at].strip() if text_at is not None else ""
                    voucher = cells[voucher_at].strip() if voucher_at is not None else ""
                    line = cells[line_at].strip() if line_at is not None else ""
                    if (
                        len(text) > MAX_TEXT_LENGTH
                        or len(project) > MAX_CODE_LENGTH
                        or len(account) > MAX_CODE_LENGTH
                        or len(voucher) > MAX_CODE_LENGTH
                        or len(line) > MAX_CODE_LENGTH
                    ):
                        _check_lengths(project, account, text, voucher, line, names)
                except _ColumnProblem as problem:
                    raise LedgerError(
                        str(problem), file=label, row=number, column=problem.column
                    ) from None
                except _Problem as problem:
                    raise LedgerError(str(problem), file=label, row=number, column=column) from None
                if voucher and line:
                    key = f"v:{voucher}:{line}"
                else:
                    normalised = _SEPARATOR.join(
                        (project, str(amount), known[1], account, text, voucher)
                    )
                    key = "h:" + sha256(normalised.encode()).hexdigest()
                first = seen.setdefault(key, number)
                if first != number:
                    raise LedgerError(_duplicate(first, key), file=label, row=number)
                count += 1
                # _new_row inline: a million calls cost a tenth of a second
                built = _RowBuilder()
                built.row = number
                built.project_code = project
                built.amount = amount
                built.booked_on = known[0]
                built.account = account
                built.text = text
                built.voucher = voucher
                built.line = line
                built.key = key
                built.__class__ = LedgerRow  # type: ignore[assignment]
                yield built  # type: ignore[misc]
        except csv.Error as error:
            raise _csv_error(label, number + 1, error) from None
    if not count:
        raise _no_rows(label)


class _ColumnProblem(_Problem):
    """A bad value in a column the loop did not expect (debit or credit)."""

    def __init__(self, message: str, column: str) -> None:
        super().__init__(message)
        self.column = column


def _debit_minus_credit(
    debit: object, credit: object, names: dict[str, str], parse: Callable[[Any], Decimal]
) -> Decimal:
    values: list[Decimal] = []
    for role, value in (("debit", debit), ("credit", credit)):
        if value is None or (isinstance(value, str) and not value.strip()):
            values.append(_ZERO)
            continue
        try:
            values.append(parse(value))
        except _Problem as problem:
            raise _ColumnProblem(str(problem), names[role]) from None
    if _is_blank([debit, credit]):
        raise _ColumnProblem(str(_missing_amount()), names["debit"])
    amount = values[0] - values[1]
    if abs(amount) >= AMOUNT_LIMIT:
        raise _ColumnProblem(str(_absurd(amount)), names["debit"])
    return amount if amount else _ZERO


def _read_xlsx(path: Path, columns: Columns, year: int | None, label: str) -> Iterator[LedgerRow]:
    rows = _xlsx_rows(path, label)
    header_row, header = 0, tuple[Any, ...]()
    for header_row, header in rows:  # noqa: B007 - the first non-empty row is the header
        if not _is_blank(header):
            break
    else:
        raise _no_rows(label)
    layout = _layout(header, columns, label, header_row)

    def find_mark() -> str:
        positions = [p for p in (layout.amount, layout.debit, layout.credit) if p is not None]
        for number, cells in _xlsx_rows(path, label):
            if number <= header_row:
                continue
            for position in positions:
                if position < len(cells) and isinstance(cells[position], str):
                    mark = _decimal_evidence(cells[position])
                    if mark:
                        return mark
        return ""

    return _xlsx_ledger_rows(rows, layout, _Amounts(find_mark), year, label)


def _xlsx_ledger_rows(
    rows: Iterator[tuple[int, tuple[Any, ...]]],
    layout: _Layout,
    amounts: _Amounts,
    year: int | None,
    label: str,
) -> Iterator[LedgerRow]:
    names = layout.names
    new_key = _Keys(label).key
    count = 0

    def cell(cells: tuple[Any, ...], position: int | None) -> Any:
        if position is None or position >= len(cells):
            return None
        return cells[position]

    for number, cells in rows:
        if _is_blank(cells):
            continue
        column = names["project"]
        try:
            project = _code_cell(cell(cells, layout.project))
            if not project:
                raise _Problem(_missing_project())
            if layout.amount is not None:
                column = names["amount"]
                amount = amounts.cell(cell(cells, layout.amount))
            else:
                amount = _debit_minus_credit(
                    cell(cells, layout.debit), cell(cells, layout.credit), names, amounts.cell
                )
            column = names["date"]
            booked, shown = _date_cell(cell(cells, layout.date))
            if year is not None and booked.year != year:
                raise _out_of_year(shown, year)
        except _ColumnProblem as problem:
            raise LedgerError(str(problem), file=label, row=number, column=problem.column) from None
        except _Problem as problem:
            raise LedgerError(str(problem), file=label, row=number, column=column) from None
        account = _code_cell(cell(cells, layout.account))
        text = _code_cell(cell(cells, layout.text))
        voucher = _code_cell(cell(cells, layout.voucher))
        line = _code_cell(cell(cells, layout.line))
        try:
            _check_lengths(project, account, text, voucher, line, names)
        except _ColumnProblem as problem:
            raise LedgerError(str(problem), file=label, row=number, column=problem.column) from None
        if voucher and line:
            key = new_key(f"v:{voucher}:{line}", number)
        else:
            key = new_key(
                _hash_key(project, amount, booked.isoformat(), account, text, voucher), number
            )
        count += 1
        yield _new_row(number, project, amount, booked, account, text, voucher, line, key)
    if not count:
        raise _no_rows(label)
