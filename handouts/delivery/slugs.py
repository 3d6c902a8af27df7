"""ASCII slugs for file names made from people's names and class titles, in any script."""

import re
import unicodedata

from anyascii import anyascii

MAX_LENGTH = 60
FALLBACK = "participant"

# Latin letters that NFKD does not split into a base letter plus accents.
_LETTERS = str.maketrans(
    {
        "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
        "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
        "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ı": "i", "ŋ": "n", "Ŋ": "N",
    }
)
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def ascii_words(text: str) -> list[str]:
    """Return the ASCII letter-and-digit words of `text`: accents dropped, other scripts transliterated.

    Arabic, Chinese, Cyrillic... names are spelled in Latin letters (محمد علي -> 'mhmd ly',
    王小明 -> 'WangXiaoMing'), so people whose names have no Latin letters still get distinct, readable file and
    attachment names.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    # Symbols (emoji, ™) are not part of a name; anyascii would spell them out (':slight_smile:').
    plain = "".join(
        " " if unicodedata.category(c)[0] == "S" else c for c in decomposed if not unicodedata.combining(c)
    ).translate(_LETTERS)
    # Apostrophes join a word (O'Brien, the Cyrillic soft sign, the Arabic ain) rather than split it.
    latin = anyascii(plain).replace("'", "").replace("`", "")
    return [word for word in _NOT_ALNUM.split(latin) if word]


def slugify(text: str, *, max_length: int = MAX_LENGTH, lowercase: bool = True, separator: str = "-") -> str:
    """Return a bounded ASCII slug of `text` (never empty, never a dot name or path)."""
    words = [word.lower() if lowercase else word for word in ascii_words(text)]
    slug = ""
    for word in words:
        candidate = f"{slug}{separator}{word}" if slug else word
        if len(candidate) > max_length:
            if not slug:  # one very long word: cut it rather than return nothing
                slug = word[:max_length]
            break
        slug = candidate
    return slug or FALLBACK


class SlugAllocator:
    """Hands out slugs that stay unique: `jose-nunez`, then `jose-nunez-2`, and so on."""

    def __init__(self, max_length: int = MAX_LENGTH) -> None:
        self.max_length = max_length
        self._taken: set[str] = set()

    def allocate(self, text: str) -> str:
        """Return a slug of `text` that no earlier call returned."""
        base = slugify(text, max_length=self.max_length)
        slug, n = base, 1
        while slug in self._taken:
            n += 1
            suffix = f"-{n}"
            slug = base[: self.max_length - len(suffix)].rstrip("-") + suffix
        self._taken.add(slug)
        return slug
