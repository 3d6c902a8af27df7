"""1,000 personal emails, each with its PDF attached, to an aiosmtpd server on loopback (in its own process).

Goal (issue #7): ≤ 15 s for 1,000 messages, ledger fsync per message included. The copies are made first (not
timed) from the real pack, or with --small from a 2-page test pack, to see how much is attachment size.
Run: cd /work/main && PYTHONPATH=. .venv/bin/python benchmarks/bench_email.py [--messages N] [--small]
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handouts.content import load_content
from handouts.message import Letterhead, MessageComposer
from handouts.models.smtp import SmtpSettings
from handouts.personalise import class_details, personalise
from handouts.project import find_project
from handouts.roster import Participant
from handouts.sender import send_all
from handouts.smtp import SmtpTransport
from handouts.templating import make_environment

SERVER = """
import socket, sys
from aiosmtpd.controller import Controller

class Counter:
    messages = 0
    octets = 0
    async def handle_DATA(self, server, session, envelope):
        Counter.messages += 1
        Counter.octets += len(envelope.original_content)
        return "250 OK"

probe = socket.socket(); probe.bind(("127.0.0.1", 0)); port = probe.getsockname()[1]; probe.close()
controller = Controller(Counter(), hostname="127.0.0.1", port=port, data_size_limit=0)
controller.start()
print(port, flush=True)
sys.stdin.read()
controller.stop()
print(Counter.messages, Counter.octets, flush=True)
"""


def small_pack() -> bytes:
    """A 2-page tagged pack with one form field, like the tests use."""
    from weasyprint import HTML

    html = (
        "<html lang='en'><title>t</title><p>Page one <input type=checkbox name=a title=a>"
        "<p style='break-before: page'>Two"
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_forms=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--small", action="store_true", help="attach a 2-page test pack instead of the real one")
    parser.add_argument("--class", dest="class_id", default="hip-strength")
    args = parser.parse_args()

    content = load_content(find_project(None))
    details = class_details(content, args.class_id)
    if args.small:
        base = small_pack()
    else:
        from handouts.pack import render_html
        from handouts.pdf import render_pdf

        base = render_pdf(render_html(content, args.class_id), content.root).data
    roster = [Participant(f"Participant {i} Núñez", f"p{i}@example.com", i + 2) for i in range(args.messages)]
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / args.class_id
            copies = personalise(roster, details, folder / "participants", lambda edition: base)
            attachment = copies[0].path.stat().st_size
            settings = SmtpSettings.model_validate(
                {"host": "127.0.0.1", "port": port, "security": "none", "from": "Clinic <classes@example.org>",
                 "rate_per_minute": 1e9}
            )
            letterhead = Letterhead(
                settings.from_, None, content.config.clinic, content.get_class(args.class_id), details,
                content.config.series.name,
            )
            composer = MessageComposer(letterhead, lambda language: make_environment(content.project, language))
            start = time.perf_counter()
            report = send_all(copies, composer, SmtpTransport(settings), folder)
            seconds = time.perf_counter() - start
    finally:
        received, octets = (int(v) for v in server.communicate("")[0].split())
    assert len(report.sent) == args.messages == received, (len(report.sent), received)
    print(f"{args.messages} emails with a {attachment / 1024:.0f} KB PDF each ({octets / 1e6:.0f} MB on the wire) "
          f"to loopback aiosmtpd: {seconds:.1f} s ({args.messages / seconds:.0f}/s)  "
          f"(goal ≤ 15 s for 1,000: {'met' if seconds * 1000 / args.messages <= 15 else 'NOT met'})")


if __name__ == "__main__":
    main()
