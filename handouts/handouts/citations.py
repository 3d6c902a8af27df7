"""Number citations in order of first use across a pack, for the references page at its end."""

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from handouts.content.models import Reference


@dataclass
class Citations:
    """Hands out [n] markers as templates cite references, remembering their order."""

    references: dict[str, Reference]
    order: list[str] = field(default_factory=list)

    def cite(self, ids: list[str] | tuple[str, ...] | str) -> Markup:
        """Return a superscript marker such as [1, 3] for the given reference ids."""
        ids = [ids] if isinstance(ids, str) else list(ids)
        if not ids:
            return Markup("")
        numbers = []
        for ref_id in ids:
            if ref_id not in self.references:
                raise KeyError(f"unknown reference '{ref_id}'")
            if ref_id not in self.order:
                self.order.append(ref_id)
            numbers.append(self.order.index(ref_id) + 1)
        label = ", ".join(str(n) for n in sorted(numbers))
        return Markup('<sup class="cite">[{}]</sup>').format(escape(label))

    def cited(self) -> list[tuple[int, Reference]]:
        """Return (number, reference) for every reference cited so far."""
        return [(n, self.references[ref_id]) for n, ref_id in enumerate(self.order, start=1)]
