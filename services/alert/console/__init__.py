"""The analyst's console: static pages (HTML, JavaScript modules, CSS, uPlot) served at `/`.

Nothing is built at install or run time and nothing comes from a CDN: the files under `static/`
are what the browser gets. The pages call the same API with the owner's key, which the browser
keeps in sessionStorage (gone when the tab closes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

STATIC = Path(__file__).parent / "static"
PREFIX = "/console"
# Only this origin's scripts, styles and API; no inline script, no framing by another site.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def add_console(app: FastAPI) -> None:
    """Serve the console's page at `/` and its files under `/console/`."""

    @app.get("/", include_in_schema=False)
    def console_page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers=SECURITY_HEADERS)

    app.mount(PREFIX, SecuredStaticFiles(directory=STATIC), name="console")


class SecuredStaticFiles(StaticFiles):
    """The console's files with the page's headers: index.html is reachable here too."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers.update(SECURITY_HEADERS)
        return response
