from folkmoot.councils.tests.conftest import (  # noqa: F401 - shared fixtures
    birch_lane,
    city_convener,
    confed,
    convener,
)

from ._helpers import generic_seen


def pytest_terminal_summary(terminalreporter):
    if not generic_seen:
        return
    terminalreporter.section("Generic Django messages still shown")
    for (form, field), messages in sorted(generic_seen.items()):
        terminalreporter.write_line(f"{form}.{field}: {' | '.join(sorted(messages))}")
