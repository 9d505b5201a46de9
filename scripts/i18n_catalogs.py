"""otpcli's message catalogs, kept in step with the code with Babel (in the `test` extra).

    scripts/i18n [update] [compile] [check] [extract]     (no argument: update, compile)

extract  list the messages the code marks (`_()`, `N_()`, `ngettext()` under src/otpcli)
update   merge them into each src/otpcli/locale/LANG/LC_MESSAGES/otpcli.po: a new message
         comes untranslated, a changed one fuzzy (Babel's guess, to check), a gone one is
         dropped; the header's dates change only when the messages do
compile  write each .po's .mo (the wheel ships them; otpcli reads them with gettext)
check    exit 1 when a .po misses a marked message, leaves one untranslated or fuzzy, or
         its .mo is stale (what tests/i18n/test_catalog.py also checks)

There is no .pot file in the repository: the template is extracted from the code each time.
Babel is a tool of the repository, never imported by otpcli itself (start-up time).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "otpcli"
LOCALE = PACKAGE / "locale"
DOMAIN = "otpcli"
LANGUAGES = ("es",)  # English is the code's own: it has no catalog
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
COMMENT_TAGS = ("TRANSLATORS:",)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def extract() -> Catalog:
    """Every marked message of the package, with the files it is in."""
    template = Catalog(project="otpcli", domain=DOMAIN, fuzzy=False)
    found = extract_from_dir(
        PACKAGE,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        path = f"src/otpcli/{Path(filename).as_posix()}"
        template.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return template


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, fuzzy=False)
    catalog.project, catalog.version = "otpcli", _version()
    catalog.msgid_bugs_address = "dev@otpcli.invalid"
    return catalog


def _version() -> str:
    for line in (PACKAGE / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=")[1].strip().strip("\"'")
    return "0"


def compiled(lang: str) -> dict[object, str]:
    """The committed .mo's messages, as gettext reads them (the header left out)."""
    import gettext

    with mo_path(lang).open("rb") as handle:
        messages: dict[object, str] = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    messages.pop("", None)
    return messages


def translations(catalog: Catalog) -> dict[object, str]:
    """The .po's translated messages, keyed as gettext keys a .mo's ((msgid, n) for plurals)."""
    messages: dict[object, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not _complete(message):
            continue
        if isinstance(message.id, tuple | list):
            for index, form in enumerate(message.string):
                messages[(message.id[0], index)] = form
        else:
            messages[message.id] = message.string
    return messages


def po_text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_by_file=True, ignore_obsolete=True, include_lineno=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _messages(catalog: Catalog) -> list[tuple[object, object, object, bool]]:
    return [(m.id, m.string, m.context, m.fuzzy) for m in catalog if m.id]


def update(template: Catalog) -> list[Path]:
    written = []
    for lang in LANGUAGES:
        catalog = read(lang)
        before = _messages(catalog)
        catalog.update(template, update_creation_date=False)
        if _messages(catalog) != before:
            now = datetime.now(UTC).replace(microsecond=0)
            catalog.creation_date = now
            catalog.revision_date = now
        text = po_text(catalog)
        path = po_path(lang)
        if not path.exists() or path.read_bytes() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
            written.append(path)
    return written


def compile_all() -> list[Path]:
    written = []
    for lang in LANGUAGES:
        data = mo_bytes(read(lang))
        path = mo_path(lang)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            written.append(path)
    return written


def problems(template: Catalog | None = None) -> Iterator[str]:
    """What is wrong with the catalogs: what `check` reports and the tests assert away."""
    template = template or extract()
    for lang in LANGUAGES:
        catalog = read(lang)
        name = po_path(lang).relative_to(ROOT)
        for message in template:
            if not message.id:
                continue
            translated = catalog.get(message.id, message.context)
            if translated is None:
                yield f"{name}: missing {message.id!r} (run scripts/i18n)"
            elif translated.fuzzy:
                yield f"{name}: fuzzy {message.id!r}"
            elif not _complete(translated):
                yield f"{name}: untranslated {message.id!r}"
        if not mo_path(lang).exists() or compiled(lang) != translations(catalog):
            yield f"{mo_path(lang).relative_to(ROOT)}: stale (run scripts/i18n compile)"


def _complete(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings)


def main(argv: list[str]) -> int:
    steps = argv or ["update", "compile"]
    unknown = set(steps) - {"extract", "update", "compile", "check"}
    if unknown:
        sys.stderr.write(f"scripts/i18n: unknown step {sorted(unknown)[0]!r}\n{__doc__}")
        return 2
    for step in steps:
        if step == "extract":
            for message in extract():
                if message.id:
                    sys.stdout.write(f"{message.id!r}\n")
        elif step == "update":
            for path in update(extract()):
                sys.stdout.write(f"updated {path.relative_to(ROOT)}\n")
        elif step == "compile":
            for path in compile_all():
                sys.stdout.write(f"compiled {path.relative_to(ROOT)}\n")
        else:
            found = list(problems())
            for problem in found:
                sys.stdout.write(problem + "\n")
            if found:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
