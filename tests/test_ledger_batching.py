"""Ledger syncs are batched only where the guarantee holds: "handing-over" is durable before each DATA."""

import json
import os

from roster_support import DETAILS, FaultyHandler, base_pdf, make_composer, render_edition, smtp_server  # noqa: F401

from handouts.content.models.smtp import SmtpSettings
from handouts.delivery import ledger as ledger_module
from handouts.delivery.ledger import LEDGER_NAME, read_entries
from handouts.delivery.personalise import personalise
from handouts.delivery.roster import Participant
from handouts.delivery.sender import send_all
from handouts.delivery.smtp import RetryPolicy, SmtpTransport

PEOPLE = [Participant(f"Person {i}", f"p{i}@example.com", i + 2) for i in range(5)]


def test_handing_over_is_synced_before_data_and_outcomes_ride_on_the_next_sync(
    tmp_path, render_edition, smtp_server, monkeypatch  # noqa: F811
):
    folder = tmp_path / "hip-strength"
    copies = personalise(PEOPLE, DETAILS, folder / "participants", render_edition)
    synced: list[bytes] = []  # the ledger as each sync left it on disk
    real = os.fdatasync

    def fdatasync(fd):
        real(fd)
        synced.append((folder / LEDGER_NAME).read_bytes())

    monkeypatch.setattr(ledger_module.os, "fdatasync", fdatasync)
    durable_at_data = []
    original = FaultyHandler.handle_DATA

    async def check_then_accept(self, server, session, envelope):
        # What survives a power cut now: the last synced state must hold this message's handing-over line.
        lines = [json.loads(line) for line in synced[-1].splitlines()] if synced else []
        durable_at_data.append((envelope.rcpt_tos[0], lines[-1]["event"], lines[-1]["recipient"]))
        return await original(self, server, session, envelope)

    smtp_server.handler.handle_DATA = check_then_accept.__get__(smtp_server.handler)
    transport = SmtpTransport(SmtpSettings.model_validate(smtp_server.settings()),
                              retry=RetryPolicy(attempts=2, initial_delay=0.01, factor=2, max_delay=0.02))
    send_all(copies, make_composer(smtp_server.settings()), transport, folder)
    assert durable_at_data == [(p.email, "handing-over", p.email) for p in PEOPLE]
    # One sync a message (each "sent" line rides on the next "handing-over" sync), plus one at the end.
    assert len(synced) == len(PEOPLE) + 1
    assert len(read_entries(folder).sent) == len(PEOPLE) and not read_entries(folder).in_doubt
    final = [json.loads(line)["event"] for line in synced[-1].splitlines()]
    assert final.count("sent") == len(PEOPLE)
