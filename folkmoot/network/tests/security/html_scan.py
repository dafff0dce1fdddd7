"""A tiny checker for what a browser could run in a page: script elements that are not our own
files, event-handler attributes, javascript:/data: addresses, frames and plugins, inline style.

Our pages run no inline code (the Content-Security-Policy forbids it), so any of these in a
rendered page came from someone's input.
"""

import re
from html.parser import HTMLParser

# Attributes that hold an address a browser may follow or load.
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "srcset",
    "background",
    "lowsrc",
    "dynsrc",
    "to",
    "from",
    "values",
}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
# Elements no user text may ever become.
BAD_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style"}
# Browsers ignore tabs, newlines and other control characters inside a URL's scheme.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def _scheme_is_bad(value: str) -> bool:
    return _IGNORED_IN_SCHEME.sub("", value).lower().startswith(BAD_SCHEMES)


def _an_image(tag: str, value: str) -> bool:
    """Our own icon is a data: image (an image cannot run script, even an SVG one)."""
    return tag in {"img", "link"} and value.strip().lower().startswith("data:image/")


class PageScan(HTMLParser):
    """Feed it a page; ``problems`` lists everything executable, ``text`` the words shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        if tag in {"script", "style"}:
            self._skip += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._text.append(data)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            src = values.get("src", "")
            if src and not (src.startswith("/static/") and not src.startswith("//")):
                self.problems.append(f"<script src={src!r}>")
            if not src and values.get("type") != "application/json":
                self.problems.append("an inline <script>")
        if tag in BAD_ELEMENTS:
            self.problems.append(f"a <{tag}> element")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES and _scheme_is_bad(value) and not _an_image(tag, value):
                self.problems.append(f"<{tag} {name}={value!r}>")

    @property
    def text(self) -> str:
        return " ".join(" ".join(self._text).split())


def scan(html: str) -> PageScan:
    page = PageScan()
    page.feed(html)
    page.close()
    return page
