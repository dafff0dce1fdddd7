"""What every stage of the build shares."""

from __future__ import annotations

from dataclasses import dataclass, field

from folkmoot.legitimacy.process import Step
from folkmoot.legitimacy.rules import Rules

from .chain import Chain
from .options import Options
from .plan import Place
from .sink import Sink


@dataclass
class Context:
    options: Options
    sink: Sink
    chain: Chain
    rules: Rules
    steps: list[Step]  # the network's active process steps
    organiser: int  # the network organiser's id
    user_base: int  # id of the first generated member; person n is user_base + n
    password: str  # one unusable password for every generated person
    units_near: dict[int, list[str]] = field(default_factory=dict)

    def units_of(self, place: Place) -> list[str]:
        """Postcode units in a place: its own, or (a city) its neighbourhoods'."""
        if place.units:
            return place.units
        if place.id not in self.units_near:
            found: list[str] = []
            stack = list(place.children)
            while stack:
                child = stack.pop()
                found.extend(child.units)
                stack.extend(child.children)
            self.units_near[place.id] = sorted(found)
        return self.units_near[place.id]
