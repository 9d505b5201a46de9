"""The Spanish catalog is complete, keeps every placeholder, and its .mo is the .po compiled.

The messages are extracted from the code here, with Babel, as scripts/i18n does: a message
marked in the code and not translated (or left fuzzy) fails the first test.
"""

from __future__ import annotations

import string
from collections import Counter

import pytest
from babel.messages.catalog import Catalog

from scripts import i18n_catalogs as catalogs

FieldList = Counter[tuple[str, str | None, str]]


@pytest.fixture(scope="module")
def template() -> Catalog:
    return catalogs.extract()


def fields(text: str) -> FieldList:
    """The placeholders of a str.format text: name, conversion and format, with counts."""
    return Counter(
        (name, conversion, spec or "")
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def changed_placeholders(msgid: str | tuple[str, ...], msgstr: str | tuple[str, ...]) -> list[str]:
    """How a translation's placeholders differ from its message's (plural forms: the first
    against the singular, the others against the plural)."""
    ids = (msgid,) if isinstance(msgid, str) else tuple(msgid)
    strs = (msgstr,) if isinstance(msgstr, str) else tuple(msgstr)
    found = []
    for index, translated in enumerate(strs):
        original = ids[min(index, len(ids) - 1)]
        if fields(original) != fields(translated):
            found.append(f"{original!r} -> {translated!r}")
    return found


def test_the_code_marks_messages(template: Catalog) -> None:
    assert len([m for m in template if m.id]) > 300  # the extraction still finds them


def test_every_marked_message_has_a_spanish_translation(template: Catalog) -> None:
    missing = [p for p in catalogs.problems(template) if not p.endswith("compile)")]
    assert missing == []


@pytest.mark.parametrize("lang", catalogs.LANGUAGES)
def test_translations_keep_every_placeholder(lang: str) -> None:
    changed = []
    for message in catalogs.read(lang):
        if message.id and message.string:
            changed += changed_placeholders(message.id, message.string)
    assert changed == []


@pytest.mark.parametrize(
    ("msgid", "msgstr", "ok"),
    [
        ("invalid RUT {rut!r}", "RUT no válido {rut!r}", True),
        ("invalid RUT {rut!r}", "RUT no válido", False),  # dropped
        ("invalid RUT {rut!r}", "RUT no válido {nin!r}", False),  # renamed
        ("invalid RUT {rut!r}", "RUT no válido {rut}", False),  # !r lost: no more quotes
        ("{n} days", "{n:.0f} días", False),
        ("{a} and {b}", "{b} y {a}", True),  # reordered: fine
        (("{n} record", "{n} records"), ("{n} registro", "{n} registros"), True),
        (("{n} record", "{n} records"), ("un registro", "{n} registros"), False),
    ],
)
def test_the_placeholder_check_catches_a_dropped_or_renamed_one(
    msgid: str | tuple[str, ...], msgstr: str | tuple[str, ...], ok: bool
) -> None:
    assert (changed_placeholders(msgid, msgstr) == []) is ok


@pytest.mark.parametrize("lang", catalogs.LANGUAGES)
def test_the_committed_mo_is_the_po_compiled(lang: str) -> None:
    assert catalogs.compiled(lang) == catalogs.translations(catalogs.read(lang))


def test_the_wheel_ships_the_compiled_catalogs() -> None:
    import tomllib

    pyproject = tomllib.loads((catalogs.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = pyproject["tool"]["setuptools"]["package-data"]["otpcli"]
    assert "locale/*/LC_MESSAGES/*.mo" in data
    for lang in catalogs.LANGUAGES:
        assert catalogs.mo_path(lang).is_file()
