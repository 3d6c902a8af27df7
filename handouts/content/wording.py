"""The package's own phrases for participants (dosage words, badges, captions), said in the edition's language.

Code that builds such a phrase calls these functions instead of writing English into an f-string, e.g.

    ngettext("%(num)d set", "%(num)d sets", d.sets)        # '3 sets', or '3 series' in the Spanish edition

`handouts i18n extract` finds the calls with Babel's Python extractor and puts their strings in the `templates`
catalogue beside the templates' own, so a clinic's translator sees every phrase in one place. `speaking()` sets
the translations for whatever is built inside it; outside it, phrases stay as written.
"""

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

# The msgctxt of a close-up's name: an atlas crop's id ('knee'), which `handouts i18n extract` lists for
# translators from the classes that ask for it, and the close-up's title says.
CLOSE_UP_CONTEXT = "close-up"

# None outside speaking(): a ContextVar default is shared by every context, so it must not be a mutable object.
_current: ContextVar[gettext.NullTranslations | None] = ContextVar("translations", default=None)
_AS_WRITTEN = gettext.NullTranslations()


def _translations() -> gettext.NullTranslations:
    current = _current.get()
    return _AS_WRITTEN if current is None else current


@contextmanager
def speaking(translations: gettext.NullTranslations) -> Iterator[None]:
    """Use `translations` for every phrase made inside the block (per thread and task, as a ContextVar is)."""
    token = _current.set(translations)
    try:
        yield
    finally:
        _current.reset(token)


def N_(message: str) -> str:
    """Mark `message` for the catalogue where it is written (a table of English words); say it later with `_`."""
    return message


def _(message: str, **values: Any) -> str:
    """Return `message` translated, with `%(name)s` filled from `values` when given."""
    text = _translations().gettext(message)
    return text % values if values else text


def pgettext(context: str, message: str, **values: Any) -> str:
    """Like `_`, for a message whose meaning depends on where it is used (`context`)."""
    text = _translations().pgettext(context, message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
    """Return the form for `n` under the catalogue's plural rule, with `%(num)d` set to `n` (as Jinja's ngettext)."""
    return _translations().ngettext(singular, plural, n) % {"num": n, **values}


def npgettext(context: str, singular: str, plural: str, n: int, **values: Any) -> str:
    """`ngettext` with a context."""
    return _translations().npgettext(context, singular, plural, n) % {"num": n, **values}


def close_up_words(name: str) -> str:
    """A close-up's atlas name as words ('outer-hip' -> 'outer hip'): the msgid its title is said with."""
    return name.replace("-", " ")
