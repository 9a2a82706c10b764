"""vagal: nervous-system-first self-care."""

__version__ = "0.1.0"
