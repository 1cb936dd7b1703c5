"""Crawl the demo site as one person: follow every same-site link (GET only)."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

SKIP_PREFIXES = ("/accounts/logout", "/static/", "/healthz")
MAX_PAGES = 250


class PageLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = []  # (tag, attr, url) of everything the browser would fetch or follow
        self.anchors = []  # (href, rel)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "action", "srcset", "poster", "data", "formaction"):
            if attrs.get(name):
                self.assets.append((tag, name, attrs[name]))
        if tag == "a" and attrs.get("href"):
            self.anchors.append((attrs["href"], attrs.get("rel", "")))


def parse(html):
    parser = PageLinks()
    parser.feed(html)
    return parser


def is_off_site(url):
    return bool(urlsplit(url).netloc) or url.startswith("//")


def crawl(client, start="/"):
    """Yield (path, response) for every page reachable from `start`."""
    seen, queue = set(), [start]
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        yield path, response
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href, _rel in parse(response.content.decode()).anchors:
            href = urldefrag(href)[0]
            if not href.startswith("/") or href.startswith("//") or href.startswith(SKIP_PREFIXES):
                continue
            if href not in seen:
                queue.append(href)
