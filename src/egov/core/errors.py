"""Errors services raise that views and the API turn into answers."""

from __future__ import annotations


class Conflict(Exception):
    """The action does not fit the object's current state (answered with 409)."""

    def __init__(self, message: str, code: str = "conflict") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
