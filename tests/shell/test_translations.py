"""Every user-facing string is translated to Danish and English, and the compiled catalogues
are current. Needs GNU gettext (msgfmt, msgattrib); skipped with the reason otherwise."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = settings.PACKAGE_DIR / "locale"
GETTEXT = all(shutil.which(tool) for tool in ("msgfmt", "msgattrib", "xgettext"))
needs_gettext = pytest.mark.skipif(not GETTEXT, reason="GNU gettext is not installed")


@needs_gettext
@pytest.mark.parametrize("language", ["da", "en"])
def test_catalogue_has_every_string_of_the_code_translated(tmp_path: Path, language: str):
    """Extract the strings from the code into a scratch copy and look for empty translations."""
    scratch = tmp_path / "locale"
    shutil.copytree(LOCALE, scratch)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "omrade.cli",
            "manage",
            "makemessages",
            "-l",
            language,
            "--no-location",
            "--ignore=locale",
            "-v0",
        ],
        # makemessages writes into any `locale` folder it meets (or finds in its working
        # directory) instead of OMRADE_LOCALE_DIR: run it from src/ and skip those folders, or
        # it rewrites the committed catalogues and checks the unchanged scratch copy.
        cwd=settings.PACKAGE_DIR.parent,
        env={**os.environ, "OMRADE_LOCALE_DIR": str(scratch)},
        check=True,
        timeout=120,
    )
    catalogue = scratch / language / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    missing = [line for line in untranslated.splitlines() if line.startswith("msgid ")][1:]
    assert missing == [], f"untranslated in {language}: {missing[:20]}"
    assert "msgid" not in fuzzy, f"fuzzy translations in {language}"


@needs_gettext
@pytest.mark.parametrize("language", ["nb", "da", "en"])
def test_compiled_catalogue_is_current(tmp_path: Path, language: str):
    folder = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(folder / "django.po")], check=True)
    assert fresh.read_bytes() == (folder / "django.mo").read_bytes(), (
        f"run `omrade manage compilemessages` and commit {language}/LC_MESSAGES/django.mo"
    )
