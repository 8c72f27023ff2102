"""Reading a page's head as a browser or crawler would."""

import json
from html.parser import HTMLParser


class HeadParser(HTMLParser):
    """The title, meta tags, links and scripts of a page, as a browser or crawler would read them."""

    def __init__(self):
        super().__init__()
        self.title = ""
        self.meta = {}
        self.links = []
        self.scripts = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script":
            self.scripts.append({"attrs": attrs, "text": ""})
            self._in = "script"
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag):
        if tag in {"script", "title"}:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1]["text"] += data
        elif self._in == "title":
            self.title += data

    def one(self, name):
        (content,) = self.meta[name]
        return content

    @property
    def canonical(self):
        (href,) = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        return href

    @property
    def json_ld(self):
        (script,) = [s for s in self.scripts if s["attrs"].get("type") == "application/ld+json"]
        return json.loads(script["text"])

    def graph_node(self, type_name):
        (node,) = [node for node in self.json_ld["@graph"] if node["@type"] == type_name]
        return node


def parse(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    parser.close()
    return parser


def absolute(path):
    return f"http://testserver{path}"
