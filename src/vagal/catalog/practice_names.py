"""Names and one-line descriptions of practices, derived from the practice catalog.

The planner suggests practice ids; plans, calendars and the CLI show them by name. Every name here
comes from ``vagal.catalog.practices`` (one source of truth), so a suggestion always exists in the
catalog and opens in the player.
"""

from __future__ import annotations

from dataclasses import dataclass

from vagal.catalog.practices import load_practice_catalog


@dataclass(frozen=True, slots=True)
class PracticeName:
    id: str
    name: str
    summary: str
    caution: str = ""


PRACTICES: dict[str, PracticeName] = {
    p.id: PracticeName(p.id, p.name, p.summary, p.cautions[0] if p.cautions else "")
    for p in load_practice_catalog().practices
}


def practice_name(practice_id: str) -> PracticeName:
    return PRACTICES.get(
        practice_id, PracticeName(practice_id, practice_id.replace("_", " ").capitalize(), "")
    )
