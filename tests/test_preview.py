"""`handouts preview` in a real headless Chromium: the pack's pages show, an edit updates the open page by
itself, and a broken file shows its error while the last good pages stay."""

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handouts.authoring.scaffold import init_project

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--window-size=1280,1000",
)
pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()), reason="needs /usr/bin/chromium and /usr/bin/chromedriver"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """A new project from `handouts init`, previewed by the real command in its own process."""
    project = tmp_path / "clinic"
    init_project(project)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "handouts", "preview", "--project", str(project), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        for line in process.stdout:
            if f"http://127.0.0.1:{port}/" in line:
                break
            assert time.monotonic() < deadline, "preview did not start"
        else:
            pytest.fail(f"preview exited with {process.wait()}")
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def browser(tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager look for drivers online
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(tmp_path / "chromium-profile", ignore_errors=True)


def wait_until(driver, condition, seconds: float = 20):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # The page swaps its whole view on each update, so an element found a moment ago may be gone: look again.
    waiting = WebDriverWait(driver, seconds, poll_frequency=0.2, ignored_exceptions=(StaleElementReferenceException,))
    return waiting.until(lambda d: condition(d))


def page_images_loaded(driver) -> int:
    return driver.execute_script(
        "return [...document.querySelectorAll('img.page')].filter(i => i.complete && i.naturalWidth > 500).length"
    )


def test_preview_shows_pages_and_follows_edits(served, browser):
    from PIL import Image
    from selenium.webdriver.common.by import By

    project, url = served
    browser.get(url)
    pages = wait_until(browser, page_images_loaded)
    assert pages >= 4
    assert browser.find_element(By.ID, "title").text == "Your first class"
    # The placeholders init left are listed with their file and line.
    assert "handouts.toml:6: clinic.name: placeholder still to fill in" in browser.find_element(By.ID, "warnings").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.exercise svg")) == 2

    # The screenshot shows a printed page: a white sheet carrying the brand's dark heading colour and text.
    first = browser.find_element(By.CSS_SELECTOR, "img.page")
    browser.execute_script("arguments[0].scrollIntoView()", first)
    png = browser.get_screenshot_as_png()
    Path(os.environ.get("PREVIEW_SHOT", os.devnull)).write_bytes(png)
    shot = Image.open(io.BytesIO(png)).convert("RGB")
    ratio = browser.execute_script("return window.devicePixelRatio")
    box = browser.execute_script("const r = arguments[0].getBoundingClientRect(); "
                                 "return [r.left, r.top, r.right, r.bottom]", first)
    left, top, right, bottom = (int(v * ratio) for v in box)
    visible = shot.crop((left, max(0, top), right, min(shot.height, bottom)))
    assert visible.height > 400
    colours = visible.getcolors(maxcolors=1 << 20)
    inked = sum(count for count, (r, g, b) in colours if r + g + b < 600)
    assert inked > visible.width * visible.height * 0.02, "the page image is blank"
    assert any(abs(r - 0x1D) < 40 and abs(g - 0x5B) < 40 and abs(b - 0x79) < 40 for _, (r, g, b) in colours)
    old_src = first.get_attribute("src")

    # An edit is rebuilt and pushed to the open page without reloading it.
    browser.execute_script("window.stillHere = true")
    class_file = project / "data" / "classes" / "first-class.yaml"
    text = class_file.read_text(encoding="utf-8")
    class_file.write_text(text.replace("title: Your first class", "title: Knee health"), encoding="utf-8")
    wait_until(browser, lambda d: d.find_element(By.ID, "title").text == "Knee health")
    wait_until(browser, page_images_loaded)
    wait_until(browser, lambda d: d.find_element(By.CSS_SELECTOR, "img.page").get_attribute("src") != old_src)
    assert browser.execute_script("return window.stillHere") is True

    # A broken file shows its error at its line; the last good pages stay.
    class_file.write_text(text.replace("title: Your first class", "title: [Knee health"), encoding="utf-8")
    problems = wait_until(browser, lambda d: (found := d.find_elements(By.ID, "problems")) and found[0].text)
    assert "data/classes/first-class.yaml:" in problems and "YAML syntax error" in problems
    assert "last good build" in problems
    assert page_images_loaded(browser) == pages

    # Fixing it clears the error.
    class_file.write_text(text, encoding="utf-8")
    wait_until(browser, lambda d: not d.find_elements(By.ID, "problems"))
    wait_until(browser, lambda d: d.find_element(By.ID, "title").text == "Your first class")
