"""The preview server without a browser: bound to 127.0.0.1 only, shows a broken file's error, refuses a busy port."""

import urllib.error
import urllib.request

import pytest

from handouts.authoring.preview import Preview
from handouts.authoring.scaffold import init_project
from handouts.content.project import Project
from handouts.errors import HandoutsError


@pytest.fixture
def broken_project(tmp_path) -> Project:
    root = tmp_path / "clinic"
    init_project(root)
    cls = root / "data" / "classes" / "first-class.yaml"
    text = cls.read_text(encoding="utf-8").replace("time: ", "tme: ")
    cls.write_text(text, encoding="utf-8")
    config = root / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("Your Clinic (CHANGE ME)", "<b>soon</b> (CHANGE ME)"),
                      encoding="utf-8")
    return Project(root.resolve())


def test_broken_project_is_served_locally_with_its_error(broken_project):
    preview = Preview(broken_project, port=0)
    preview.start()
    try:
        assert preview._server.server_address[0] == "127.0.0.1"
        page = urllib.request.urlopen(preview.url, timeout=5).read().decode("utf-8")
        assert "data/classes/first-class.yaml:4: time: missing required key" in page
        # Content shown on the page is escaped, never markup.
        assert "&lt;b&gt;soon&lt;/b&gt;" in page and "<b>" not in page.split("<body>", 1)[1]
        assert preview.view.pages == ()
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(preview.url + "page/1.png", timeout=5)
        with pytest.raises(HandoutsError, match="try another --port"):
            Preview(broken_project, port=preview._server.server_address[1]).start()
    finally:
        preview.stop()
