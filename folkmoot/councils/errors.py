"""The one exception the council services raise."""


class CouncilError(Exception):
    """A rule said no. The message says why in plain words; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
