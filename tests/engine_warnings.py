"""What WeasyPrint warns while a block runs: the per-test guard and the builds shared across tests listen alike."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_warnings() -> Iterator[list[str]]:
    """Yield the list WeasyPrint's warnings in the block are added to, but for the slow-subsetting advice.

    Without libharfbuzz-subset0 WeasyPrint advises once per font: that is about speed, not a broken pack.
    """
    from handouts.rendering.pdf import SLOW_SUBSET_PREFIX

    recorder, logger = _Recorder(), logging.getLogger("weasyprint")
    found: list[str] = []
    logger.addHandler(recorder)
    try:
        yield found
    finally:
        logger.removeHandler(recorder)
        found += [message for message in recorder.messages if not message.startswith(SLOW_SUBSET_PREFIX)]
