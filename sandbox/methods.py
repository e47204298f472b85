"""Every Bot API method the sandbox answers, by lower-case name."""

from sandbox import botapi_commands, botapi_files  # noqa: F401 - importing registers their methods
from sandbox.botapi import METHODS

__all__ = ["METHODS"]
