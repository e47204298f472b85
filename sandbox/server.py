"""A stand-in for Telegram's Bot API, served over real HTTP on 127.0.0.1.

The bot under test talks to it exactly as to ``api.telegram.org``: point PTB at it
with ``ApplicationBuilder().base_url(sb.api_base_url).base_file_url(sb.file_base_url)``.
People are simulated through a small JSON "driver" API under ``/sandbox/api/``, used
by :mod:`sandbox.driver` in tests and by the web chat page served at ``/``, where
several people can talk to the bot side by side.

Run it on its own (then start the bot with the printed base URLs)::

    python -m sandbox.server --port 8081

or from code::

    sb = await run_standalone("127.0.0.1", 8081)
    ...
    await sb.stop()
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import inspect
import json
import socket
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web

from sandbox import driverapi, driverapi_odd
from sandbox.faults import Fault
from sandbox.keeper import WorldKeeper
from sandbox.methods import METHODS
from sandbox.params import Params, Upload
from sandbox.world import ApiError, DriverError, World

SANDBOX_TOKEN = "123456:SANDBOX-TOKEN"
WEB_DIR = Path(__file__).with_name("web")
PAGE_FONT = "NotoSansSC-Regular.otf"  # /web/font/<this>, declared in style.css
FONT_CACHE = "public, max-age=604800"  # 8 MB: the browser fetches it once a week at most
MAX_BODY = 60 * 1024 * 1024
HOLD_POLL = 0.05
INTERNAL_SERVER_ERROR = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
BAD_GATEWAY_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_dumps = partial(json.dumps, ensure_ascii=False)


class Sandbox(World):
    """Fake Telegram Bot API plus driver API and web page, on one aiohttp server."""

    def __init__(self, token: str = SANDBOX_TOKEN, bot_username: str = "finmatch_bot", *,
                 keep_in: Path | None = None) -> None:
        """``keep_in``: a folder where the world is kept across restarts (see :mod:`sandbox.keeper`)."""
        super().__init__(token, bot_username)
        self.url = ""
        self._runner: web.AppRunner | None = None
        self.keeper = None if keep_in is None else WorldKeeper(self, keep_in)

    @property
    def api_base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def file_base_url(self) -> str:
        return f"{self.url}/file/bot"

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.closing = False
        if self.keeper is not None and not self.keeper.load():
            # past any update id a database kept from an earlier world has recorded as processed
            self.next_update_id = max(self.next_update_id, int(time.time() * 1000))
        self._runner = web.AppRunner(build_app(self), handle_signals=False, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:  # a busy port: the caller names it
            sock.close()
            await self._runner.cleanup()
            self._runner = None
            raise
        await web.SockSite(self._runner, sock).start()
        self.url = f"http://{host}:{sock.getsockname()[1]}"

    async def stop(self) -> None:
        self.closing = True
        self.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self.keeper is not None:
            self.keeper.close()

    def world_changed(self) -> None:
        """A request may have changed the world: keep it (debounced), when it is kept."""
        if self.keeper is not None:
            self.keeper.changed()


async def run_standalone(host: str = "127.0.0.1", port: int = 8081) -> Sandbox:
    """Start a sandbox on ``host:port`` and return it (call ``stop()`` when done)."""
    sandbox = Sandbox()
    await sandbox.start(host, port)
    return sandbox


# ---------------------------------------------------------------- app


def changes_the_world(request: web.Request) -> bool:
    """A Bot API method other than a get*, or a driver POST or DELETE (people acting, faults)."""
    method = request.match_info.get("method")
    if method is not None:
        return not method.lower().startswith("get")
    return request.path.startswith("/sandbox/api/") and request.method in ("POST", "DELETE")


def build_app(sb: Sandbox) -> web.Application:
    @web.middleware
    async def keep_changes(request: web.Request, handler: Any) -> web.StreamResponse:
        try:
            return await handler(request)
        finally:
            if changes_the_world(request):
                sb.world_changed()

    app = web.Application(client_max_size=MAX_BODY, middlewares=[keep_changes] if sb.keeper is not None else [])
    bot = BotRoutes(sb)
    drv = DriverRoutes(sb)
    app.router.add_route("*", "/bot{token}/{method}", bot.api)
    app.router.add_get("/file/bot{token}/{path:.+}", bot.file)
    app.router.add_get("/", page)
    app.router.add_get("/web/{name}", web_asset)
    app.router.add_get(f"/web/font/{PAGE_FONT}", page_font)
    app.router.add_get("/sandbox/files/{file_id}", drv.file)
    app.router.add_get("/sandbox/api/bot", drv.bot)
    app.router.add_get("/sandbox/api/users", drv.list_users)
    app.router.add_post("/sandbox/api/users", drv.add_user)
    app.router.add_post("/sandbox/api/users/{user_id}/block", drv.block)
    app.router.add_post("/sandbox/api/chats/{chat_id}/send", drv.send)
    app.router.add_post("/sandbox/api/chats/{chat_id}/contact", drv.contact)
    app.router.add_post("/sandbox/api/chats/{chat_id}/location", drv.location)
    app.router.add_post("/sandbox/api/chats/{chat_id}/press", drv.press)
    app.router.add_post("/sandbox/api/chats/{chat_id}/document", drv.document)
    app.router.add_get("/sandbox/api/chats/{chat_id}/events", drv.events)
    app.router.add_get("/sandbox/api/events", drv.all_events)
    app.router.add_get("/sandbox/api/chats/{chat_id}/state", drv.state)
    app.router.add_get("/sandbox/api/faults", drv.faults)
    app.router.add_post("/sandbox/api/faults", drv.add_fault)
    app.router.add_delete("/sandbox/api/faults", drv.clear_faults)
    app.router.add_get("/sandbox/api/flood", drv.flood)
    app.router.add_post("/sandbox/api/flood", drv.set_flood)
    app.router.add_get("/sandbox/api/updates", drv.updates)
    app.router.add_post("/sandbox/api/updates/{update_id}/redeliver", drv.redeliver)
    driverapi_odd.add_routes(app, drv._run)  # groups and channels, media, edits and forwards
    return app


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=_dumps)


class BotRoutes:
    """``/bot{token}/{method}`` and file downloads."""

    def __init__(self, sb: Sandbox) -> None:
        self.sb = sb

    async def api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = Params()
        try:
            if request.match_info["token"] != self.sb.token:
                raise ApiError(401, "Unauthorized")
            if method.lower() not in METHODS:
                raise ApiError(404, "Not Found")
            params = await read_params(request)
        except ApiError as exc:
            return self._error(request, method, params, exc)
        perform = partial(self._perform, request, method, params)
        fault = self.sb.take_fault(method, params.values.get("chat_id"))
        if fault is None:
            return await perform()
        return await self._inject(request, fault, perform)

    async def _perform(self, request: web.Request, method: str, params: Params) -> web.Response:
        try:
            result = METHODS[method.lower()](self.sb, params)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as exc:
            return self._error(request, method, params, exc)
        return _json({"ok": True, "result": result})

    async def _inject(
        self, request: web.Request, fault: Fault, perform: Callable[[], Awaitable[web.Response]]
    ) -> web.StreamResponse:
        """Carry out an injected fault (see :mod:`sandbox.faults`); never logged in ``errors``."""
        if fault.kind == "500":
            return _json(INTERNAL_SERVER_ERROR, status=500)
        if fault.kind == "502":
            return web.Response(status=502, text=BAD_GATEWAY_PAGE, content_type="text/html")
        if fault.kind == "429":
            self.sb.flood_refusals += 1
            return _json(too_many_requests(fault.retry_after), status=429)
        if fault.kind == "hang":
            await self._hold(request, fault.hang_seconds)
            return _hang_up(request)
        if not fault.performs:
            return _hang_up(request)
        response = await perform()
        if fault.kind == "late":
            await self._hold(request, fault.seconds)
            return response
        return _hang_up(request)

    async def _hold(self, request: web.Request, seconds: float) -> None:
        """Wait ``seconds``, less if the client disconnects or the sandbox stops."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not self.sb.closing and _connected(request):
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            await asyncio.sleep(min(HOLD_POLL, remaining))

    def _error(self, request: web.Request, method: str, params: Params, exc: ApiError) -> web.Response:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": exc.code,
            "description": exc.description,
        }
        if exc.parameters:
            body["parameters"] = exc.parameters
        if exc.code != 429 and request.transport is not None and not request.transport.is_closing():
            self.sb.errors.append({"method": method, "description": exc.description, "params": params.loggable()})
        return _json(body, status=exc.code)

    async def file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.sb.token:
            return _json({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        stored = self.sb.file_by_path(request.match_info["path"])
        if stored is None:
            return _json({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        return web.Response(body=stored.data, content_type=stored.mime_type)


def too_many_requests(retry_after: int) -> dict[str, Any]:
    """Telegram's 429 answer."""
    return {"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {retry_after}",
            "parameters": {"retry_after": retry_after}}


def _connected(request: web.Request) -> bool:
    transport = request.transport
    return transport is not None and not transport.is_closing()


def _hang_up(request: web.Request) -> web.Response:
    """Close the connection without an HTTP answer; aiohttp then silently drops the returned response."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=204)


async def read_params(request: web.Request) -> Params:
    """Query, urlencoded form, multipart or JSON body, merged into :class:`Params`."""
    params = Params(values=dict(request.query))
    if request.method != "POST" or not request.can_read_body:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise ApiError.bad("can't parse JSON request body") from None
        if isinstance(body, dict):
            params.values.update(body)
        return params
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            content = value.file.read()
            params.files[name] = Upload(value.filename, value.content_type, content)
        else:
            params.values[name] = value
    return params


class DriverRoutes:
    """``/sandbox/api/...``: the people's side, JSON in and out."""

    def __init__(self, sb: Sandbox) -> None:
        self.sb = sb

    async def _run(self, func: Any, *args: Any) -> web.Response:
        try:
            result = func(self.sb, *args)
            if inspect.isawaitable(result):
                result = await result
        except DriverError as exc:
            return _json({"error": exc.message}, status=exc.status)
        return _json(result)

    async def bot(self, request: web.Request) -> web.Response:
        """Who the bot is (the page recognises links to it: t.me/<username>?start=...)."""
        return _json({key: self.sb.bot_user[key] for key in ("id", "first_name", "username")})

    async def list_users(self, request: web.Request) -> web.Response:
        users = [{**u, "blocked": u["id"] in self.sb.blocked} for u in self.sb.users.values()]
        return _json(users)

    async def add_user(self, request: web.Request) -> web.Response:
        return await self._run(World.add_user, await _body(request))

    async def block(self, request: web.Request) -> web.Response:
        user_id = _int(request.match_info["user_id"])
        blocked = bool((await _body(request)).get("blocked", True))

        def action(sb: Sandbox) -> dict[str, Any]:
            sb.set_blocked(user_id, blocked)
            return {"user_id": user_id, "blocked": blocked, "seq": sb.seq}

        return await self._run(action)

    async def send(self, request: web.Request) -> web.Response:
        return await self._chat_action(request, driverapi.send_text)

    async def contact(self, request: web.Request) -> web.Response:
        return await self._chat_action(request, driverapi.send_contact)

    async def location(self, request: web.Request) -> web.Response:
        return await self._chat_action(request, driverapi.send_location)

    async def press(self, request: web.Request) -> web.Response:
        return await self._chat_action(request, driverapi.press)

    async def _chat_action(self, request: web.Request, func: Any) -> web.Response:
        chat_id = _int(request.match_info["chat_id"])
        return await self._run(func, chat_id, await _body(request))

    async def document(self, request: web.Request) -> web.Response:
        chat_id = _int(request.match_info["chat_id"])
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            return _json({"error": "multipart field 'file' is required"}, status=400)
        data = (upload.filename, upload.content_type, upload.file.read())
        caption = str(form.get("caption") or "")
        user_id = _int(str(form["user_id"])) if form.get("user_id") else None
        return await self._run(driverapi.send_document, chat_id, data, caption, user_id)

    async def events(self, request: web.Request) -> web.Response:
        chat_id = _int(request.match_info["chat_id"])
        after = _int(request.query.get("after", "0"))
        timeout = float(request.query.get("timeout", "0") or 0)
        return await self._run(driverapi.events, chat_id, after, timeout)

    async def all_events(self, request: web.Request) -> web.Response:
        after = _int(request.query.get("after", "0"))
        timeout = float(request.query.get("timeout", "0") or 0)
        return await self._run(driverapi.all_events, after, timeout)

    async def state(self, request: web.Request) -> web.Response:
        return await self._run(World.state, _int(request.match_info["chat_id"]))

    async def faults(self, request: web.Request) -> web.Response:
        return await self._run(driverapi.list_faults)

    async def add_fault(self, request: web.Request) -> web.Response:
        return await self._run(driverapi.add_fault, await _body(request))

    async def clear_faults(self, request: web.Request) -> web.Response:
        return await self._run(driverapi.clear_faults)

    async def flood(self, request: web.Request) -> web.Response:
        return await self._run(driverapi.flood_limits)

    async def set_flood(self, request: web.Request) -> web.Response:
        return await self._run(driverapi.set_flood_limits, await _body(request))

    async def updates(self, request: web.Request) -> web.Response:
        return await self._run(driverapi.recent_updates)

    async def redeliver(self, request: web.Request) -> web.Response:
        return await self._run(World.redeliver, _int(request.match_info["update_id"]))

    async def file(self, request: web.Request) -> web.StreamResponse:
        stored = self.sb.files.get(request.match_info["file_id"])
        if stored is None:
            return _json({"error": "no such file"}, status=404)
        disposition = f"inline; filename*=UTF-8''{quote(stored.file_name)}"
        return web.Response(
            body=stored.data,
            content_type=stored.mime_type,
            headers={"Content-Disposition": disposition},
        )


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="body must be JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="body must be a JSON object")
    return body


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise web.HTTPBadRequest(text=f"not an integer: {value!r}") from None


async def page(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(WEB_DIR / "index.html")


async def web_asset(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in {"app.js", "style.css", "index.html"}:
        raise web.HTTPNotFound()
    return web.FileResponse(WEB_DIR / name)


def page_font_file() -> Path | None:
    """Noto Sans SC from the pylopdf-fonts-zh-cn package (OFL-1.1), for browsers without a Chinese font."""
    try:
        fonts = importlib.import_module("pylopdf_fonts_zh_cn")
    except ImportError:
        return None
    path = Path(fonts.sans_path())
    return path if path.is_file() else None


async def page_font(request: web.Request) -> web.StreamResponse:
    path = page_font_file()
    if path is None:
        raise web.HTTPNotFound(text="the font package pylopdf-fonts-zh-cn is not installed")
    return web.FileResponse(path, headers={"Content-Type": "font/otf", "Cache-Control": FONT_CACHE})


async def _serve_forever(host: str, port: int) -> None:
    sandbox = await run_standalone(host, port)
    print(f"sandbox page:      {sandbox.url}/")
    print(f"bot base_url:      {sandbox.api_base_url}")
    print(f"bot base_file_url: {sandbox.file_base_url}")
    print(f"bot token:         {sandbox.token}")
    try:
        await asyncio.Event().wait()
    finally:
        await sandbox.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the fake Telegram Bot API sandbox.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve_forever(args.host, args.port))


if __name__ == "__main__":
    main()
