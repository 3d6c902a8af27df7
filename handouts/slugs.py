"""ASCII slugs for file names made from people's names and class titles."""

import re
import unicodedata

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
    """Return the ASCII letter-and-digit words of `text`, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LETTERS)
    return [word for word in _NOT_ALNUM.split(plain.encode("ascii", "ignore").decode()) if word]


def slugify(text: str, *, max_length: int = MAX_LENGTH, lowercase: bool = True, separator: str = "-") -> str:
    """Return a bounded ASCII slug of `text` (never empty, never a dot name or path)."""
    words = ascii_words(text.lower() if lowercase else text)
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
