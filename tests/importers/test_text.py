from __future__ import annotations

import numpy as np

from vagal.importers._text import align_beat_times


def test_align_beat_times_keeps_pauses_and_fixes_early_clocks() -> None:
    rr = np.array([1000.0, 1000.0, 1000.0, 1000.0])
    times = np.array([1.0, 1.4, 3.0, 9.0])  # second time truncated; a 5 s pause before the last
    aligned = align_beat_times(rr, times)
    assert aligned.tolist() == [1.0, 2.0, 3.0, 9.0]
    assert np.all(np.diff(aligned) >= rr[1:] / 1000.0)
