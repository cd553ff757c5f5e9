"""Issue 19: a page of the SRM server checked in headless Chromium — the status colours visible
(manual §6.3.1.3: *Critical* red, *Normal* blue).

A real Callplane server reports to a real ``callplane-srm``; Debian's Chromium (ops/install-deps),
driven over its DevTools protocol, logs in on the page with the form as a technician would, and
reads the rendered colour of the system's status cell: its computed background and the pixels of
a screenshot. The positive partner of the critical message turns the same cell blue without a
reload (the page's script redraws it), so a wrong colour or a page that does not follow fails."""

from __future__ import annotations

import base64
import json
import shutil
import struct
import subprocess
import time
import urllib.request
import zlib
from pathlib import Path

import pytest

from conftest import eventually
from peers import free_port
from srm_server import TECHNICIAN, SRMServer
from test_srm import connect, raise_message, system_id

websocket = pytest.importorskip("websocket", reason="websocket-client drives Chromium (ops/install-deps installs it)")

CHROMIUM = shutil.which("chromium")
# The colours of Sources/SRMServer/SystemsPage+Assets.swift: .status-red #c8102e, .status-blue #1e63c4.
RED = (200, 16, 46)
BLUE = (30, 99, 196)


class Chromium:
    """Headless Chromium with one page, spoken to over the DevTools protocol. It runs with
    ``--ignore-certificate-errors``: the SRM server's certificate is signed by its own CA, and
    this browser profile (a throw-away directory) exists only for this test."""

    def __init__(self, profile: Path):
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
             "--ignore-certificate-errors", "--remote-debugging-port=0", "--remote-allow-origins=*",
             f"--user-data-dir={profile}", "--window-size=1280,800", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        active = profile / "DevToolsActivePort"
        eventually("Chromium opens its DevTools port", lambda: active.exists() and len(active.read_text().split()) >= 2, timeout=30)
        port = active.read_text().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=20, suppress_origin=True)
        self.next_id = 0

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                assert "error" not in message, f"{method}: {message['error']}"
                return message["result"]

    def evaluate(self, expression: str):
        # Right after the login's form is sent the page is being replaced: ask again.
        for _ in range(50):
            result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
            if "Execution context was destroyed" not in json.dumps(result.get("exceptionDetails", {})):
                break
            time.sleep(0.1)
        assert "exceptionDetails" not in result, f"{expression}: {result['exceptionDetails']}"
        return result["result"].get("value")

    def close(self) -> None:
        try:
            self.socket.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def png_pixels(png: bytes) -> list[list[tuple[int, int, int]]]:
    """The RGB rows of an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium captures)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, width, height, channels = 8, b"", 0, 0, 0
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        data = png[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", data)
            assert depth == 8 and colour_type in (2, 6) and interlace == 0, (depth, colour_type, interlace)
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += data
        position += 12 + length
    raw, stride, rows, previous = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        previous = line
    return rows


def cell_colour(browser: Chromium, me: str) -> tuple[str, str] | None:
    """The status cell's class and computed background, once the page shows it."""
    value = browser.evaluate(
        f"(() => {{ const c = document.querySelector('tr[data-system={json.dumps(me)}] td.status');"
        " return c ? [c.className, getComputedStyle(c).backgroundColor] : null; })()")
    return tuple(value) if value else None


def screenshot_of_cell(browser: Chromium, me: str, path: Path) -> tuple[int, int, int]:
    """A screenshot of the page into `path`, and the colour at the middle of the status cell."""
    box = browser.evaluate(
        f"(() => {{ const r = document.querySelector('tr[data-system={json.dumps(me)}] td.status').getBoundingClientRect();"
        " return [r.x, r.y, r.width, r.height]; })()")
    png = base64.b64decode(browser.call("Page.captureScreenshot", format="png")["data"])
    path.write_bytes(png)
    rows = png_pixels(png)
    # Left of the middle, where the cell's text (centred vertically, left-aligned) is not.
    return rows[int(box[1] + box[3] / 2)][int(box[0] + box[2] - 4)]


def near(colour: tuple[int, int, int], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 8 for a, b in zip(colour, expected))


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (ops/install-deps installs it)")
def test_the_srm_page_shows_the_status_colours_in_chromium(server, tmp_path):
    with SRMServer(tmp_path, free_port()) as srm:
        me = system_id(server)
        secret = srm.add_system(me, name="Head office")
        connect(server, srm, secret)
        raise_message(server, "fan_failure", fanStatus=0)
        eventually("the SRM server has the system red", lambda: srm.systems()[me]["colour"] == "red")

        browser = Chromium(tmp_path / "chromium-profile")
        try:
            browser.call("Page.enable")
            browser.call("Page.navigate", url=f"https://localhost:{srm.port}/")
            eventually("the login form", lambda: browser.evaluate("!!document.querySelector('form.login')"))
            browser.evaluate(
                f"document.querySelector('input[name=name]').value = {json.dumps(TECHNICIAN[0])};"
                f"document.querySelector('input[name=password]').value = {json.dumps(TECHNICIAN[1])};"
                "document.querySelector('form.login').submit(); true")
            # The row can be in the document before the stylesheet applies (a loaded machine
            # computed it transparent once): wait, bounded, for the colour the page must show.
            red = ("status status-red", "rgb(%d, %d, %d)" % RED)
            eventually("the page shows the system red", lambda: cell_colour(browser, me) == red)
            pixel = screenshot_of_cell(browser, me, tmp_path / "srm-red.png")
            assert near(pixel, RED), f"the status cell is drawn {pixel}, not red {RED} (screenshot {tmp_path / 'srm-red.png'})"

            # The positive partner ends the critical message: the script redraws the row blue.
            raise_message(server, "fan_in_operation", fanStatus=0)
            blue = ("status status-blue", "rgb(%d, %d, %d)" % BLUE)
            eventually("the page turns the system blue", lambda: cell_colour(browser, me) == blue, timeout=20)
            time.sleep(0.2)  # let the redrawn row paint before the screenshot
            pixel = screenshot_of_cell(browser, me, tmp_path / "srm-blue.png")
            assert near(pixel, BLUE), f"the status cell is drawn {pixel}, not blue {BLUE} (screenshot {tmp_path / 'srm-blue.png'})"
        finally:
            browser.close()
