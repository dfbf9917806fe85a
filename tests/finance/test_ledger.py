"""The general-ledger extract reader: good files in the shapes ERP systems export, and a corpus
of bad files, each refused with the file, row and column named. No database."""

from __future__ import annotations

import codecs
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from omrade.finance.ledger import (
    MAX_FILE_BYTES,
    Columns,
    LedgerError,
    LedgerRow,
    _new_row,
    read_ledger,
)

HEADER = "Prosjekt;Beløp;Bilagsdato;Art;Tekst;Bilagsnr;Linje"


def write(tmp_path: Path, text: str, name: str = "hovedbok.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def rows(path: Path, columns: Columns | None = None, year: int | None = None) -> list[LedgerRow]:
    return list(read_ledger(path, columns or Columns(), year=year))


def refused(path: Path, columns: Columns | None = None, year: int | None = None) -> LedgerError:
    with pytest.raises(LedgerError) as caught:
        rows(path, columns, year)
    return caught.value


def amounts(found: list[LedgerRow]) -> list[Decimal]:
    return [row.amount for row in found]


# ---------------------------------------------------------------------------------------------
# Good files


def test_semicolon_decimal_comma_and_space_thousands(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{HEADER}\n"
        "P-100;1 234 567,50;05.01.2024;10100;Lønn januar;501;1\n"
        "P-100;1\u00a0234,5;5.1.2024;10100;Lønn;501;2\n"
        "P-100;1\u202f000;31.12.24;;;;\n"
        "P-200;-12,05;2024-02-29;14290; <b>Kaffe & kaker</b> ;;\n",
    )
    found = rows(path, year=2024)
    assert amounts(found) == [
        Decimal("1234567.50"),
        Decimal("1234.50"),
        Decimal("1000.00"),
        Decimal("-12.05"),
    ]
    assert [row.booked_on for row in found] == [
        date(2024, 1, 5),
        date(2024, 1, 5),
        date(2024, 12, 31),
        date(2024, 2, 29),
    ]
    assert [row.row for row in found] == [2, 3, 4, 5]
    first = found[0]
    assert (first.project_code, first.account, first.text, first.voucher, first.line) == (
        "P-100",
        "10100",
        "Lønn januar",
        "501",
        "1",
    )
    assert found[3].text == "<b>Kaffe & kaker</b>"  # kept verbatim; templates escape it
    assert all(row.amount.as_tuple().exponent == -2 for row in found)


def test_comma_delimited_with_decimal_point(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Project,Amount,Date,Account,Text\n"
        '1001,"1,234.50",2024-03-01,4000,"Rent, March"\n'
        "1001,-99.9,2024-03-02,4000,Refund\n"
        '1001,"12,000",2024-03-03,4000,Thousands only\n',
    )
    found = rows(path)
    assert amounts(found) == [Decimal("1234.50"), Decimal("-99.90"), Decimal("12000.00")]
    assert found[0].text == "Rent, March"
    assert found[0].account == "4000"


def test_tab_delimited(tmp_path: Path) -> None:
    path = write(tmp_path, "Prosjektnr\tBelop\tDato\n7\t10,00\t01.06.2024\n7\t20\t02.06.2024\n")
    assert amounts(rows(path)) == [Decimal("10.00"), Decimal("20.00")]


def test_byte_order_marks(tmp_path: Path) -> None:
    text = f"{HEADER}\n1;1,00;01.01.2024;;;;\n"
    with_bom = write(tmp_path, "\ufeff" + text, name="bom.csv")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert amounts(rows(with_bom)) == [Decimal("1.00")]
    assert amounts(rows(utf16)) == [Decimal("1.00")]


def test_windows_1252_with_norwegian_letters(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Prosjekt;Beløp;Bilagsdato;Tekst\n42;1 500,00;15.03.2024;Kjøp av blåbær\n",
        encoding="cp1252",
    )
    (row,) = rows(path)
    assert row.amount == Decimal("1500.00")
    assert row.text == "Kjøp av blåbær"


def test_credit_notations(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{HEADER}\n"
        "1;1234,50-;01.01.2024;;;1;1\n"
        "1;(1 234,50);01.01.2024;;;2;1\n"
        "1;kr 250,00;01.01.2024;;;3;1\n"
        "1;-250,00 NOK;01.01.2024;;;4;1\n"
        "1;DKK (75,25);01.01.2024;;;5;1\n"
        "1;\u22125,00;01.01.2024;;;6;1\n"
        "1;-0,00;01.01.2024;;;7;1\n"
        "1;1'000,00 kr.;01.01.2024;;;8;1\n",
    )
    assert amounts(rows(path)) == [
        Decimal("-1234.50"),
        Decimal("-1234.50"),
        Decimal("250.00"),
        Decimal("-250.00"),
        Decimal("-75.25"),
        Decimal("-5.00"),
        Decimal("0.00"),
        Decimal("1000.00"),
    ]
    assert str(rows(path)[6].amount) == "0.00"  # no negative zero


def test_debit_and_credit_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Prosjekt;Dato;Debet;Kredit\n"
        "1;01.02.2024;1 000,00;\n"
        "1;02.02.2024;;250,50\n"
        "1;03.02.2024;100,00;40,00\n",
    )
    assert amounts(rows(path)) == [Decimal("1000.00"), Decimal("-250.50"), Decimal("60.00")]


def test_custom_column_names(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Prosjekt;Beløp;PROSJ;Netto;Periodedato;Artskode;Merknad\n"
        "ignored;999,00;55;12,50;2024-05-05;1090;Valgt\n",
    )
    columns = Columns(
        project="prosj", amount=" Netto ", date="Periodedato", account="Artskode", text="Merknad"
    )
    (row,) = rows(path, columns)
    assert (row.project_code, row.amount, row.booked_on, row.account, row.text) == (
        "55",
        Decimal("12.50"),
        date(2024, 5, 5),
        "1090",
        "Valgt",
    )


def test_blank_lines_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, f"\n{HEADER}\n\n1;1,00;01.01.2024;;;;\n;;;;;;\n1;2,00;01.01.2024;;;;\n")
    assert [(row.row, row.amount) for row in rows(path)] == [
        (4, Decimal("1.00")),
        (6, Decimal("2.00")),
    ]


def test_dates_in_every_written_form(tmp_path: Path) -> None:
    forms = ["05.01.2024", "5.1.2024", "05.01.24", "2024-01-05", "05-01-2024", "05/01/2024"]
    forms += ["2024-01-05T00:00:00", "05.01.2024 00:00"]
    body = "".join(f"1;1,00;{form};;;{number};1\n" for number, form in enumerate(forms))
    found = rows(write(tmp_path, f"{HEADER}\n{body}"), year=2024)
    assert {row.booked_on for row in found} == {date(2024, 1, 5)}
    assert len(found) == len(forms)


def test_ambiguous_amount_takes_the_files_decimal_mark(tmp_path: Path) -> None:
    comma_file = write(
        tmp_path, f"{HEADER}\n1;1.234;01.01.2024;;;;\n1;5,50;01.01.2024;;;;\n", name="a.csv"
    )
    no_decimals = write(tmp_path, f"{HEADER}\n1;1.234;01.01.2024;;;;\n", name="b.csv")
    assert amounts(rows(comma_file)) == [Decimal("1234.00"), Decimal("5.50")]
    assert amounts(rows(no_decimals)) == [Decimal("1234.00")]
    point_file = write(
        tmp_path, f"{HEADER}\n1;5.50;01.01.2024;;;;\n1;1.234;01.01.2024;;;;\n", name="c.csv"
    )
    error = refused(point_file)
    assert (error.row, error.column) == (3, "Beløp")
    assert "1.234" in str(error)


def test_xlsx_with_numeric_and_date_cells(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([])  # an empty first row: the header is the first non-empty one
    sheet.append(["Prosjekt", "Beløp", "Bilagsdato", "Konto", "Tekst", "Bilagsnr", "Linje"])
    sheet.append([1001, 1234.5, datetime(2024, 3, 1), 10100, "Lønn", 77, 1])
    sheet.append([1001, 0.1 + 0.2, date(2024, 3, 2), None, None, None, None])
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(["P-2", -50, "03.03.2024", "4000", "<script>x</script>", None, None])
    sheet.append([1001, "1 000,25-", datetime(2024, 3, 4), None, None, None, None])
    path = tmp_path / "eksport.csv"  # the kind is told by the content, not the name
    workbook.save(path)
    found = rows(path, year=2024)
    assert [(row.row, row.project_code, row.amount, row.booked_on) for row in found] == [
        (3, "1001", Decimal("1234.50"), date(2024, 3, 1)),
        (4, "1001", Decimal("0.30"), date(2024, 3, 2)),
        (6, "P-2", Decimal("-50.00"), date(2024, 3, 3)),
        (7, "1001", Decimal("-1000.25"), date(2024, 3, 4)),
    ]
    assert (found[0].account, found[0].voucher, found[0].line, found[0].key) == (
        "10100",
        "77",
        "1",
        "v:77:1",
    )
    assert found[2].text == "<script>x</script>"


def test_xlsx_text_amounts_take_the_files_decimal_mark(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Prosjekt", "Beløp", "Dato"])
    sheet.append([1, "12.500", "2024-01-01"])  # ambiguous: decided by the next row
    sheet.append([1, "1.50", "2024-01-01"])
    path = tmp_path / "tekst.xlsx"
    workbook.save(path)
    error = refused(path)
    assert (error.row, error.column) == (2, "Beløp")
    sheet["B3"] = "1,50"
    workbook.save(path)
    assert amounts(rows(path)) == [Decimal("12500.00"), Decimal("1.50")]


def test_xlsx_refusals(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Prosjekt", "Beløp", "Dato"])
    sheet.append([1, 12.345, datetime(2024, 1, 1)])
    path = tmp_path / "tre-desimaler.xlsx"
    workbook.save(path)
    error = refused(path)
    assert (error.file, error.row, error.column) == ("tre-desimaler.xlsx", 2, "Beløp")
    assert "to desimaler" in error.problem

    sheet.delete_rows(2)
    sheet.append([1, 10, 45000])  # a number, not a date cell
    workbook.save(path)
    error = refused(path)
    assert (error.row, error.column) == (2, "Dato")

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    assert "XLSX" in str(refused(broken))


# ---------------------------------------------------------------------------------------------
# Keys


def test_voucher_and_line_keys(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n1;1,00;01.01.2024;;;501;1\n1;1,00;01.01.2024;;;501;2\n")
    assert [row.key for row in rows(path)] == ["v:501:1", "v:501:2"]


def test_rereading_gives_the_same_keys_and_another_notation_the_same_key(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path, f"{HEADER}\n1;100,00;01.01.2024;10100;Husleie;;\n2;5,00;02.01.2024;;;;\n"
    )
    first = [row.key for row in rows(path)]
    assert len(set(first)) == 2
    assert first[0].startswith("h:")
    assert [row.key for row in rows(path)] == first
    # The same transaction written differently in another extract has the same key
    other = write(
        tmp_path,
        "Project,Amount,Date,Account,Text\n1,100,2024-01-01,10100, Husleie \n",
        name="other.csv",
    )
    assert rows(other)[0].key == first[0]


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ("1;100,00;01.01.2024;10100;Husleie;;", "lik rad 2"),
        ("9;1,00;03.01.2024;;;501;1", "Samme bilagsnummer og linje som rad 2"),
    ],
)
def test_a_line_twice_in_the_file_is_refused(tmp_path: Path, second: str, message: str) -> None:
    first = "1;100,00;01.01.2024;10100;Husleie;501;1" if "501" in second else second
    path = write(tmp_path, f"{HEADER}\n{first}\n2;5,00;02.01.2024;;;;\n{second}\n")
    with pytest.raises(LedgerError, match=message) as refused:
        rows(path)
    assert refused.value.row == 4


def test_a_line_twice_in_an_xlsx_file_is_refused(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Prosjekt", "Beløp", "Bilagsdato"])
    sheet.append(["1", 100, date(2024, 1, 1)])
    sheet.append(["1", 100, date(2024, 1, 1)])
    path = tmp_path / "hovedbok.xlsx"
    workbook.save(path)
    with pytest.raises(LedgerError, match="lik rad 2") as refused:
        rows(path)
    assert refused.value.row == 3


def test_fast_row_equals_an_ordinary_row() -> None:
    values = (2, "P", Decimal("1.00"), date(2024, 1, 1), "a", "t", "v", "l", "k")
    fast = _new_row(*values)
    assert fast == LedgerRow(*values)
    assert type(fast) is LedgerRow
    with pytest.raises(AttributeError):
        fast.amount = Decimal(0)  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# Bad files


def test_wrong_delimiter_names_the_missing_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "Prosjekt|Beløp|Bilagsdato\n1|1,00|01.01.2024\n", name="pipe.csv")
    error = refused(path)
    assert error.file == "pipe.csv"
    assert error.row == 1
    message = str(error)
    assert "pipe.csv" in message
    assert "«Prosjekt»" in message
    assert "«Bilagsdato»" in message
    assert "«Prosjekt|Beløp|Bilagsdato»" in message  # the header that was found


def test_explicit_column_not_in_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n1;1,00;01.01.2024;;;;\n")
    error = refused(path, Columns(amount="Nettobeløp"))
    assert "«Nettobeløp»" in str(error)
    assert "Beløp" in str(error)


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        ("abc", "ikke et beløp"),
        ("12,3,4", "ikke et beløp"),
        ("1.2.3,4.5", "ikke et beløp"),
        ("12 34,00", "ikke et beløp"),
        ("--5,00", "ikke et beløp"),
        ("1e5", "ikke et beløp"),
        ("NaN", "ikke et beløp"),
        ("1_000,00", "ikke et beløp"),
        ("12,345", "to desimaler"),
        ("0,001", "to desimaler"),
        ("1 000 000 000 000,00", "urimelig"),
        ("-999999999999999", "urimelig"),
        ("100,-", "tvetydig"),
        ("", "mangler"),
    ],
)
def test_bad_amounts_are_refused_with_row_and_column(
    tmp_path: Path, amount: str, problem: str
) -> None:
    path = write(tmp_path, f"{HEADER}\n1;1,00;01.01.2024;;;;\n1;{amount};01.01.2024;;;;\n")
    error = refused(path)
    assert (error.file, error.row, error.column) == ("hovedbok.csv", 3, "Beløp")
    assert problem in error.problem
    assert "hovedbok.csv" in str(error)
    assert "rad 3" in str(error)


def test_bad_debit_names_its_column(tmp_path: Path) -> None:
    path = write(tmp_path, "Prosjekt;Dato;Debet;Kredit\n1;01.02.2024;;tusen\n")
    error = refused(path)
    assert (error.row, error.column) == (2, "Kredit")
    neither = write(tmp_path, "Prosjekt;Dato;Debet;Kredit\n1;01.02.2024;;\n", "neither.csv")
    error = refused(neither)
    assert (error.row, error.column) == (2, "Debet")
    assert "mangler" in error.problem


@pytest.mark.parametrize("written", ["32.01.2024", "2024-13-01", "01.01.0024", "i går", "1.1"])
def test_bad_dates(tmp_path: Path, written: str) -> None:
    error = refused(write(tmp_path, f"{HEADER}\n1;1,00;{written};;;;\n"))
    assert (error.row, error.column) == (2, "Bilagsdato")
    assert written in error.problem


def test_dates_outside_the_year(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{HEADER}\n"
        + "".join(f"1;1,00;01.06.2024;;;{number};1\n" for number in range(10))
        + "1;1,00;03.01.2023;;;;\n",
    )
    assert len(rows(path)) == 11  # no year: every date is fine
    error = refused(path, year=2024)
    assert (error.row, error.column) == (12, "Bilagsdato")
    assert "03.01.2023 er ikke i 2024" in str(error)


def test_a_missing_closing_quote_does_not_swallow_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path, f'{HEADER}\n1;5,00;01.01.2024;;"Åpen tekst\n' + "1;5,00;01.01.2024;;;;\n" * 3
    )
    error = refused(path)
    assert error.row == 2
    assert "anførselstegn" in error.problem
    multiline = write(
        tmp_path, f'{HEADER}\n1;5,00;01.01.2024;;"to\nlinjer";;\n1;6,00;01.01.2024;;;;\n', "ok.csv"
    )
    assert [(row.row, row.text) for row in rows(multiline)] == [(2, "to\nlinjer"), (3, "")]


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        (f"{'P' * 41};1,00;01.01.2024;;;;", "Prosjekt"),
        (f"1;1,00;01.01.2024;{'9' * 41};;;", "Art"),
        (f"1;1,00;01.01.2024;;{'x' * 501};;", "Tekst"),
        (f"1;1,00;01.01.2024;;;{'7' * 41};1", "Bilagsnr"),
    ],
)
def test_too_long_codes_and_texts(tmp_path: Path, cells: str, column: str) -> None:
    error = refused(write(tmp_path, f"{HEADER}\n{cells}\n"))
    assert (error.row, error.column) == (2, column)
    assert "for lang" in error.problem
    fits = cells.replace("P" * 41, "P" * 40).replace("9" * 41, "9" * 40)
    fits = fits.replace("x" * 501, "x" * 500).replace("7" * 41, "7" * 40)
    assert len(rows(write(tmp_path, f"{HEADER}\n{fits}\n", "fits.csv"))) == 1


def test_missing_project_code(tmp_path: Path) -> None:
    error = refused(write(tmp_path, f"{HEADER}\n1;1,00;01.01.2024;;;;\n ;5,00;01.01.2024;;;;\n"))
    assert (error.row, error.column) == (3, "Prosjekt")


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n   \n", f"{HEADER}\n".encode(), f"{HEADER}\n\n;;;\n".encode()],
    ids=["empty", "blank", "header-only", "header-and-blank-lines"],
)
def test_files_without_rows(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "tom.csv"
    path.write_bytes(content)
    error = refused(path)
    assert "tom.csv" in str(error)
    assert "ingen rader" in str(error)


def test_wrong_encodings(tmp_path: Path) -> None:
    text = f"{HEADER}\n1;1,00;01.01.2024;Blåbær;;;\n"
    utf16 = tmp_path / "utf16-uten-bom.csv"
    utf16.write_bytes(text.encode("utf-16-le"))
    assert "UTF-16" in str(refused(utf16))
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(128, 256)) * 50)
    assert "tegnkoding" in str(refused(junk))
    png = tmp_path / "bilde.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)))
    assert "binære data" in str(refused(png))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"Prosjekt;Bel\xc3\xb8p;Dato\n\0\0\0")
    assert "NUL" in str(refused(binary))
    latin_without_nordic = tmp_path / "latin.csv"  # not UTF-8 and no æøå: not plausible
    latin_without_nordic.write_bytes(b"Prosjekt;Belop;Dato;Tekst\n1;1,00;01.01.2024;Caf\xe9\n")
    assert "tegnkoding" in str(refused(latin_without_nordic))


def test_old_excel_and_oversized_files(tmp_path: Path) -> None:
    xls = tmp_path / "gammel.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert "XLS" in str(refused(xls))
    big = tmp_path / "stor.csv"
    with big.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: takes no disk space
    error = refused(big)
    assert "200 MB" in str(error)
    assert error.row is None


# ---------------------------------------------------------------------------------------------
# Property: Norwegian formatting reads back to the same value


def norwegian(amount: Decimal) -> str:
    grouped = format(abs(amount), ",.2f").replace(",", " ").replace(".", ",")
    return f"-{grouped}" if amount < 0 else grouped


@given(
    st.decimals(
        min_value=Decimal("-999999999999.99"),
        max_value=Decimal("999999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    ),
    st.sampled_from(["{}", "kr {}", "{} NOK"]),
)
def test_norwegian_formatting_round_trips(amount: Decimal, decoration: str) -> None:
    from omrade.finance.ledger import _Amounts

    parser = _Amounts(lambda: ",")
    written = decoration.format(norwegian(amount))
    parsed = parser.parse(written)
    assert parsed == amount
    assert parsed.as_tuple().exponent == -2


@given(
    st.lists(
        st.tuples(
            st.decimals(
                min_value=Decimal("-99999999.99"),
                max_value=Decimal("99999999.99"),
                places=2,
                allow_nan=False,
                allow_infinity=False,
            ),
            st.sampled_from(["plain", "norwegian", "trailing", "parentheses", "point", "one"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_csv_amounts_round_trip(written: list[tuple[Decimal, str]]) -> None:
    """Through the whole CSV reader (whose fast path is inline) in every notation."""
    import tempfile

    def notation(amount: Decimal, style: str) -> str:
        if style == "plain":
            return str(amount).replace(".", ",")
        if style == "norwegian":
            return norwegian(amount)
        if style == "point":
            return f'"{format(amount, ",.2f")}"'
        if style == "one":  # trailing zeros left out: 12,5 and 12
            if amount == amount.to_integral_value():
                return str(int(amount))
            return str(amount).rstrip("0").replace(".", ",")
        positive = norwegian(abs(amount))
        if amount >= 0:
            return positive
        return f"{positive}-" if style == "trailing" else f"({positive})"

    body = "".join(
        f"1;{notation(amount, style)};01.01.2024;;;{number};1\n"
        for number, (amount, style) in enumerate(written)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "property.csv"
        path.write_text(f"Prosjekt;Beløp;Dato;Art;Tekst;Bilagsnr;Linje\n{body}", encoding="utf-8")
        assert amounts(rows(path)) == [amount for amount, _style in written]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "File hovedbok.csv, row 3, column “Beløp”: “abc” is not an amount."),
        ("da", "Filen hovedbok.csv, række 3, kolonne »Beløp«: »abc« er ikke et beløb."),
        ("nb", "Filen hovedbok.csv, rad 3, kolonne «Beløp»: «abc» er ikke et beløp."),
    ],
)
def test_messages_in_the_users_language(tmp_path: Path, language: str, expected: str) -> None:
    from django.utils import translation

    path = write(tmp_path, f"{HEADER}\n1;1,00;01.01.2024;;;;\n1;abc;01.01.2024;;;;\n")
    with translation.override(language):
        assert str(refused(path)) == expected
