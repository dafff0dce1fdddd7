"""The proposal's Markdown is shown as sanitised HTML: nothing in it can run."""

import pytest

from folkmoot.decisions import proposals

from . import proposal_helpers as helpers

author = helpers.author


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", ["<script", "alert(1)"]),
        ('<img src="x" onerror="alert(1)">', ["onerror", "<img"]),
        ('<a href="#" onclick="alert(1)">hi</a>', ["onclick"]),
        ("[click](javascript:alert(1))", ["javascript:"]),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript:", "JaVaScRiPt"]),
        ('<svg onload="alert(1)"><circle r="5"/></svg>', ["<svg", "onload"]),
        ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', ["<svg", "javascript:"]),
        ('<iframe src="https://evil.example"></iframe>', ["<iframe"]),
        ('<p style="background:url(x)">x</p>', ["style="]),
        ("![x](data:image/svg+xml;base64,PHN2Zz4=)", ["data:", "<img"]),
    ],
)
def test_dangerous_markdown_is_neutralised(markdown, forbidden):
    html = proposals.body_html(f"Plant trees.\n\n{markdown}\n")
    assert "Plant trees." in html
    for bad in forbidden:
        assert bad.lower() not in html.lower()


def test_ordinary_markdown_still_works():
    html = proposals.body_html(
        "We **must** act:\n\n- plant\n- water\n\n[Plan](https://x.example/p)"
    )
    assert "<strong>must</strong>" in html
    assert "<li>plant</li>" in html
    assert 'href="https://x.example/p"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_proposal_page_shows_sanitised_text(client, elm_park, author, organiser):
    proposal = helpers.make_proposal(
        elm_park,
        author,
        "discussion",
        organiser,
        body='Hi <script>alert("x")</script> <svg onload=alert(1)></svg> [a](javascript:alert(2))',
    )
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "onload" not in html
    assert "javascript:alert" not in html
