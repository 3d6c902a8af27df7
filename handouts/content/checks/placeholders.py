"""Catch details a clinic has not filled in yet: `handouts init`'s placeholders and reserved example domains.

A pack that hands out the fictional clinic's links, or "CHANGE ME", looks finished but sends people nowhere,
so each one is a warning (an error with --strict).
"""

import re
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pydantic import BaseModel

from handouts.content.models import Exercise, Reference
from handouts.content.models.config import Clinic
from handouts.content.models.smtp import SmtpSettings
from handouts.content.parse import walk
from handouts.content.sourcefile import Loc, SourceFile
from handouts.errors import Problem, SandboxViolation

if TYPE_CHECKING:
    from handouts.content.corpus import Content

# Every value `handouts init` leaves for the clinic to fill in carries this mark.
MARK = "CHANGE ME"
# Domains reserved for examples and tests (RFC 2606, RFC 6761): nobody can own them, so no reader can reach them.
RESERVED_SUFFIXES = (".example", ".test", ".invalid")
RESERVED_DOMAINS = ("example.com", "example.org", "example.net")
# The fields that send a reader somewhere: contact details and links.
LINK_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {
    Clinic: ("email", "website"),
    SmtpSettings: ("from_", "reply_to"),
    Exercise: ("video",),
    Reference: ("url",),
}


def reserved_domain(value: str) -> str | None:
    """Return the reserved example domain an email address, web address or URL is on, else None."""
    text = value.strip()
    address = re.search(r"<([^>]+)>", text)
    if address:
        text = address.group(1)
    if "@" in text and "//" not in text:
        host = text.rsplit("@", 1)[1]
    else:
        host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    host = host.lower().rstrip(".")
    if host.endswith(RESERVED_SUFFIXES) or any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS):
        return host
    return None


def placeholder_warnings(content: "Content", located: list[tuple[BaseModel, SourceFile, Loc]]) -> list[Problem]:
    """Return a warning for each value still marked CHANGE ME and each link or contact on an example domain."""
    warnings = []
    for obj, source, base in located:
        for loc, name, value, owner in walk(obj, base):
            if not isinstance(value, str):
                continue
            shown = type(owner).model_fields[name].alias or name
            at = (*loc[:-1], shown)
            if MARK in value:
                warnings.append(source.problem(at, f"placeholder still to fill in: {value!r}"))
            elif name in LINK_FIELDS.get(type(owner), ()) and (host := reserved_domain(value)):
                warnings.append(source.problem(
                    at, f"'{value}' is on the reserved example domain '{host}', which reaches nobody; "
                        "put your clinic's own address here",
                ))
    logo = content.config.clinic.logo
    try:
        logo_text = content.project.asset(logo).read_bytes()
    except (OSError, SandboxViolation):
        logo_text = b""  # a missing or outside logo is reported by the asset check
    if MARK.encode() in logo_text:
        config = next(source for obj, source, _ in located if obj is content.config)
        warnings.append(config.problem(("clinic", "logo"), f"'{logo}' is the placeholder logo; put your own there"))
    return [replace(warning, to_fill_in=True) for warning in warnings]
