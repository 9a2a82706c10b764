"""The week plan as an iCalendar (.ics) file, with icalendar."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event

from vagal.catalog.practice_names import practice_name
from vagal.core.planner import DayPlan
from vagal.core.planner.inputs import KIND_LABELS


def week_ics(days: list[DayPlan], *, now: datetime, uid_prefix: str) -> bytes:
    """One all-day event a day, naming the plan and its practices."""
    calendar = Calendar()
    calendar.add("prodid", "-//vagal//week plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "vagal week plan")
    for day in days:
        event = Event()
        event.add("uid", f"{uid_prefix}-{day.local_date.isoformat()}@vagal")
        event.add("dtstamp", now)
        event.add("dtstart", day.local_date)
        event.add("dtend", day.local_date + timedelta(days=1))
        event.add("summary", f"{KIND_LABELS[day.kind]} ({day.minutes} min)")
        names = ", ".join(practice_name(p).name for p in day.practices)
        event.add(
            "description",
            f"{day.summary}\nPractices: {names}.\nA plan, not a rule: choose something gentler "
            "whenever you need to.",
        )
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
