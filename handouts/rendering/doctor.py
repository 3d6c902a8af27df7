"""What this machine has for building packs, and what to install for speed or for the tests."""

import shutil
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from handouts.fonts import FACES, FALLBACKS, FONT_DIR, NOTO_DIR


@dataclass(frozen=True)
class Finding:
    """One thing checked: whether it is there, what was found, and what to do if it is not."""

    name: str
    ok: bool
    detail: str
    advice: str = ""


def _package(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def examine() -> list[Finding]:
    """Check WeasyPrint, Pango, HarfBuzz's subsetter, the bundled fonts and the poppler/zbar tools."""
    from weasyprint.text import ffi as text_ffi

    findings = [Finding("WeasyPrint", True, _package("weasyprint") or "?")]
    pango = text_ffi.pango.pango_version()
    findings.append(Finding("Pango", pango >= 14400, f"{pango // 10000}.{pango // 100 % 100}.{pango % 100}",
                            "WeasyPrint needs Pango 1.44 or later: apt-get install libpango-1.0-0"))
    findings.append(Finding(
        "HarfBuzz subsetter", text_ffi.harfbuzz_subset is not None,
        "found" if text_ffi.harfbuzz_subset is not None else "missing: fonts are subset by slow fontTools",
        "apt-get install libharfbuzz-subset0 (renders about twice as fast; builds are byte-identical either way)",
    ))
    missing_fonts = [name for name in FACES.values() if not (FONT_DIR / name).is_file()]
    findings.append(Finding("Fonts", not missing_fonts, f"Source Sans Pro in {FONT_DIR}" if not missing_fonts
                            else f"missing {', '.join(missing_fonts)}", "pip install font-source-sans-pro"))
    missing_fallbacks = [name for name in FALLBACKS if not (NOTO_DIR / name).is_file()]
    findings.append(Finding(
        "Fallback fonts", not missing_fallbacks,
        f"Noto Sans, Arabic, Hebrew and Symbols in {NOTO_DIR}" if not missing_fallbacks
        else f"missing {', '.join(missing_fallbacks)}", "pip install manimgx-fonts",
    ))
    for tool, package in (("pdftoppm", "poppler-utils"), ("pdftotext", "poppler-utils"), ("pdffonts", "poppler-utils"),
                          ("zbarimg", "zbar-tools")):
        path = shutil.which(tool)
        findings.append(Finding(tool, path is not None, path or "missing (previews and tests need it)",
                                f"apt-get install {package}"))
    return findings
