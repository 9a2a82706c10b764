"""Beat detection results shared by the ECG and PPG detectors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class BeatDetection:
    """Beats found in a sampled signal.

    Attributes:
        peak_indices: sample index of each detected beat's fiducial point (int64, ascending).
        sampling_rate_hz: sampling rate of the signal the indices refer to.
        quality: signal-quality index of the whole signal in [0, 1] (1 = clean).
        method: the detector's name and reference, e.g. "Elgendi 2013 (PLoS ONE 8:e73557)".
    """

    peak_indices: npt.NDArray[np.int64]
    sampling_rate_hz: float
    quality: float
    method: str

    @property
    def beat_times_s(self) -> npt.NDArray[np.float64]:
        """Beat times in seconds from the first sample."""
        return self.peak_indices.astype(np.float64) / self.sampling_rate_hz

    @property
    def rr_ms(self) -> npt.NDArray[np.float64]:
        """Intervals between successive beats, in milliseconds."""
        return np.diff(self.peak_indices).astype(np.float64) * (1000.0 / self.sampling_rate_hz)
