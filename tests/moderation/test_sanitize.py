"""The sanitizer: the Markdown subset renders; known attack strings come out harmless."""

import re
from html.parser import HTMLParser

import pytest

from groups.models import Message
from moderation import sanitize
from moderation.pipeline import submit

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\x20type='text/javascript'>alert(1);</script>",
    '"><script>alert(1)</script>',
    "</p><script>alert(1)</script><p>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=javascript:alert('XSS')>",
    '<img src="x" onerror="alert(1)"/>',
    "<img src=`javascript:alert(1)`>",
    "<body onload=alert(1)>",
    "<div onmouseover=alert(1)>hover</div>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<a href="http://ok.example" onmouseover="alert(1)">x</a>',
    "<p onclick=alert(1)>x</p>",
    "<em onfocus=alert(1) autofocus>x</em>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="VBScript:msgbox(1)">x</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<math href="javascript:alert(1)">x</math>',
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<form><input type=submit formaction=javascript:alert(1)></form>",
    "<base href=javascript:alert(1)//>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    '<details open ontoggle="alert(1)">',
    "<marquee onstart=alert(1)>x</marquee>",
    "<input autofocus onfocus=alert(1)>",
    "<textarea onfocus=alert(1) autofocus>",
    "<select onfocus=alert(1) autofocus>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<table background=javascript:alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="http://ok.example"title=x onclick=alert(1)>x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[click]( javascript:alert(1) )",
    '[click](http://ok.example "title" onclick="alert(1)")',
    '[x](http://ok.example"onmouseover="alert(1))',
    "![img](javascript:alert(1))",
    "![img](http://evil.example/track.png)",
    '![img](x" onerror="alert(1))',
    "[ref]: javascript:alert(1)\n\n[click][ref]",
    "<javascript:alert(1)>",
    '<http://ok.example/" onclick="alert(1)>',
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "> <img src=x onerror=alert(1)>",
    "* <a href=javascript:alert(1)>x</a>",
    "*<svg/onload=alert(1)>*",
    "**<iframe src=//evil.example>**",
    "<a href='//evil.example'>protocol relative</a>",
    "<a href='/relative/path'>relative</a>",
    "<<script>script>alert(1)<</script>/script>",
    "<scrİpt>alert(1)</scrİpt>",
    "\u0000<script>alert(1)</script>",
    '<a href="\x00javascript:alert(1)">x</a>',
    "<h1>heading</h1><hr><img src=x>",
    "<template><script>alert(1)</script></template>",
]

FORBIDDEN_TAGS = {
    "script", "img", "iframe", "form", "base", "svg", "math", "style", "object", "embed", "link", "meta",
    "video", "audio", "source", "input", "textarea", "select", "button", "details", "marquee", "table",
    "template", "noscript", "h1", "hr", "body", "isindex",
}  # fmt: skip
BAD_URL = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.IGNORECASE)


class TagAudit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS or tag not in sanitize.ALLOWED_TAGS:
            self.problems.append(f"tag {tag}")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"attribute {name}")
            if name not in {"href", "title", "rel"}:
                self.problems.append(f"attribute {name}")
            if name == "href" and value is not None:
                squashed = re.sub(r"[\x00-\x20]", "", value)
                if BAD_URL.match(squashed) or not squashed.startswith(("http://", "https://", "mailto:")):
                    self.problems.append(f"href {value}")


def audit(html):
    parser = TagAudit()
    parser.feed(html)
    parser.close()
    return parser.problems


def test_attack_list_is_large():
    assert len(ATTACKS) >= 60


@pytest.mark.parametrize("attack", ATTACKS)
def test_sanitize_attack_string_is_harmless_in_stored_html(member, group, chat, attack):
    result = submit(member, group, attack, topic=chat)
    assert result.ok
    stored = Message.objects.get(pk=result.message.pk).body_html
    assert audit(stored) == [], stored
    assert "<script" not in stored.lower()


def test_sanitize_markdown_subset_renders():
    html = sanitize.render_markdown("*em* **strong**\n\n- one\n- two\n\n> quote\n\n`code`\n\n1. first")
    for tag in ("<em>", "<strong>", "<ul>", "<li>", "<blockquote>", "<code>", "<ol>"):
        assert tag in html


def test_sanitize_links_get_rel_and_bare_urls_are_linked():
    html = sanitize.render_markdown("See https://example.org and [this](https://example.com/x)")
    assert html.count('rel="nofollow noopener noreferrer ugc"') == 2
    assert 'href="https://example.org"' in html


def test_sanitize_headings_and_images_stay_text():
    html = sanitize.render_markdown("# Not a heading\n\n![alt](https://example.org/a.png)")
    assert "<h1" not in html and "<img" not in html
    assert "# Not a heading" in html


def test_sanitize_normalise_strips_invisible_but_keeps_emoji_joiners():
    assert sanitize.normalise("a\u200bb\r\nc  ") == "ab\nc"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert sanitize.normalise(family) == family


def test_sanitize_plain_text_has_no_markup():
    assert sanitize.plain_text("<script>x</script><b>bold</b> & co") == "xbold & co"
