"""`check` warns about details nobody filled in: init's CHANGE ME values and links on reserved example domains."""

from pathlib import Path

import pytest

from handouts.cli import app
from handouts.content.checks.placeholders import reserved_domain

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("value", "host"),
    [
        ("classes@riversidephysio.example", "riversidephysio.example"),
        ("Clinic <a@b.example.net>", "b.example.net"),
        ("https://example.com/v/1", "example.com"),
        ("www.example.org", "www.example.org"),
        ("https://x.test:8443/a", "x.test"),
        ("someone@host.invalid", "host.invalid"),
        ("https://videos.clinic.com/v/1", None),
        ("https://example.community/v", None),
        ("hello@myexample.com", None),
        ("riverside.physio", None),
    ],
)
def test_reserved_domains_are_recognised(value, host):
    assert reserved_domain(value) == host


def test_placeholders_warn_and_fail_only_when_strict(runner, make_project):
    project = str(make_project("placeholder-contact"))
    expected = (FIXTURES / "placeholder-contact" / "expected.txt").read_text(encoding="utf-8").splitlines()
    relaxed = runner.invoke(app, ["check", "--project", project])
    assert relaxed.exit_code == 0, relaxed.output
    for line in expected:
        assert f"warning: {line}" in relaxed.output
    # The real-looking reply-to and the clinic's own name pass.
    assert "reply_to" not in relaxed.output and "clinic.name" not in relaxed.output
    strict = runner.invoke(app, ["check", "--strict", "--project", project])
    assert strict.exit_code == 1
    for line in expected:
        assert f"error: {line}" in strict.output
