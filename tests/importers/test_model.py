from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from vagal.importers.model import DailySummary, ParsedRecording

RR = np.array([800.0, 810.0])


def test_local_only_start_is_resolved_with_the_persons_time_zone() -> None:
    rec = ParsedRecording("Elite HRV", "a.txt", RR, start_local=datetime(2026, 2, 3, 7, 15))
    assert rec.local_time_only
    assert rec.natural_key() is None
    key = rec.natural_key(ZoneInfo("Europe/Berlin"))
    assert key == ("Elite HRV", datetime(2026, 2, 3, 6, 15, tzinfo=UTC))


def test_utc_start_is_the_natural_key_whatever_the_zone() -> None:
    start = datetime(2026, 2, 3, 6, 15, tzinfo=UTC)
    rec = ParsedRecording("Garmin fenix5", "a.fit", RR, start_utc=start)
    assert not rec.local_time_only
    assert rec.natural_key(ZoneInfo("Asia/Tokyo")) == ("Garmin fenix5", start)


def test_times_must_be_aware_utc_and_naive_local() -> None:
    with pytest.raises(ValueError, match="aware"):
        ParsedRecording("x", "a", RR, start_utc=datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="naive"):
        ParsedRecording("x", "a", RR, start_local=datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="one time per interval"):
        ParsedRecording("x", "a", RR, beat_times_s=np.array([1.0]))


def test_daily_summary_key_is_source_metric_day() -> None:
    summary = DailySummary(date(2026, 2, 3), "HRV4Training", "rmssd_ms", 52.0)
    assert summary.natural_key() == ("HRV4Training", "rmssd_ms", date(2026, 2, 3))
