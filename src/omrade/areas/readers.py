"""Pure readers for statistics files: JSON-stat 2 (and PxWebApi v1's JSON-stat 1), CSV, XLSX
and JSON records, all turned into `StatisticRow`s. No database here: the import service decides
what to store.

Every problem raises `ReadError` with a message naming the file, the row and the field. Readers
stop at the first problem: a file is imported whole or not at all.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from math import isfinite
from types import MappingProxyType
from typing import Any, Literal

from django.utils.translation import gettext as _

from omrade.areas.periods import Period, PeriodError, parse_period
from omrade.areas.statuses import ValueStatus

# SSB's table symbols, plus "x" which many sources use for suppressed cells. A bare "*" has no
# number to be provisional about; as a JSON-stat status it marks the value as provisional.
DEFAULT_SYMBOLS: Mapping[str, ValueStatus] = MappingProxyType(
    {
        ".": ValueStatus.NOT_APPLICABLE,
        "..": ValueStatus.NOT_AVAILABLE,
        "...": ValueStatus.NOT_YET_AVAILABLE,
        ":": ValueStatus.SUPPRESSED,
        "-": ValueStatus.NIL,
        "*": ValueStatus.NOT_AVAILABLE,
        "x": ValueStatus.SUPPRESSED,
        "X": ValueStatus.SUPPRESSED,
    }
)

FileFormat = Literal["jsonstat", "csv", "xlsx", "json"]
ValueParser = Callable[[object], tuple[float | None, ValueStatus]]


@dataclass(frozen=True, slots=True)
class StatisticRow:
    """One value for one area, period and indicator, with where it came from."""

    source: str  # "rad 12", "post 3", "verdi 17 (region=0301, year=2022)"
    area_code: str
    period: Period
    indicator_code: str
    value: float | None  # None unless status.has_value
    status: ValueStatus
    numerator: float | None = None
    denominator: float | None = None


class _RowBuilder:
    """Same memory layout as StatisticRow, but mutable: see _new_row."""

    __slots__ = StatisticRow.__slots__
    source: str
    area_code: str
    period: Period
    indicator_code: str
    value: float | None
    status: ValueStatus
    numerator: float | None
    denominator: float | None


def _new_row(
    source: str,
    area_code: str,
    period: Period,
    indicator_code: str,
    value: float | None,
    status: ValueStatus,
    numerator: float | None,
    denominator: float | None,
) -> StatisticRow:
    """A StatisticRow made about four times faster than by its frozen __init__.

    A frozen dataclass's __init__ calls object.__setattr__ once per field, the biggest cost of
    reading millions of rows. Filling a mutable twin with the same slots and then switching its
    class gives the very same object; tests check it equals one made the ordinary way.
    """
    row = _RowBuilder()
    row.source = source
    row.area_code = area_code
    row.period = period
    row.indicator_code = indicator_code
    row.value = value
    row.status = status
    row.numerator = numerator
    row.denominator = denominator
    row.__class__ = StatisticRow  # type: ignore[assignment]
    return row  # type: ignore[return-value]


class ReadError(ValueError):
    """A file that cannot be read; the message names the file, row and field."""


# ---------------------------------------------------------------------------------------------
# Values


# Spaces used as thousands separators go; the typographic minus sign becomes "-".
_NUMBER_CLEANUP: dict[int, str | None] = {
    ord(" "): None,
    0x00A0: None,  # no-break space
    0x202F: None,  # narrow no-break space
    0x2009: None,  # thin space
    0x2212: "-",  # minus sign
}
_DOT_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+,\d*")  # Danish/German 1.234,5
_COMMA_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+\.\d*")  # English 1,234.5


def _number_from_text(text: str) -> float | None:
    """A number written by people: decimal comma, spaces between thousands. None if not one."""
    cleaned = text.translate(_NUMBER_CLEANUP)
    if "," in cleaned:
        if "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
        elif _DOT_THOUSANDS.fullmatch(cleaned):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        elif _COMMA_THOUSANDS.fullmatch(cleaned):
            cleaned = cleaned.replace(",", "")
        else:
            return None
    if "_" in cleaned:  # float() accepts 1_000; people do not write that
        return None
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if isfinite(number) else None


def _not_a_number(raw: object) -> ValueError:
    return ValueError(_("«%(text)s» er ikke et tall.") % {"text": raw})


def _value_parser(symbols: Mapping[str, ValueStatus] | None) -> ValueParser:
    """A fast parse_value bound to one symbol table (readers call it millions of times)."""
    table = {**DEFAULT_SYMBOLS, **(symbols or {})}
    ok, provisional, not_available = (
        ValueStatus.OK,
        ValueStatus.PROVISIONAL,
        ValueStatus.NOT_AVAILABLE,
    )

    def parse_text(raw: str) -> tuple[float | None, ValueStatus]:
        text = raw.strip()
        if not text:
            return None, not_available
        status = table.get(text)
        if status is not None:
            if status.has_value:
                raise ValueError(
                    _("«%(text)s» betyr en status med verdi, men feltet har ikke noe tall.")
                    % {"text": text}
                )
            return None, status
        status = ok
        if text.endswith("*"):  # SSB marks provisional figures with a trailing star
            text, status = text[:-1].rstrip(), provisional
        number = _number_from_text(text)
        if number is None:
            raise _not_a_number(raw.strip())
        return number, status

    def parse(raw: object) -> tuple[float | None, ValueStatus]:
        if type(raw) is str:  # the common case first: a plain number in a text file
            try:
                number = float(raw.replace(",", "."))  # decimal comma: "7,53"
            except ValueError:
                return parse_text(raw)
            if isfinite(number) and "_" not in raw:
                return number, ok
            raise _not_a_number(raw)
        if raw is None:
            return None, not_available
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            number = float(raw)
            if isfinite(number):
                return number, ok
            raise _not_a_number(raw)
        if isinstance(raw, str):  # a str subclass
            return parse(str(raw))
        raise _not_a_number(raw)

    return parse


_default_parser = _value_parser(None)


def parse_value(
    raw: object, *, symbols: Mapping[str, ValueStatus] | None = None
) -> tuple[float | None, ValueStatus]:
    """Parse one cell: a number, a number written as text, or a status symbol.

    "7,53" and "1 234,5" are numbers; "7,5*" is a provisional 7.5; None and "" are not
    available; ".", "..", "...", ":", "-", "*", "x" are SSB-style symbols (see DEFAULT_SYMBOLS,
    `symbols` overrides them). Raises ValueError naming the text for anything else.
    """
    parser = _default_parser if symbols is None else _value_parser(symbols)
    return parser(raw)


# ---------------------------------------------------------------------------------------------
# Rows shared by every reader: codes, periods, duplicates


def _field_error(file_label: str, source: str, field: str, problem: object) -> ReadError:
    return ReadError(
        _("Filen %(file)s, %(source)s, felt «%(field)s»: %(problem)s")
        % {"file": file_label, "source": source, "field": field, "problem": problem}
    )


def _code(raw: object) -> str:
    """An area or indicator code as text; keeps leading zeros, refuses blanks and booleans."""
    if isinstance(raw, str):
        code = raw.strip()
    elif isinstance(raw, int) and not isinstance(raw, bool):
        code = str(raw)
    elif isinstance(raw, float) and raw.is_integer():  # a spreadsheet's 301.0
        code = str(int(raw))
    else:
        code = ""
    if code:
        return code
    if raw is None or isinstance(raw, str):
        raise ValueError(_("Koden mangler."))
    raise ValueError(_("«%(text)s» er ikke en kode.") % {"text": raw})


def _period(raw: object) -> Period:
    if isinstance(raw, float) and raw.is_integer():  # a spreadsheet's 2024.0
        raw = int(raw)
    if raw is None or raw == "":
        raise PeriodError(_("Perioden mangler."))
    return parse_period(raw if isinstance(raw, str | int) else str(raw))


class _Collector:
    """Keeps rows in file order, collapses exact duplicates and refuses conflicting ones."""

    def __init__(self, file_label: str) -> None:
        self.file_label = file_label
        self.rows: list[StatisticRow] = []
        # indicator -> period code -> area -> row; nested so no key tuple is built per row
        self._seen: dict[str, dict[str, dict[str, StatisticRow]]] = {}

    def slot(self, indicator_code: str, period: Period) -> dict[str, StatisticRow]:
        by_period = self._seen.setdefault(indicator_code, {})
        return by_period.setdefault(period.code, {})

    def conflict(self, first: StatisticRow, second: StatisticRow) -> ReadError:
        return ReadError(
            _(
                "Filen %(file)s har to ulike verdier for område %(area)s, indikator "
                "%(indicator)s og periode %(period)s: %(first)s og %(second)s."
            )
            % {
                "file": self.file_label,
                "area": first.area_code,
                "indicator": first.indicator_code,
                "period": first.period.code,
                "first": first.source,
                "second": second.source,
            }
        )


def _same(first: StatisticRow, second: StatisticRow) -> bool:
    return (
        first.value == second.value
        and first.status == second.status
        and first.numerator == second.numerator
        and first.denominator == second.denominator
    )


# ---------------------------------------------------------------------------------------------
# Text and JSON decoding


def _not_utf8(file_label: str, data: bytes) -> ReadError:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return ReadError(
            _(
                "Filen %(file)s er ikke UTF-8 (første ugyldige byte er 0x%(byte)s på linje "
                "%(line)s). Lagre filen som UTF-8 og prøv igjen."
            )
            % {
                "file": file_label,
                "byte": f"{data[error.start]:02X}",
                "line": data.count(b"\n", 0, error.start) + 1,
            }
        )
    raise AssertionError("_not_utf8 called on valid UTF-8")  # pragma: no cover


def _text_encoding(data: bytes) -> str:
    # Excel's "Unicode text" export is UTF-16 with a byte order mark; anything else must be UTF-8.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def _decode(data: bytes, file_label: str) -> str:
    encoding = _text_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise _decode_error(file_label, data, encoding) from None


def _decode_error(file_label: str, data: bytes, encoding: str) -> ReadError:
    if encoding == "utf-16":
        return ReadError(_("Filen %(file)s er ikke gyldig UTF-16.") % {"file": file_label})
    return _not_utf8(file_label, data)


def _load_json(data: bytes, file_label: str) -> Any:
    try:
        return json.loads(_decode(data, file_label))
    except json.JSONDecodeError as error:
        raise ReadError(
            _("Filen %(file)s er ikke gyldig JSON (feil på linje %(line)s, kolonne %(column)s).")
            % {"file": file_label, "line": error.lineno, "column": error.colno}
        ) from None


def _no_rows(file_label: str) -> ReadError:
    return ReadError(_("Filen %(file)s har ingen rader.") % {"file": file_label})


# ---------------------------------------------------------------------------------------------
# Format detection


def _is_jsonstat(document: object) -> bool:
    if not isinstance(document, dict):
        return False
    if document.get("class") == "dataset":
        return True
    if {"version", "id", "size", "value"} <= document.keys():
        return True
    wrapped = document.get("dataset")  # PxWebApi v1: JSON-stat 1 wrapped as {"dataset": {...}}
    return isinstance(wrapped, dict) and {"dimension", "value"} <= wrapped.keys()


def detect_format(filename: str, data: bytes) -> FileFormat:
    """Tell JSON-stat, JSON records, XLSX and CSV apart by content first, then by extension."""
    if data.startswith(b"PK\x03\x04"):  # a zip archive: XLSX
        return "xlsx"
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in ("xls", "xlsm", "ods"):
        raise ReadError(
            _("Filen %(file)s er ikke en XLSX-fil. Lagre den som XLSX eller CSV (UTF-8).")
            % {"file": filename}
        )
    if extension == "json" or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        document = _load_json(data, filename)
        return "jsonstat" if _is_jsonstat(document) else "json"
    return "csv"


# ---------------------------------------------------------------------------------------------
# JSON-stat


@dataclass(frozen=True)
class _Dimension:
    id: str
    codes: list[str]


def _jsonstat_error(file_label: str, detail: str) -> ReadError:
    return ReadError(
        _("Filen %(file)s er ikke gyldig JSON-stat: %(detail)s.")
        % {"file": file_label, "detail": detail}
    )


def _category_codes(dimension_id: str, dimension: Mapping[str, Any], file_label: str) -> list[str]:
    """Category codes in index order; `index` may be an object, an array, or absent."""
    category = dimension.get("category") or {}
    index = category.get("index")
    if isinstance(index, list):
        return [str(code) for code in index]
    if isinstance(index, dict):
        try:
            codes = sorted(index, key=lambda code: index[code])
        except TypeError:  # positions that are not all numbers
            codes = []
        if [index[code] for code in codes] != list(range(len(index))):
            raise _jsonstat_error(file_label, f"dimension {dimension_id}: category.index")
        return [str(code) for code in codes]
    labels = category.get("label")
    if isinstance(labels, dict) and labels:  # no index: a single category, named by its label
        return [str(code) for code in labels]
    raise _jsonstat_error(file_label, f"dimension {dimension_id}: category")


def _jsonstat_dataset(document: Any, file_label: str) -> tuple[Mapping[str, Any], list[_Dimension]]:
    if isinstance(document, dict) and "class" not in document and "dataset" in document:
        document = document["dataset"]  # PxWebApi v1 / JSON-stat 1
    if not isinstance(document, dict) or "dimension" not in document or "value" not in document:
        raise ReadError(_("Filen %(file)s er ikke et JSON-stat-datasett.") % {"file": file_label})
    dimensions = document["dimension"]
    if not isinstance(dimensions, dict):
        raise _jsonstat_error(file_label, "dimension")
    # JSON-stat 2 keeps id and size at the top; JSON-stat 1 keeps them inside "dimension".
    ids = document.get("id", dimensions.get("id"))
    sizes = document.get("size", dimensions.get("size"))
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise _jsonstat_error(file_label, "id/size")
    result = []
    for dimension_id, size in zip(ids, sizes, strict=True):
        dimension = dimensions.get(dimension_id)
        if not isinstance(dimension, dict):
            raise _jsonstat_error(file_label, f"dimension {dimension_id}")
        codes = _category_codes(dimension_id, dimension, file_label)
        if len(codes) != size:
            raise _jsonstat_error(
                file_label, f"dimension {dimension_id}: {len(codes)} categories, size {size}"
            )
        result.append(_Dimension(str(dimension_id), codes))
    return document, result


def _positions(value: Any, count: int, file_label: str) -> Iterator[tuple[int, Any]]:
    """(flat index, raw value) in row-major order, for a dense array or a sparse object."""
    if isinstance(value, list):
        if len(value) != count:
            raise _jsonstat_error(file_label, f"value has {len(value)} entries, expected {count}")
        return enumerate(value)
    if isinstance(value, dict):
        try:
            pairs = sorted((int(key), raw) for key, raw in value.items())
        except ValueError:
            raise _jsonstat_error(file_label, "value keys") from None
        if pairs and (pairs[0][0] < 0 or pairs[-1][0] >= count):
            raise _jsonstat_error(file_label, "value keys")
        return iter(pairs)
    raise _jsonstat_error(file_label, "value")


def _statuses(status: Any, file_label: str) -> tuple[Callable[[int], Any], list[int]]:
    """The status symbol for a flat index, and the indexes given one of their own.

    `status` may be absent, one string for all values, an array, or an object keyed by index.
    """
    if status is None:
        return (lambda index: None), []
    if isinstance(status, str):
        return (lambda index: status or None), []
    if isinstance(status, list):
        given = [index for index, symbol in enumerate(status) if symbol]
        return (lambda index: (status[index] or None) if index < len(status) else None), given
    if isinstance(status, dict):
        try:
            by_index = {int(key): symbol for key, symbol in status.items()}
        except ValueError:
            raise _jsonstat_error(file_label, "status keys") from None
        return (lambda index: by_index.get(index) or None), list(by_index)
    raise _jsonstat_error(file_label, "status")


def read_jsonstat(
    data: bytes,
    *,
    file_label: str,
    area_dimension: str,
    period_dimension: str,
    indicator_dimension: str | None = None,
    indicator_map: Mapping[str, str] | None = None,
    indicator: str | None = None,
    symbols: Mapping[str, ValueStatus] | None = None,
) -> list[StatisticRow]:
    """Read a JSON-stat 2 dataset (or PxWebApi v1's JSON-stat 1) into rows.

    Every dimension other than area, period and indicator must hold one category. Indicators
    come from `indicator_dimension` (codes mapped through `indicator_map` when given) or are the
    fixed `indicator`. A dense `value` array gives a row per cell (null -> not available); a
    sparse `value` object gives rows for the cells it or `status` holds. A row's source names
    the 0-based flat index, as JSON-stat counts, and its categories.
    """
    document, dimensions = _jsonstat_dataset(_load_json(data, file_label), file_label)
    by_id = {dimension.id: dimension for dimension in dimensions}
    wanted = [area_dimension, period_dimension]
    if indicator_dimension is not None:
        wanted.append(indicator_dimension)
    for name in wanted:
        if name not in by_id:
            raise ReadError(
                _("Filen %(file)s har ingen dimensjon «%(dimension)s». Dimensjonene er: %(ids)s.")
                % {"file": file_label, "dimension": name, "ids": ", ".join(by_id)}
            )
    _check_indicator_choice(file_label, indicator, indicator_dimension, "--indicator-dimension")
    for dimension in dimensions:
        if dimension.id not in wanted and len(dimension.codes) != 1:
            raise ReadError(
                _(
                    "Filen %(file)s: dimensjonen %(dimension)s har %(count)s kategorier; "
                    "oppgi --indicator-dimension %(dimension)s hvis den holder indikatorene, "
                    "ellers hent ut én kategori."
                )
                % {"file": file_label, "dimension": dimension.id, "count": len(dimension.codes)}
            )

    # Each category is resolved once; the per-value loop only indexes lists.
    areas = by_id[area_dimension]
    periods = by_id[period_dimension]
    try:
        area_codes = [_code(code) for code in areas.codes]
    except ValueError as error:
        raise _jsonstat_error(file_label, f"dimension {area_dimension}: {error}") from None
    period_values: list[Period] = []
    for code in periods.codes:
        try:
            period_values.append(_period(code))
        except PeriodError as error:
            raise ReadError(
                _("Filen %(file)s, dimensjon «%(dimension)s», kategori «%(code)s»: %(problem)s")
                % {
                    "file": file_label,
                    "dimension": period_dimension,
                    "code": code,
                    "problem": error,
                }
            ) from None
    indicators = by_id[indicator_dimension] if indicator_dimension is not None else None
    if indicators is None:
        indicator_codes = [str(indicator)]
    elif indicator_map is None:
        indicator_codes = indicators.codes
    else:
        unmapped = [code for code in indicators.codes if code not in indicator_map]
        if unmapped:
            raise ReadError(
                _(
                    "Filen %(file)s: dimensjonen %(dimension)s har kategorier uten indikator: "
                    "%(codes)s."
                )
                % {"file": file_label, "dimension": indicators.id, "codes": ", ".join(unmapped)}
            )
        indicator_codes = [indicator_map[code] for code in indicators.codes]

    # Row-major order: the last dimension varies fastest.
    strides = {}
    stride = 1
    for dimension in reversed(dimensions):
        strides[dimension.id] = stride
        stride *= len(dimension.codes)
    count = stride

    def position(dimension: _Dimension | None, index: int) -> int:
        if dimension is None:
            return 0
        return (index // strides[dimension.id]) % len(dimension.codes)

    parse = _value_parser(symbols)
    status_table = {**DEFAULT_SYMBOLS, "*": ValueStatus.PROVISIONAL, **(symbols or {})}
    status_of, indexes_with_status = _statuses(document.get("status"), file_label)
    values = dict(_positions(document["value"], count, file_label))
    if not isinstance(document["value"], list):  # sparse: a status of its own makes a row too
        for index in indexes_with_status:
            if 0 <= index < count:
                values.setdefault(index, None)
    collector = _Collector(file_label)
    template = _("verdi %(index)s (%(coordinates)s)")
    named = [dimension for dimension in dimensions if dimension.id in wanted]
    for index in sorted(values):
        area_at, period_at = position(areas, index), position(periods, index)
        indicator_at = position(indicators, index)
        coordinates = ", ".join(
            f"{dimension.id}={dimension.codes[position(dimension, index)]}" for dimension in named
        )
        source = template % {"index": index, "coordinates": coordinates}
        try:
            value, status = parse(values[index])
        except ValueError as error:
            raise _field_error(file_label, source, "value", error) from None
        symbol = status_of(index)
        if symbol is not None:
            symbol_status = status_table.get(str(symbol))
            if symbol_status is None:
                raise _field_error(
                    file_label,
                    source,
                    "status",
                    _("ukjent statussymbol «%(symbol)s»") % {"symbol": symbol},
                )
            if not symbol_status.has_value:
                value, status = None, symbol_status  # ":" hides a number even when one is sent
            elif value is not None:
                status = symbol_status
        row = StatisticRow(
            source,
            area_codes[area_at],
            period_values[period_at],
            indicator_codes[indicator_at],
            value,
            status,
        )
        slot = collector.slot(row.indicator_code, row.period)
        previous = slot.get(row.area_code)
        if previous is None:
            slot[row.area_code] = row
            collector.rows.append(row)
        elif not _same(previous, row):
            raise collector.conflict(previous, row)
    if not collector.rows:
        raise _no_rows(file_label)
    return collector.rows


def _check_indicator_choice(
    file_label: str, indicator: str | None, indicator_source: str | None, option: str
) -> None:
    if (indicator is None) == (indicator_source is None):
        raise ReadError(
            _("Filen %(file)s: oppgi enten --indicator eller %(option)s (én av dem).")
            % {"file": file_label, "option": option}
        )


# ---------------------------------------------------------------------------------------------
# Tidy tables: CSV, XLSX, JSON records

Record = Sequence[Any] | Mapping[str, Any]


@dataclass(frozen=True)
class _Fields:
    """Where each field sits in a record: a column index (CSV, XLSX) or a key (JSON)."""

    area: Any
    period: Any
    value: Any
    indicator: Any
    numerator: Any
    denominator: Any


def _missing_field(file_label: str, field: str, available: Iterable[str]) -> ReadError:
    return ReadError(
        _("Filen %(file)s mangler feltet «%(field)s». Feltene er: %(fields)s.")
        % {"file": file_label, "field": field, "fields": ", ".join(available)}
    )


def _header_fields(
    header: Sequence[str], file_label: str, names: Mapping[str, str | None]
) -> _Fields:
    positions: dict[str, int] = {}
    for position, column in enumerate(header):
        positions.setdefault(column, position)  # a repeated column name: the first one counts
    found: dict[str, int | None] = {}
    for role, name in names.items():
        if name is None:
            found[role] = None
        elif name in positions:
            found[role] = positions[name]
        else:
            raise _missing_field(file_label, name, header)
    return _Fields(**found)


def _row_template(word: str) -> tuple[str, str]:
    """Split a translated "rad %(number)s" once so each row only joins three strings."""
    prefix, _marker, suffix = word.partition("%(number)s")
    return prefix, suffix


# A table reader gives the header's field positions and (row number or key, record) pairs.
Records = Iterator[tuple[int | str, Record]]


def _header_split(first_line: str, delimiter: str) -> list[str]:
    return [name.strip() for name in next(csv.reader([first_line], delimiter=delimiter))]


def _csv_reader(
    data: bytes, file_label: str, names: Mapping[str, str | None]
) -> tuple[_Fields, Any]:
    """The header's fields and a csv.reader positioned after the header."""
    encoding = _text_encoding(data)
    try:
        sample = codecs.getincrementaldecoder(encoding)().decode(data[:65536], final=False)
    except UnicodeDecodeError:
        raise _decode_error(file_label, data, encoding) from None
    first_line = sample.split("\n", 1)[0].rstrip("\r")
    if not first_line.strip():
        raise _no_rows(file_label)
    # The sniffer can be fooled (by decimal commas, say): the delimiter that splits the header
    # into the wanted fields wins. When only one does, the sniffer could not change the
    # outcome, so it is not asked: it costs milliseconds per file, as much as reading
    # thousands of rows.
    wanted = [name for name in names.values() if name is not None]
    fitting = [
        candidate
        for candidate in ",;\t"
        if all(name in _header_split(first_line, candidate) for name in wanted)
    ]
    if len(fitting) == 1:
        delimiter = fitting[0]
    else:
        complete = sample[: sample.rfind("\n") + 1] or sample
        try:
            sniffed = csv.Sniffer().sniff(complete, delimiters=",;\t").delimiter
        except csv.Error:
            sniffed = max(",;\t", key=first_line.count)
        delimiter = sniffed if sniffed in fitting or not fitting else fitting[0]
    header = _header_split(first_line, delimiter)
    fields = _header_fields(header, file_label, names)
    # Decoded as it is read: a 5-million-row file is never held as one str.
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    next(reader)  # the header
    return fields, reader


def _xlsx_records(
    data: bytes, file_label: str, names: Mapping[str, str | None]
) -> tuple[_Fields, Records]:
    import openpyxl  # imported here: slow to import and only needed for spreadsheets

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zip, XML and key errors alike for broken files
        raise ReadError(
            _("Filen %(file)s er ikke en gyldig XLSX-fil.") % {"file": file_label}
        ) from None
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    first = next(rows, None)
    if first is None or all(cell is None for cell in first):
        workbook.close()
        raise _no_rows(file_label)
    header = ["" if cell is None else str(cell).strip() for cell in first]
    fields = _header_fields(header, file_label, names)
    width = len(header)

    def records() -> Records:
        try:
            for number, row in enumerate(rows, start=2):
                if any(cell is not None and cell != "" for cell in row):
                    if len(row) < width:  # trailing empty cells may be left out
                        row = row + (None,) * (width - len(row))
                    yield number, row
        finally:
            workbook.close()

    return fields, records()


def _json_records(
    data: bytes, file_label: str, names: Mapping[str, str | None], area_field: str
) -> tuple[_Fields, Records]:
    document = _load_json(data, file_label)
    pairs: list[tuple[int | str, Any]]
    if isinstance(document, list):
        pairs = list(enumerate(document, start=1))
    elif isinstance(document, dict) and not _is_jsonstat(document):
        # {"0301": {...}, ...}: the key is the area code unless the record has its own.
        pairs = [
            (key, {area_field: key, **item} if isinstance(item, dict) else item)
            for key, item in document.items()
        ]
    else:
        raise ReadError(
            _(
                "Filen %(file)s må holde en liste med objekter, eller et objekt med ett objekt "
                "per område."
            )
            % {"file": file_label}
        )
    if not pairs:
        raise _no_rows(file_label)
    prefix, suffix = _row_template(_("post %(number)s"))
    for key, item in pairs:
        if not isinstance(item, dict):
            raise ReadError(
                _("Filen %(file)s, %(source)s: posten er ikke et objekt.")
                % {"file": file_label, "source": f"{prefix}{key}{suffix}"}
            )
    first = pairs[0][1]
    for name in names.values():
        if name is not None and name not in first:
            raise _missing_field(file_label, name, first)
    return _Fields(**names), iter(pairs)


def read_table(
    data: bytes,
    *,
    file_label: str,
    file_format: Literal["csv", "xlsx", "json"],
    area_field: str,
    period_field: str | None,
    value_field: str,
    period: str | None = None,
    indicator: str | None = None,
    indicator_field: str | None = None,
    indicator_map: Mapping[str, str] | None = None,
    numerator_field: str | None = None,
    denominator_field: str | None = None,
    symbols: Mapping[str, ValueStatus] | None = None,
) -> list[StatisticRow]:
    """Read a tidy table (one value per row) from CSV, XLSX or JSON records.

    Give either `period_field` or a fixed `period`, and either `indicator_field` (its codes
    mapped through `indicator_map` when given) or a fixed `indicator`. CSV is UTF-8 (BOM
    optional) or UTF-16 with a BOM, delimited by `,`, `;` or tab. JSON is a list of objects, or
    an object of objects keyed by area code. Rows are numbered as a spreadsheet does: the header
    is row 1; JSON records count from 1, or are named by their key.
    """
    _check_indicator_choice(file_label, indicator, indicator_field, "--indicator-field")
    if (period is None) == (period_field is None):
        raise ReadError(
            _("Filen %(file)s: oppgi enten periodefeltet eller en fast periode (én av dem).")
            % {"file": file_label}
        )
    fixed_period: Period | None = None
    if period is not None:
        try:
            fixed_period = _period(period)
        except PeriodError as error:
            raise ReadError(
                _("Filen %(file)s: %(problem)s") % {"file": file_label, "problem": error}
            ) from None
    names = {
        "area": area_field,
        "period": period_field,
        "value": value_field,
        "indicator": indicator_field,
        "numerator": numerator_field,
        "denominator": denominator_field,
    }
    reader = None
    records: Records
    if file_format == "csv":
        fields, reader = _csv_reader(data, file_label, names)
        records = enumerate(reader, start=2)
        word = _("rad %(number)s")
    elif file_format == "xlsx":
        fields, records = _xlsx_records(data, file_label, names)
        word = _("rad %(number)s")
    elif file_format == "json":
        fields, records = _json_records(data, file_label, names, area_field)
        word = _("post %(number)s")
    else:
        raise ValueError(f"unknown table format {file_format!r}")
    try:
        with garbage_collection_paused():
            return _read_records(
                records,
                fields=fields,
                names=names,
                file_label=file_label,
                source_template=_row_template(word),
                fixed_period=fixed_period,
                fixed_indicator=indicator,
                indicator_map=indicator_map,
                symbols=symbols,
            )
    except UnicodeDecodeError:  # CSV is decoded as it is read
        raise _decode_error(file_label, data, _text_encoding(data)) from None
    except csv.Error as error:
        raise ReadError(
            _("Filen %(file)s, linje %(line)s: %(problem)s")
            % {"file": file_label, "line": reader.line_num if reader else "?", "problem": error}
        ) from None


@contextmanager
def garbage_collection_paused() -> Iterator[None]:
    """Pause the cycle collector while millions of rows are made: they hold no cycles, and
    its repeated passes over the growing list cost a third of the reading time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _missing_in_record(record: Record, fields: _Fields, names: Mapping[str, str | None]) -> str:
    """The first wanted field a short CSV/XLSX row or a JSON record lacks."""
    for role, name in names.items():
        key = getattr(fields, role)
        if name is not None and key is not None:
            try:
                record[key]
            except LookupError:
                return name
    return "?"  # pragma: no cover - only called after a lookup failed


def _read_records(
    records: Records,
    *,
    fields: _Fields,
    names: Mapping[str, str | None],
    file_label: str,
    source_template: tuple[str, str],
    fixed_period: Period | None,
    fixed_indicator: str | None,
    indicator_map: Mapping[str, str] | None,
    symbols: Mapping[str, ValueStatus] | None,
) -> list[StatisticRow]:
    """The per-row loop shared by CSV, XLSX and JSON.

    It runs millions of times, so it is written for speed: codes and periods are resolved once
    per distinct raw cell, plain numbers skip the parser, and duplicates are found through
    nested dicts (indicator, period -> area) so no key tuple is built per row.
    """
    parse = _value_parser(symbols)
    builder, row_class = _RowBuilder, StatisticRow
    ok = ValueStatus.OK
    prefix, suffix = source_template
    collector = _Collector(file_label)
    rows = collector.rows
    append = rows.append
    area_key, period_key, value_key = fields.area, fields.period, fields.value
    indicator_key = fields.indicator
    numerator_key, denominator_key = fields.numerator, fields.denominator
    areas: dict[Any, str] = {}  # raw cell -> area code
    # raw indicator cell -> raw period cell -> (indicator code, period, that slot's rows by area)
    slots: dict[Any, dict[Any, tuple[str, Period, dict[str, StatisticRow]]]] = {}

    def field(role: str) -> str:
        return names[role] or role

    def resolve_slot(
        source: str, raw_indicator: Any, raw_period: Any
    ) -> tuple[str, Period, dict[str, StatisticRow]]:
        if fixed_indicator is not None:
            indicator_code = fixed_indicator
        else:
            try:
                indicator_code = _code(raw_indicator)
            except ValueError as error:
                raise _field_error(file_label, source, field("indicator"), error) from None
            if indicator_map is not None:
                if indicator_code not in indicator_map:
                    raise _field_error(
                        file_label,
                        source,
                        field("indicator"),
                        _("«%(code)s» har ingen indikator (kjente koder: %(codes)s)")
                        % {"code": indicator_code, "codes": ", ".join(indicator_map)},
                    )
                indicator_code = indicator_map[indicator_code]
        if fixed_period is not None:
            period = fixed_period
        else:
            try:
                period = _period(raw_period)
            except PeriodError as error:
                raise _field_error(file_label, source, field("period"), error) from None
        return indicator_code, period, collector.slot(indicator_code, period)

    for key, record in records:
        if not record:  # a blank CSV line
            continue
        source = f"{prefix}{key}{suffix}"
        try:
            raw_area = record[area_key]
            raw_period = None if period_key is None else record[period_key]
            raw_indicator = None if indicator_key is None else record[indicator_key]
            raw_value = record[value_key]
        except LookupError:
            if not any(record):  # a CSV line of empty cells, as spreadsheets export
                continue
            raise ReadError(
                _("Filen %(file)s, %(source)s: feltet «%(field)s» mangler.")
                % {
                    "file": file_label,
                    "source": source,
                    "field": _missing_in_record(record, fields, names),
                }
            ) from None
        try:
            area_code = areas.get(raw_area)
        except TypeError:  # an unhashable JSON value; _code refuses it below
            area_code = None
        if area_code is None:
            if not any(record):  # a CSV line of empty cells
                continue
            try:
                area_code = _code(raw_area)
            except ValueError as error:
                raise _field_error(file_label, source, field("area"), error) from None
            areas[raw_area] = area_code
        try:
            slot = slots[raw_indicator][raw_period]
        except (KeyError, TypeError):  # first time seen, or an unhashable JSON value
            slot = resolve_slot(source, raw_indicator, raw_period)
            slots.setdefault(raw_indicator, {})[raw_period] = slot
        # Plain numbers in text are the common case: no call to the parser for them.
        value: float | None
        if type(raw_value) is str:
            try:
                value = float(raw_value.replace(",", "."))  # decimal comma: "7,53"
            except ValueError:
                value = None
            if value is not None and isfinite(value) and "_" not in raw_value:
                status = ok
            else:
                try:
                    value, status = parse(raw_value)
                except ValueError as error:
                    raise _field_error(file_label, source, field("value"), error) from None
        else:
            try:
                value, status = parse(raw_value)
            except ValueError as error:
                raise _field_error(file_label, source, field("value"), error) from None
        numerator = denominator = None
        if numerator_key is not None:
            try:
                numerator = parse(record[numerator_key])[0]
            except (ValueError, LookupError) as error:
                raise _field_error(file_label, source, field("numerator"), error) from None
        if denominator_key is not None:
            try:
                denominator = parse(record[denominator_key])[0]
            except (ValueError, LookupError) as error:
                raise _field_error(file_label, source, field("denominator"), error) from None
        indicator_code, period, by_area = slot
        # _new_row, inlined: a call per row costs as much as filling the slots.
        row: Any = builder()
        row.source = source
        row.area_code = area_code
        row.period = period
        row.indicator_code = indicator_code
        row.value = value
        row.status = status
        row.numerator = numerator
        row.denominator = denominator
        row.__class__ = row_class
        previous = by_area.setdefault(area_code, row)
        if previous is row:
            append(row)
        elif not _same(previous, row):
            raise collector.conflict(previous, row)
    if not rows:
        raise _no_rows(file_label)
    return rows


@dataclass(frozen=True)
class StatisticsFileOptions:
    """How to read a statistics file: the console's and the upload page's options.

    For JSON-stat, `area`, `period` and `indicator_source` name dimensions; for tables, fields.
    """

    area: str
    period: str | None = None
    fixed_period: str | None = None
    value: str | None = None
    indicator: str | None = None
    indicator_source: str | None = None
    indicator_map: Mapping[str, str] | None = None
    numerator: str | None = None
    denominator: str | None = None
    symbols: Mapping[str, ValueStatus] | None = None
    file_format: FileFormat | None = None


def read_statistics(
    data: bytes, *, file_label: str, options: StatisticsFileOptions
) -> list[StatisticRow]:
    """Read any supported statistics file; the format is detected unless given."""
    file_format = options.file_format or detect_format(file_label, data)
    if not (options.indicator or options.indicator_source):
        raise ReadError(_("Velg én indikator for hele filen, eller feltet som sier hvilken."))
    if file_format == "jsonstat":
        if not options.period:
            raise ReadError(_("Oppgi dimensjonen for periode."))
        return read_jsonstat(
            data,
            file_label=file_label,
            area_dimension=options.area,
            period_dimension=options.period,
            indicator_dimension=options.indicator_source,
            indicator_map=options.indicator_map,
            indicator=options.indicator,
            symbols=options.symbols,
        )
    if not options.value:
        raise ReadError(_("Oppgi feltet som har verdiene."))
    if not (options.period or options.fixed_period):
        raise ReadError(_("Oppgi feltet for periode, eller én periode for hele filen."))
    return read_table(
        data,
        file_label=file_label,
        file_format=file_format,
        area_field=options.area,
        period_field=options.period,
        period=options.fixed_period,
        value_field=options.value,
        indicator=options.indicator,
        indicator_field=options.indicator_source,
        indicator_map=options.indicator_map,
        numerator_field=options.numerator,
        denominator_field=options.denominator,
        symbols=options.symbols,
    )
