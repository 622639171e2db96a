"""The Gemini emulator under its historical import path; it lives in ``tests.fakes.gemini``."""

from tests.fakes.gemini import *  # noqa: F403
from tests.fakes.gemini import __all__  # noqa: F401
