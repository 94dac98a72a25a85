"""The web tests' application fixture, for the partner page's reference facts."""

from tests.web.conftest import client

__all__ = ["client"]
