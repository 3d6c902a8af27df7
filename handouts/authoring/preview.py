"""`handouts preview`: a local page showing a class pack as it will print, rebuilt whenever a project file changes.

The page shows the pack's pages as images (rendered with pdfium), the problems `check` finds, and each
exercise's figures. Each handout is rendered as a document of its own and only again when it changed
(handouts.authoring.handout_cache), and a page of exercise cards only when its cards changed, so an edit to one exercise
refreshes in a fraction of a pack build; only the footers (no page numbers, no fingerprint) differ from print.
A watcher polls the project's files; after each rebuild the server tells the open page over server-sent events,
and the page fetches the new view. A broken file shows its error and the last good pages stay.
"""

import datetime as dt
import html
import threading
import time
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from handouts.authoring.handout_cache import HandoutCache
from handouts.content.project import CONFIG_NAME, Project
from handouts.errors import ContentError, HandoutsError

HOST = "127.0.0.1"  # never reachable from other machines: the preview shows unpublished content
WATCHED = (CONFIG_NAME, "data", "templates", "assets", "locales")
KEEPALIVE_SECONDS = 10.0


@dataclass(frozen=True)
class FigurePanel:
    """One exercise's start and finish figures, or why it has none."""

    exercise_id: str
    name: str
    svg: str | None
    note: str = ""


@dataclass(frozen=True)
class View:
    """What the page shows after one build: the last good pages, and this build's problems."""

    version: int = 0
    class_id: str | None = None
    title: str = "Building the first preview…"
    pages: tuple[bytes, ...] = ()
    pages_version: int = 0
    figures: tuple[FigurePanel, ...] = ()
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    built_at: str = ""
    seconds: float = 0.0


@dataclass
class Preview:
    """A preview server for one class of `project`: start() builds once and serves; a thread rebuilds on change."""

    project: Project
    class_id: str | None = None
    port: int = 8000
    interval: float = 0.5
    view: View = field(default_factory=View)
    handouts: HandoutCache = field(default_factory=HandoutCache)
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None
    _threads: list[threading.Thread] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The address to open, once started."""
        port = self._server.server_address[1] if self._server else self.port
        return f"http://{HOST}:{port}/"

    def start(self) -> None:
        """Build once, then serve on 127.0.0.1 and watch the project in background threads."""
        try:
            self._server = ThreadingHTTPServer((HOST, self.port), _handler(self))
        except OSError as exc:
            raise HandoutsError(f"cannot serve on {HOST}:{self.port} ({exc.strerror}); try another --port") from None
        self._server.daemon_threads = True
        stamps = _stamps(self.project.root)
        self.rebuild()
        self._threads = [
            threading.Thread(target=self._server.serve_forever, name="preview-server", daemon=True),
            threading.Thread(target=self._watch, args=(stamps,), name="preview-watch", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def wait(self) -> None:
        """Block until stop() is called (or the user presses Ctrl-C)."""
        while not self._stopping.wait(0.5):
            pass

    def stop(self) -> None:
        """Stop watching and serving, and release the port."""
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def rebuild(self) -> None:
        """Load and render the class again; keep the last good pages when anything is broken."""
        started = time.perf_counter()
        old = self.view
        new = _build(self.project, self.class_id, old, self.handouts)
        new = replace(
            new,
            version=old.version + 1,
            built_at=dt.datetime.now().strftime("%H:%M:%S"),
            seconds=time.perf_counter() - started,
        )
        if new.pages is not old.pages:
            new = replace(new, pages_version=new.version)
        with self._changed:
            self.view = new
            self._changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """Return the view's version once it differs from `seen`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.view.version != seen or self._stopping.is_set(), timeout)
            return self.view.version

    def _watch(self, stamps: dict[str, float]) -> None:
        while not self._stopping.wait(self.interval):
            now = _stamps(self.project.root)
            if now != stamps:
                # Editors save in several steps (temporary file, rename): wait for the files to settle.
                time.sleep(self.interval / 2)
                stamps = _stamps(self.project.root)
                self.rebuild()


def _stamps(root: Path) -> dict[str, float]:
    """Return the modification time of every file the pack is built from, by path."""
    stamps: dict[str, float] = {}
    for name in WATCHED:
        top = root / name
        paths = [top] if top.is_file() else (p for p in top.rglob("*") if p.is_file())
        for path in paths:
            try:
                stamps[path.as_posix()] = path.stat().st_mtime_ns
            except OSError:
                continue  # deleted between listing and reading: the next poll sees it gone
    return stamps


def _build(project: Project, class_id: str | None, old: View, handouts: HandoutCache) -> View:
    from handouts.content.load import load_content

    try:
        content = load_content(project)
    except ContentError as exc:
        return replace(old, problems=tuple(map(str, exc.problems)), warnings=tuple(map(str, exc.warnings)))
    except HandoutsError as exc:
        return replace(old, problems=(str(exc),), warnings=())
    warnings = tuple(map(str, content.warnings))
    chosen = class_id or next(iter(content.classes))
    try:
        cls = content.get_class(chosen)
    except HandoutsError as exc:
        return replace(old, problems=(str(exc),), warnings=warnings)
    figures = _figures(content, cls)
    try:
        # Each handout is its own document, rendered again only when it changed (handouts.authoring.handout_cache).
        pages = handouts.pages(content, chosen)
    except HandoutsError as exc:
        return replace(old, class_id=chosen, title=cls.title, figures=figures, problems=(str(exc),), warnings=warnings)
    except Exception as exc:  # noqa: BLE001 - a long-running preview shows any failure rather than dying
        problem = f"building the pack failed: {type(exc).__name__}: {exc}"
        return replace(old, class_id=chosen, title=cls.title, figures=figures, problems=(problem,), warnings=warnings)
    return View(
        class_id=chosen, title=cls.title, pages=pages, figures=figures,
        problems=(), warnings=warnings + tuple(handouts.warnings),
    )


def _figures(content, cls) -> tuple[FigurePanel, ...]:
    from handouts.drawing.figures import render_figure

    ids = [ident for handout in cls.handouts if handout.type == "exercises" for ident in handout.exercises]
    panels = []
    for ident in dict.fromkeys(ids):
        exercise = content.exercises[ident]
        if exercise.figure is None:
            panels.append(FigurePanel(ident, exercise.name, None, f"uses the image {exercise.image}"))
            continue
        try:
            svg = render_figure(exercise.figure, exercise.name).svg
        except (ValueError, KeyError) as exc:
            panels.append(FigurePanel(ident, exercise.name, None, f"cannot draw the figure: {exc}"))
            continue
        panels.append(FigurePanel(ident, exercise.name, svg))
    return tuple(panels)


def render_view(view: View) -> str:
    """Return the HTML of the page's changing part: title, problems, pages and figures."""
    e = html.escape
    out = [f'<header><h1 id="title">{e(view.title)}</h1>']
    if view.built_at:
        out.append(f'<p class="status" id="status" data-version="{view.version}">'
                   f"class <code>{e(view.class_id or '')}</code> · updated {view.built_at} "
                   f"in {view.seconds:.1f} s</p>")
    out.append("</header>")
    if view.problems:
        stale = " The pages below are from the last good build." if view.pages else ""
        heading = f"{len(view.problems)} problem(s): not rebuilt.{stale}"
        out.append(f'<section id="problems" class="problems"><h2>{heading}</h2><ul>')
        out += [f"<li><code>{e(p)}</code></li>" for p in view.problems]
        out.append("</ul></section>")
    if view.warnings:
        out.append(f'<section id="warnings" class="warnings"><h2>{len(view.warnings)} warning(s)</h2><ul>')
        out += [f"<li><code>{e(w)}</code></li>" for w in view.warnings]
        out.append("</ul></section>")
    out.append('<div class="columns"><section id="pages" class="pages">')
    if view.pages:
        out.append('<p class="page-note" id="page-note">Each handout (and each page of exercise cards) is laid '
                   'out on its own here, so the footers leave out the page numbers print shows, and '
                   '\u201cpreview\u201d stands where print shows the source\'s fingerprint.</p>')
    for number in range(1, len(view.pages) + 1):
        out.append(f'<img class="page" src="/page/{number}.png?v={view.pages_version}" '
                   f'alt="Page {number} of {len(view.pages)}" width="765">')
    out.append('</section><aside id="figures" class="figures"><h2>Exercise figures</h2>')
    for panel in view.figures:
        body = panel.svg if panel.svg else f"<p>{e(panel.note)}</p>"
        out.append(f'<figure class="exercise" id="figure-{e(panel.exercise_id)}">{body}'
                   f"<figcaption>{e(panel.name)} <code>{e(panel.exercise_id)}</code></figcaption></figure>")
    out.append("</aside></div>")
    return "".join(out)


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>handouts preview</title>
<style>
body {{ font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #e8ecef; color: #1b2430; }}
header {{ padding: 12px 20px; background: #1d5b79; color: #fff; }}
header h1 {{ margin: 0; font-size: 20px; }} .status {{ margin: 2px 0 0; opacity: .85; }}
section.problems, section.warnings {{ margin: 12px 20px; padding: 8px 14px; border-radius: 6px; }}
section.problems {{ background: #fde8e4; border: 2px solid #b5522f; }}
section.warnings {{ background: #fff6dc; border: 1px solid #c9a227; }}
section h2 {{ font-size: 15px; margin: 4px 0; }} li code {{ white-space: pre-wrap; }}
.columns {{ display: flex; gap: 20px; padding: 12px 20px; align-items: flex-start; }}
.pages {{ flex: 0 0 auto; }} .page {{ display: block; background: #fff; margin-bottom: 14px;
  box-shadow: 0 1px 4px rgba(0,0,0,.25); max-width: 100%; height: auto; }}
.page-note {{ font-size: 12px; color: #4a5563; margin: 0 0 14px; max-width: 765px; }}
.figures {{ flex: 1 1 320px; min-width: 280px; }} .figures h2 {{ font-size: 16px; margin: 0 0 8px; }}
figure.exercise {{ background: #fff; margin: 0 0 12px; padding: 10px; border-radius: 6px; }}
figure.exercise svg {{ max-width: 100%; height: auto; }}
</style></head>
<body><main id="view">{view}</main>
<script>
// The server says when a rebuild finished; fetch the new view then. EventSource reconnects by itself.
const events = new EventSource("/events?since={version}");
events.onmessage = async () => {{
  const reply = await fetch("/view", {{cache: "no-store"}});
  if (reply.ok) document.getElementById("view").innerHTML = await reply.text();
}};
</script></body></html>
"""


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "handouts-preview"

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
            pass  # one line per image request would bury the URL and any real message

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            path = urlsplit(self.path).path
            view = preview.view
            if path == "/":
                page = PAGE.format(view=render_view(view), version=view.version)
                self._send(page.encode("utf-8"), "text/html; charset=utf-8")
            elif path == "/view":
                self._send(render_view(view).encode("utf-8"), "text/html; charset=utf-8")
            elif path.startswith("/page/") and path.endswith(".png"):
                number = path.removeprefix("/page/").removesuffix(".png")
                if number.isdigit() and 1 <= int(number) <= len(view.pages):
                    self._send(view.pages[int(number) - 1], "image/png", cache=True)
                else:
                    self.send_error(HTTPStatus.NOT_FOUND)
            elif path == "/events":
                # The version the page shows: on a reconnect the browser sends the last id it got.
                since = self.headers.get("Last-Event-ID") or parse_qs(urlsplit(self.path).query).get("since", [""])[0]
                self._events(int(since) if since.isdigit() else view.version)
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _send(self, body: bytes, kind: str, cache: bool = False) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            # Page images are addressed by build version, so a cached one is never stale.
            self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self, seen: int) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            try:
                while not preview._stopping.is_set():
                    version = preview.wait_for_change(seen, KEEPALIVE_SECONDS)
                    message = f"id: {version}\ndata: {version}\n\n" if version != seen else ": still here\n\n"
                    seen = version
                    self.wfile.write(message.encode("ascii"))
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the page was closed or reloaded

    return Handler
