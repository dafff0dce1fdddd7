"""The API describes itself: OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs.

The docs page must load everything from our own host: no CDN, no third-party validator badge.
"""

import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders

from folkmoot.browser_testing import DESKTOP

from .conftest import API
from .schema_check import schema_errors

LIST = f"{API}/assemblies"
DETAIL = f"{API}/assemblies/{{assembly_id}}"
FIND = f"{API}/find"
SUPPORT = f"{API}/supporters"
MEETINGS = f"{API}/assemblies/{{assembly_id}}/meetings"
MEETING = f"{API}/meetings/{{meeting_id}}"
ATTENDANCE = f"{API}/meetings/{{meeting_id}}/attendance"
PROPOSALS = f"{API}/assemblies/{{assembly_id}}/proposals"
PROPOSAL = f"{API}/proposals/{{proposal_id}}"
VOTES = f"{API}/assemblies/{{assembly_id}}/votes"
COUNCIL_VOTES = f"{API}/councils/{{council}}/votes"
VOTE = f"{API}/votes/{{vote_id}}"
RESULT = f"{API}/votes/{{vote_id}}/result"
BALLOTS = f"{API}/votes/{{vote_id}}/ballots"
COUNCILS = f"{API}/councils"
COUNCIL = f"{API}/councils/{{council}}"
COUNCIL_QUESTIONS = f"{API}/councils/{{council}}/questions"
COUNCIL_QUESTION = f"{API}/council-questions/{{question_id}}"
TRACE = f"{API}/council-questions/{{question_id}}/trace"
MANDATES = f"{API}/councils/{{council}}/mandates"
MANDATE = f"{API}/mandates/{{mandate_id}}"
DELEGATE = f"{API}/delegates/{{delegate_id}}"


# --- The OpenAPI document -----------------------------------------------------------------------


def test_the_document_is_served_as_json(client, db):
    response = client.get(f"{API}/openapi.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Folkmoot API"
    assert document["info"]["version"] == "1.0.0"


def test_every_endpoint_is_documented_and_no_other(openapi):
    operations = {(path, method) for path, item in openapi["paths"].items() for method in item}

    assert operations == {
        (LIST, "get"),
        (DETAIL, "get"),
        (FIND, "get"),
        (SUPPORT, "post"),
        ("/api/v1/assemblies/{assembly_id}/legitimacy", "get"),
        (MEETINGS, "get"),
        (MEETING, "get"),
        (ATTENDANCE, "get"),
        (PROPOSALS, "get"),
        (PROPOSAL, "get"),
        (VOTES, "get"),
        (COUNCIL_VOTES, "get"),
        (VOTE, "get"),
        (RESULT, "get"),
        (BALLOTS, "post"),
        # Councils and delegation: their answers and parameters are checked in test_councils.py.
        (COUNCILS, "get"),
        (COUNCIL, "get"),
        (COUNCIL_QUESTIONS, "get"),
        (COUNCIL_QUESTION, "get"),
        (TRACE, "get"),
        (MANDATES, "get"),
        (MANDATE, "get"),
        (DELEGATE, "get"),
    }
    for path, method in operations:
        assert openapi["paths"][path][method]["summary"]


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        (LIST, "get", {"200", "400"}),
        (DETAIL, "get", {"200", "400", "404"}),
        (FIND, "get", {"200", "400"}),
        (SUPPORT, "post", {"202", "400", "404", "429"}),
        (MEETINGS, "get", {"200", "400", "404"}),
        (MEETING, "get", {"200", "400", "404"}),
        (ATTENDANCE, "get", {"200", "400", "404"}),
        (PROPOSALS, "get", {"200", "400", "404"}),
        (PROPOSAL, "get", {"200", "400", "404"}),
        (VOTES, "get", {"200", "400", "404"}),
        (COUNCIL_VOTES, "get", {"200", "400", "404"}),
        (VOTE, "get", {"200", "400", "404"}),
        (RESULT, "get", {"200", "400", "404"}),
        (BALLOTS, "post", {"200", "201", "400", "401", "403", "404", "409", "429"}),
    ],
)
def test_every_answer_is_documented(openapi, path, method, statuses):
    responses = openapi["paths"][path][method]["responses"]

    assert set(responses) == statuses
    for status in statuses:
        assert "schema" in responses[status]["content"]["application/json"]


def _parameters(openapi, path, method) -> dict[str, dict]:
    return {p["name"]: p for p in openapi["paths"][path][method].get("parameters", [])}


def test_list_parameters(openapi):
    parameters = _parameters(openapi, LIST, "get")

    assert set(parameters) == {"q", "postcode", "theme", "page", "page_size"}
    assert all(p["in"] == "query" and not p.get("required") for p in parameters.values())


def test_meetings_parameters(openapi):
    parameters = _parameters(openapi, MEETINGS, "get")

    assert set(parameters) == {"assembly_id", "when", "page", "page_size"}
    assert parameters["assembly_id"]["in"] == "path"
    assert parameters["when"]["in"] == "query"
    assert not parameters["when"].get("required")
    assert parameters["when"]["schema"]["enum"] == ["upcoming", "past", "all"]
    assert parameters["when"]["schema"]["default"] == "all"
    for path in (MEETING, ATTENDANCE):
        assert set(_parameters(openapi, path, "get")) == {"meeting_id"}


def test_decisions_parameters(openapi):
    for path in (PROPOSALS, VOTES):
        parameters = _parameters(openapi, path, "get")
        assert set(parameters) == {"assembly_id", "status", "page", "page_size"}
        assert parameters["status"]["in"] == "query"
        assert not parameters["status"].get("required")
    parameters = _parameters(openapi, COUNCIL_VOTES, "get")
    assert set(parameters) == {"council", "status", "page", "page_size"}
    assert parameters["council"]["in"] == "path"
    assert set(_parameters(openapi, PROPOSAL, "get")) == {"proposal_id"}
    for path in (VOTE, RESULT):
        assert set(_parameters(openapi, path, "get")) == {"vote_id"}


def test_only_casting_a_ballot_needs_signing_in(openapi):
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            if (path, method) == (BALLOTS, "post"):
                assert operation["security"], "casting a ballot must say it needs a session"
            else:
                assert not operation.get("security"), (path, method)


def test_casting_a_ballot_takes_the_ballots_fields(openapi):
    body = openapi["paths"][BALLOTS]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]

    assert set(schema["properties"]) == {"answer", "reason", "approved", "scores", "ranking"}
    assert not schema.get("required")


def test_find_needs_a_postcode(openapi):
    parameters = _parameters(openapi, FIND, "get")

    assert set(parameters) == {"postcode"}
    assert parameters["postcode"]["required"] is True


def test_detail_takes_an_integer_id(openapi):
    parameters = _parameters(openapi, DETAIL, "get")

    assert parameters["assembly_id"]["in"] == "path"
    assert parameters["assembly_id"]["schema"]["type"] == "integer"


def test_showing_support_takes_the_forms_fields(openapi):
    body = openapi["paths"][SUPPORT]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]

    assert body["required"] is True
    assert set(schema["properties"]) == {
        "name",
        "email",
        "postcode",
        "comment",
        "consent",
        "assembly",
    }
    assert set(schema["required"]) == {"name", "email", "postcode", "consent"}
    assert schema["properties"]["consent"]["type"] == "boolean"


def _response_properties(openapi) -> set[str]:
    """Every property name any documented answer can contain."""
    names: set[str] = set()
    seen: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref and ref not in seen:
                seen.add(ref)
                walk(openapi["components"]["schemas"][ref.rsplit("/", 1)[1]])
            names.update(node.get("properties", {}))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for item in openapi["paths"].values():
        for operation in item.values():
            walk(operation["responses"])
    return names


def test_no_answer_can_hold_personal_details(openapi):
    properties = _response_properties(openapi)

    assert {"name", "member_count", "supporter_count", "errors"} <= properties  # the walk works
    assert not properties & {
        "email",
        "display_name",
        "members",
        "supporters",
        "person",
        "author",
        "comment",
        "comments",
        "token",
        "postcode",
    }


# --- The schema check itself can fail -----------------------------------------------------------


def test_the_schema_check_finds_what_is_wrong(openapi):
    schema = openapi["paths"][DETAIL]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    good = {
        "id": 1,
        "name": "A",
        "slug": "a",
        "kind": "neighbourhood",
        "theme": None,
        "area": {"name": "B", "slug": "b", "kind": "city", "postcodes": ["TB1"]},
        "member_count": 0,
        "legitimacy": "not_yet",
        "url": "http://testserver/assemblies/a/",
        "about": "",
        "usual_meeting": "",
        "venue": "",
        "how_to_join": "",
        "supporter_count": 0,
    }
    assert schema_errors(good, schema, openapi) == []

    assert schema_errors({**good, "id": "1"}, schema, openapi)
    assert schema_errors({**good, "theme": "health"}, schema, openapi)
    assert schema_errors({**good, "email": "a@example.org"}, schema, openapi)
    assert schema_errors({**good, "area": {**good["area"], "postcodes": [1]}}, schema, openapi)
    assert schema_errors({k: v for k, v in good.items() if k != "supporter_count"}, schema, openapi)
    assert schema_errors([good], schema, openapi)


# --- The interactive docs ------------------------------------------------------------------------


class _Assets(HTMLParser):
    """Every address a page loads, and the content of its inline scripts."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[tuple[str, str]] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "srcset", "poster", "data"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if tag == "script" and not attrs.get("src"):
            self._in_script = attrs.get("type") or "text/javascript"
            self.inline_scripts.append((self._in_script, ""))
        if tag == "style":
            self.inline_scripts.append(("style", ""))

    def handle_data(self, data):
        if self._in_script is not None:
            kind, text = self.inline_scripts[-1]
            self.inline_scripts[-1] = (kind, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


@pytest.fixture
def docs(client, db):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    parser = _Assets()
    parser.feed(response.content.decode())
    return response, parser


def test_the_docs_page_loads_its_assets_from_our_host_only(docs):
    _response, page = docs

    assert page.urls, "the page loads nothing?"
    for url in page.urls:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url
    scripts = [url for url in page.urls if url.endswith(".js")]
    assert scripts
    assert any(url.endswith(".css") for url in page.urls)


def test_every_asset_of_the_docs_page_exists(docs):
    _response, page = docs

    for url in page.urls:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not in any static folder"


def test_the_docs_page_runs_no_inline_script(docs):
    """Our Content-Security-Policy allows scripts from our host only: inline code would not run."""
    _response, page = docs

    for kind, _text in page.inline_scripts:
        assert kind == "application/json"


def test_the_docs_page_is_under_our_content_security_policy(docs):
    response, _page = docs

    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["font-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]


def test_the_docs_read_our_openapi_document_and_no_third_party_validator(docs):
    """Swagger UI otherwise shows a badge image fetched from validator.swagger.io."""
    _response, page = docs
    [(_kind, text)] = [s for s in page.inline_scripts if s[0] == "application/json"]
    settings = json.loads(text)

    assert settings["url"] == f"{API}/openapi.json"
    assert "validatorUrl" in settings
    assert settings["validatorUrl"] is None


def test_the_docs_need_no_account(client, db):
    client.logout()

    assert client.get(f"{API}/docs").status_code == 200
    assert client.get(f"{API}/openapi.json").status_code == 200


@pytest.mark.browser
def test_the_docs_work_in_a_browser_with_nothing_from_elsewhere(browser_page, live_server, openapi):
    """Swagger UI renders our operations; every request stays on our host; nothing is blocked
    (a Content-Security-Policy violation shows as a console error)."""
    host = urlsplit(live_server.url).netloc
    requests: list[str] = []
    problems: list[str] = []
    page = browser_page(viewport=DESKTOP)
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{API}/docs")
    page.get_by_text("Folkmoot API").first.wait_for()
    page.locator(".opblock-summary-path", has_text=f"{API}/find").wait_for()

    operations = sum(len(item) for item in openapi["paths"].values())
    assert page.locator(".opblock").count() == operations
    assert f"{live_server.url}{API}/openapi.json" in requests
    for url in requests:
        assert urlsplit(url).scheme in {"http", "data"}, url
        if urlsplit(url).scheme == "http":
            assert urlsplit(url).netloc == host, url
    assert page.broken_resources == []
    assert problems == []
