"""Content as data: crisis resources (and later exercises, practices, screening), in our own words."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from vagal.errors import ConfigurationError


@dataclass(frozen=True, slots=True)
class CrisisResource:
    name: str
    contact: str
    note: str


def load_crisis_resources(locale: str, override: Path | None = None) -> tuple[CrisisResource, ...]:
    """The list for ``locale`` (most specific first: en-GB, then en), from the override file if set."""
    try:
        if override is not None:
            text = override.read_text(encoding="utf-8")
        else:
            text = resources.files(__package__).joinpath("crisis_resources.json").read_text("utf-8")
        data = json.loads(text)
        for candidate in (locale, locale.split("-")[0], "en"):
            if candidate in data:
                return tuple(CrisisResource(**item) for item in data[candidate])
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigurationError(
            f"The crisis resources could not be read ({exc}). Check VAGAL_CRISIS_RESOURCES_FILE: "
            'it must be JSON like {"en": [{"name": ..., "contact": ..., "note": ...}]}.',
            code="crisis_resources_invalid",
        ) from exc
    raise ConfigurationError(
        f"The crisis resources have no list for '{locale}' and no 'en' fallback.",
        code="crisis_resources_invalid",
    )
