"""The explorer: GraphiQL with its explorer plugin, served by the service itself.

The service's users sit on networks with no route to the internet, so nothing on the page comes
from elsewhere: React, GraphiQL and the explorer plugin are the npm registry's files, vendored in
`web/explorer/static/` at the versions below and checked against the sha384 digests (the same
digests Strawberry pins for its CDN page; `tests/test_explorer.py` recomputes them). The page
also carries `integrity` attributes, so a browser refuses a file that was altered on disk.
`make explorer-assets` fetches them again with `npm pack` (after a version change here).

The page preloads the README's operations as tabs (`web/explorer/examples/*.graphql`), has the
headers editor open for a bearer token, and shows Persian text right to left (explorer.css).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

HERE: Final = Path(__file__).parent
STATIC: Final = HERE / "static"
EXAMPLES: Final = HERE / "examples"
#: Where the assets are served; the page refers to them by this absolute path.
ASSETS_PATH: Final = "/explorer"


@dataclass(frozen=True)
class Asset:
    """One file of the page: where it is served from, and which npm file it is."""

    name: str
    package: str
    version: str
    path_in_package: str
    sha384: str

    @property
    def url(self) -> str:
        return f"{ASSETS_PATH}/{self.name}"

    @property
    def is_script(self) -> bool:
        return self.name.endswith(".js")


#: In the order the page loads them (React first: the others are built against its globals).
VENDORED: Final = (
    Asset(
        "react.production.min.js",
        "react",
        "18.2.0",
        "umd/react.production.min.js",
        "tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8",
    ),
    Asset(
        "react-dom.production.min.js",
        "react-dom",
        "18.2.0",
        "umd/react-dom.production.min.js",
        "bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh",
    ),
    Asset(
        "graphiql.min.css",
        "graphiql",
        "3.8.3",
        "graphiql.min.css",
        "Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
    ),
    Asset(
        "graphiql.min.js",
        "graphiql",
        "3.8.3",
        "graphiql.min.js",
        "HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
    ),
    Asset(
        "plugin-explorer.css",
        "@graphiql/plugin-explorer",
        "1.0.2",
        "dist/style.css",
        "5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi",
    ),
    Asset(
        "plugin-explorer.umd.js",
        "@graphiql/plugin-explorer",
        "1.0.2",
        "dist/index.umd.js",
        "2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9",
    ),
)


def example_operations() -> list[dict[str, str]]:
    """The README's operations, one GraphiQL tab each, in file-name order."""
    return [{"query": path.read_text("utf-8")} for path in sorted(EXAMPLES.glob("*.graphql"))]


def _tag(url: str, *, script: bool, integrity: str | None = None) -> str:
    checked = f' integrity="sha384-{integrity}"' if integrity else ""
    if script:
        return f'<script src="{url}"{checked}></script>'
    return f'<link rel="stylesheet" href="{url}"{checked} />'


@cache
def page() -> str:
    """The HTML page: every URL in it is this service's own."""
    vendored = [_tag(a.url, script=a.is_script, integrity=a.sha384) for a in VENDORED]
    # a script element's text is not HTML-decoded: only "</" could end it early
    tabs = json.dumps(example_operations(), ensure_ascii=False).replace("</", "<\\/")
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8" />',
            "<title>civic-graph explorer</title>",
            '<link rel="icon" href="data:," />',
            *vendored,
            _tag(f"{ASSETS_PATH}/explorer.css", script=False),
            "</head>",
            "<body>",
            '<div id="graphiql">Loading the explorer…</div>',
            f'<script id="operations" type="application/json">{tabs}</script>',
            _tag(f"{ASSETS_PATH}/explorer.js", script=True),
            "</body>",
            "</html>",
            "",
        ]
    )


def assets_route() -> Mount:
    """The page's files, served at `/explorer/` (text/javascript, text/css)."""
    return Mount(ASSETS_PATH, app=StaticFiles(directory=STATIC), name="explorer")
