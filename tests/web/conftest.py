"""Fixtures for the web tests: the browser fixtures live in browser_support.py."""

from tests.web.browser_support import browser_page, live_server

__all__ = ["browser_page", "live_server"]
