"""A tiny headless-Chromium driver for the e2e tests: the DevTools protocol over a pipe.

`--remote-debugging-pipe` makes Chromium read commands from fd 3 and write replies to fd 4,
NUL-separated JSON, so no websocket library and no open port are needed. Pages are loaded
from file:// URLs; the browser is told not to touch the network.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Self

CHROMIUM = os.environ.get("DEALGRAPH_CHROMIUM", "/usr/bin/chromium")


class BrowserError(RuntimeError):
    pass


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


class Browser:
    """One headless Chromium with one page. Use as a context manager."""

    def __init__(self, width: int = 1400, height: int = 900, timeout: float = 30.0):
        self.width, self.height, self.timeout = width, height, timeout
        self._next_id = 0
        self._buf = b""
        self._events: list[dict] = []

    # --- process and pipe ------------------------------------------------------------------
    def __enter__(self) -> Self:
        self._profile = tempfile.mkdtemp(prefix="dg-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire_fds() -> None:  # in the child: the pipe ends become fds 3 and 4
            # Via high numbers first, in case a pipe end already sits on fd 3 or 4.
            os.dup2(to_child_r, 200)
            os.dup2(from_child_w, 201)
            os.dup2(200, 3)
            os.dup2(201, 4)
            os.close(200)
            os.close(201)

        args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
                "--hide-scrollbars", f"--user-data-dir={self._profile}", "--remote-debugging-pipe",
                f"--window-size={self.width},{self.height}", "about:blank"]
        # close_fds=False: fds 3 and 4 must survive into Chromium; every other fd Python opens is
        # close-on-exec already.
        self._proc = subprocess.Popen(args, preexec_fn=wire_fds, close_fds=False,  # noqa: PLW1509 - tests launch it from one thread
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Network.enable"):
            self.send(domain)
        self.send("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height,
                  deviceScaleFactor=1, mobile=False)
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(BrowserError, OSError):  # a broken browser is killed below
            self.call("Browser.close", timeout=5)
        try:
            self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)
        shutil.rmtree(self._profile, ignore_errors=True)

    def _write(self, msg: dict) -> None:
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self._to_child, data):]

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise BrowserError("Chromium closed the DevTools pipe (did it crash?)")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    # --- protocol ----------------------------------------------------------------------------
    def call(self, method: str, session: str | None = None, timeout: float | None = None, **params: Any) -> dict:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self._write(msg)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def send(self, method: str, timeout: float | None = None, **params: Any) -> dict:
        """A command to the page's session."""
        return self.call(method, session=self.session, timeout=timeout, **params)

    def wait_event(self, method: str, timeout: float | None = None) -> dict:
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, ev in enumerate(self._events):
                if ev["method"] == method:
                    return self._events.pop(i)
            self._events.append(self._read(deadline))

    # --- conveniences ------------------------------------------------------------------------
    def open(self, path: Path | str, timeout: float | None = None, headers: dict[str, str] | None = None) -> None:
        """Load a file (a Path) or a URL (a str), optionally sending extra HTTP headers."""
        if headers:
            self.send("Network.setExtraHTTPHeaders", headers=headers)
        self._events.clear()
        url = path if isinstance(path, str) else Path(path).resolve().as_uri()
        self.send("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired", timeout)

    def eval(self, expression: str, timeout: float | None = None) -> Any:
        """Evaluate JS (promises awaited); returns the value, raising on a JS exception."""
        res = self.send("Runtime.evaluate", timeout=timeout, expression=expression, awaitPromise=True,
                        returnByValue=True)
        if "exceptionDetails" in res:
            raise BrowserError(f"JS error: {res['exceptionDetails'].get('exception', res['exceptionDetails'])}")
        return res["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10.0, poll_ms: int = 25) -> Any:
        """Poll inside the page until `expression` is truthy; returns its value."""
        js = f"""new Promise((ok, fail) => {{
            const end = performance.now() + {timeout * 1000};
            (function tick() {{
                let v; try {{ v = ({expression}); }} catch (e) {{ v = undefined; }}
                if (v) return ok(v);
                if (performance.now() > end) return fail(new Error("timed out waiting for: " + {json.dumps(expression)}));
                setTimeout(tick, {poll_ms});
            }})();
        }})"""
        return self.eval(js, timeout=timeout + 5)

    def screenshot(self, out: Path) -> Path:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(data))
        return out

    def requested_urls(self) -> list[str]:
        """Every URL the page asked for since the last open() (file:, data:, http:...)."""
        return [e["params"]["request"]["url"] for e in self._events if e["method"] == "Network.requestWillBeSent"]

    def console_errors(self) -> list[str]:
        return [json.dumps(e["params"]) for e in self._events if e["method"] == "Runtime.exceptionThrown"]
