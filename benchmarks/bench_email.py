"""1,000 personal emails, each with its PDF attached, to an aiosmtpd server on loopback (in its own process).

Goal (issue 15): `send_all` (compose, ledger syncs, SMTP) ≤ 1.3× a bare smtplib loop that sends the same bytes
over one connection to the same server, in the same run: the floor any client has against this server. The
two alternate in rounds (fresh ledger each round) so a busy spell on the shared machine hits both alike; both
wall time and CPU (this process plus the server's) are compared as ratios. The copies are made first (not
timed) from the real pack, or with --small from a 2-page test pack.
Run: python benchmarks/bench_email.py [--messages N] [--rounds N] [--small]
"""

import argparse
import smtplib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handouts.content.load import load_content
from handouts.content.models.smtp import SmtpSettings
from handouts.content.project import find_project
from handouts.delivery.message import Letterhead, MessageComposer
from handouts.delivery.personalise import class_details, personalise
from handouts.delivery.roster import Participant
from handouts.delivery.sender import prepare_message, send_all
from handouts.delivery.smtp import SmtpTransport
from handouts.rendering.templating import make_environment

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
import resource
for line in sys.stdin:  # "cpu": the server's CPU seconds so far
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(usage.ru_utime + usage.ru_stime, flush=True)
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
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds the messages are split into")
    parser.add_argument("--small", action="store_true", help="attach a 2-page test pack instead of the real one")
    parser.add_argument("--class", dest="class_id", default="hip-strength")
    args = parser.parse_args()

    content = load_content(find_project(None))
    details = class_details(content, args.class_id)
    if args.small:
        base = small_pack()
    else:
        from handouts.rendering.pack import render_html
        from handouts.rendering.pdf import render_pdf

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
            wire = [prepare_message(copy, composer).data for copy in copies]  # what the bare loop sends
            times = {"handouts": [0.0, 0.0], "bare smtplib": [0.0, 0.0]}  # [wall, CPU client + server]

            def server_cpu() -> float:
                server.stdin.write("cpu\n")
                server.stdin.flush()
                return float(server.stdout.readline())

            def timed(name, run) -> None:
                wall, cpu, served = time.perf_counter(), time.process_time(), server_cpu()
                run()
                times[name][0] += time.perf_counter() - wall
                times[name][1] += time.process_time() - cpu + server_cpu() - served

            sent = 0
            for round_ in range(args.rounds):
                chunk = slice(round_, None, args.rounds)

                def handouts_send(chunk=chunk, round_=round_):
                    nonlocal sent
                    report = send_all(copies[chunk], composer, SmtpTransport(settings), folder / f"round-{round_}")
                    sent += len(report.sent)

                def bare_send(chunk=chunk):
                    with smtplib.SMTP("127.0.0.1", port) as client:
                        for copy, data in zip(copies[chunk], wire[chunk], strict=True):
                            client.sendmail("classes@example.org", [copy.participant.email], data)

                for name, run in ((("handouts", handouts_send), ("bare smtplib", bare_send)) if round_ % 2 == 0
                                  else (("bare smtplib", bare_send), ("handouts", handouts_send))):
                    timed(name, run)
    finally:
        server.stdin.close()
        received, octets = (int(v) for v in server.stdout.read().split())
        server.wait()
    assert sent == args.messages and received == 2 * args.messages, (sent, received)
    print(f"{args.messages} emails with a {attachment / 1024:.0f} KB PDF each ({octets / 2e6:.0f} MB on the wire) "
          f"to loopback aiosmtpd, {args.rounds} alternating rounds:")
    for name, (wall, cpu) in times.items():
        print(f"  {name:13} {wall:6.1f} s wall ({args.messages / wall:.0f}/s), {cpu:6.1f} s CPU (client + server)")
    wall_ratio = times["handouts"][0] / times["bare smtplib"][0]
    cpu_ratio = times["handouts"][1] / times["bare smtplib"][1]
    print(f"handouts / bare smtplib: {wall_ratio:.2f}x wall, {cpu_ratio:.2f}x CPU "
          f"(goal ≤ 1.3x: {'met' if max(wall_ratio, cpu_ratio) <= 1.3 else 'NOT met'})")


if __name__ == "__main__":
    main()
