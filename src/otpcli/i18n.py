"""The language otpcli speaks to people, and the catalog its messages come from.

The language is chosen once per process, before the first message is looked up:
`OTPCLI_LANG`, else the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set (POSIX's
order), else the profile's `language` key, else English. `es` and any `es_*` locale give
Spanish; anything else (`C`, `POSIX`, `en_US.UTF-8`...) gives English. The profile is
`OTPCLI_PROFILE`'s or `default`, never `--profile`'s: help texts are translated when the
command tree is built, before any option is parsed. The config file is read only when
none of those variables is set, so that `--help` does not pay for it.

`_()` marks a message for the catalog and translates it; `N_()` only marks one, for a
constant translated where it is used; `ngettext()` also picks the plural form. Messages
are written in English in the code (the catalog's keys); the Spanish catalog is
`locale/es/LC_MESSAGES/otpcli.mo`, compiled from the `.po` beside it by `scripts/i18n`,
and read with the standard library's `gettext` (Babel, which writes it, is not needed at
run time).

In Spanish, `_()` returns a `Text`: the translation, remembering its English. A bulk run's
NDJSON lines are data, the same in every language, so they hold `english(message)`; what
people read (stderr, tables) holds the translation. In English `_()` returns its argument.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from otpcli import env

if TYPE_CHECKING:
    from gettext import NullTranslations

DOMAIN = "otpcli"
LANGUAGES = ("en", "es")
DEFAULT = "en"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX: the first one set decides
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")

_language: str | None = None
_catalog: NullTranslations | None = None


def language_of(value: str) -> str:
    """`es`, `es_CL.UTF-8`, `es-PA`, `ES`: Spanish. Anything else: English."""
    lowered = value.strip().lower()
    spanish = lowered == "es" or lowered.startswith(("es_", "es-", "es.", "es@"))
    return "es" if spanish else DEFAULT


def choose(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment (or, when it says nothing, the profile) asks for."""
    environ = os.environ if environ is None else environ
    for name in (env.LANGUAGE, *LOCALE_VARIABLES):
        value = environ.get(name)
        if value:
            return language_of(value)
    return profile_language(environ) or DEFAULT


def profile_language(environ: Mapping[str, str]) -> str | None:
    """The `language` key of the profile OTPCLI_PROFILE names (or `default`), read without
    validating anything else: a broken config file is the command's business, not help's."""
    import tomllib

    from otpcli import paths

    try:
        with open(paths.config_file(), "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, ValueError):
        return None
    profiles = data.get("profiles")
    name = environ.get(env.PROFILE) or "default"
    section = profiles.get(name) if isinstance(profiles, dict) else None
    value = section.get("language") if isinstance(section, dict) else None
    return language_of(value) if isinstance(value, str) else None


def language() -> str:
    """This process's language ("en" or "es"), chosen on first use."""
    global _language
    if _language is None:
        _language = choose()
    return _language


def _translations() -> NullTranslations | None:
    """The catalog of the chosen language (None for English, whose messages are the keys),
    read once. Without its catalog (a broken install) a language falls back to English.

    Read through `gettext.translation`, whose cache then also answers typer's own gettext
    calls (cli/typer_i18n.py binds the same file): the catalog is parsed once per run."""
    global _catalog, _language
    if _catalog is None and language() != DEFAULT:
        import gettext

        try:
            _catalog = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language()])
        except OSError:
            _language = DEFAULT
    return _catalog


class Text(str):
    """A translated message that remembers its English: `str(text)` is what people read,
    `text.english` what NDJSON lines hold. `format()` keeps both (placeholders that are
    themselves `Text` give their English to the English side)."""

    english: str

    def __new__(cls, shown: str, english: str) -> Text:
        text = super().__new__(cls, shown)
        text.english = english
        return text

    def format(self, *args: object, **kwargs: object) -> Text:
        shown = str.format(self, *args, **kwargs)
        plain_args = [english_of(a) for a in args]
        plain_kwargs = {k: english_of(v) for k, v in kwargs.items()}
        return Text(shown, self.english.format(*plain_args, **plain_kwargs))


def english_of(value: Any) -> Any:
    """A Text's English; anything else as it is."""
    return value.english if isinstance(value, Text) else value


def english(text: str) -> str:
    """The English of a message (itself when it is already English)."""
    return text.english if isinstance(text, Text) else text


def _(message: str) -> str:
    """`message` (an English literal, marked for the catalog) in the run's language."""
    catalog = _translations()
    if catalog is None:
        return message
    return Text(catalog.gettext(message), message)


def join(separator: str, parts: Iterable[str]) -> str:
    """`separator.join(parts)` that keeps the English of translated parts: a `Text` when
    any part is one (`str.join` and `+` give a plain str, in the language people read)."""
    items = list(parts)
    shown = separator.join(items)
    if not any(isinstance(item, Text) for item in items):
        return shown
    return Text(shown, separator.join(english(item) for item in items))


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it: translate it with `_()`
    where it is used (module-level constants)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of `singular`/`plural` for `count`, in the run's language."""
    chosen = singular if count == 1 else plural
    catalog = _translations()
    if catalog is None:
        return chosen
    return Text(catalog.ngettext(singular, plural, count), chosen)


def decimal(value: float, places: int = 1) -> str:
    """A number for a table or a sentence, with the language's decimal mark ("29,5"); in
    Spanish a `Text` whose English keeps the point, for messages that are also data."""
    shown = f"{value:.{places}f}"
    return Text(shown.replace(".", ","), shown) if language() == "es" else shown


@contextmanager
def use(lang: str) -> Iterator[None]:
    """Speak `lang` inside the block (tests; the choice is otherwise made once)."""
    global _language, _catalog
    before = (_language, _catalog)
    _language, _catalog = lang, None
    try:
        yield
    finally:
        _language, _catalog = before
