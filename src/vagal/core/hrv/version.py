"""The HRV engine's algorithm version.

Stored beside every cached report; when it changes, stored recordings are re-analysed. Bump it
whenever a change to the engine can change any reported number.
"""

ALGORITHM_VERSION = "1.0.0"
