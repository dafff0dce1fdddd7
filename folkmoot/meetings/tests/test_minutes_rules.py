"""Minutes: sanitised Markdown, published once, "updated" after, and who may read them."""

import pytest

from conftest import make_person
from folkmoot.meetings import services
from folkmoot.meetings.models import Minutes

pytestmark = pytest.mark.django_db

render = services.render_markdown


# --- The sanitiser: one test per way of sneaking script in ---------------------------------


def test_markdown_basics_survive():
    html = render("## Decisions\n\n- **Keep** the *library*\n- [Plan](https://example.org/plan)")
    assert "<h2>Decisions</h2>" in html
    assert "<li><strong>Keep</strong> the <em>library</em></li>" in html
    assert 'href="https://example.org/plan"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_tables_and_code_survive():
    html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n> quote")
    for tag in ("<table>", "<thead>", "<tbody>", "<tr>", "<th>", "<td>", "<pre>", "<code>"):
        assert tag in html
    assert "<blockquote>" in html


def test_script_tags_are_removed_with_their_content():
    html = render("Hello <script>alert('x')</script> there")
    assert "<script" not in html
    assert "alert" not in html


def test_event_handlers_are_stripped():
    html = render('<img src="x" onerror="alert(1)"> <p onclick="alert(2)">hi</p>')
    assert "onerror" not in html
    assert "onclick" not in html
    assert "<img" not in html


def test_javascript_links_in_markdown_are_stripped():
    html = render("[click](javascript:alert(1))")
    assert "javascript" not in html.lower()


def test_javascript_links_in_html_are_stripped_whatever_the_case():
    html = render('<a href="JaVaScRiPt:alert(1)">x</a>')
    assert "javascript" not in html.lower()


def test_entity_encoded_javascript_links_are_stripped():
    html = render('<a href="&#106;avascript:alert(1)">x</a>')
    assert "alert" not in html


def test_data_and_vbscript_links_are_stripped():
    html = render("[a](data:text/html;base64,PHNjcmlwdD4=) [b](vbscript:msgbox)")
    assert "data:" not in html
    assert "vbscript" not in html


def test_iframes_objects_and_forms_are_removed():
    html = render(
        '<iframe src="https://evil.example"></iframe><object data="x"></object>'
        '<form action="/x"><input name="a"></form>'
    )
    for tag in ("<iframe", "<object", "<form", "<input"):
        assert tag not in html


def test_style_attributes_and_tags_are_removed():
    html = render('<p style="position:fixed">hi</p><style>body{display:none}</style>')
    assert "style" not in html
    assert "display:none" not in html


def test_svg_with_onload_is_removed():
    html = render('<svg onload="alert(1)"><circle r="1"/></svg>')
    assert "<svg" not in html
    assert "onload" not in html


def test_attributes_other_than_href_are_dropped():
    html = render('<a href="https://example.org" target="_blank" class="x" id="y">x</a>')
    assert "target" not in html
    assert "class" not in html
    assert "id=" not in html


def test_html_comments_are_removed():
    html = render("a <!-- <script>alert(1)</script> --> b")
    assert "<!--" not in html
    assert "alert" not in html


# --- Publishing and updating ----------------------------------------------------------------


def test_draft_then_publish_then_update(meeting, note_taker):
    minutes = services.save_minutes(meeting, note_taker, body="Draft", members_only=False)
    assert minutes.published_at is None
    minutes = services.save_minutes(
        meeting, note_taker, body="Final", members_only=False, publish=True
    )
    assert minutes.published_at is not None
    assert not services.minutes_were_updated(minutes)
    first = minutes.published_at
    minutes = services.save_minutes(
        meeting, note_taker, body="Final, corrected", members_only=False, publish=True
    )
    assert minutes.published_at == first
    assert services.minutes_were_updated(minutes)
    assert Minutes.objects.get(meeting=meeting).body == "Final, corrected"


def test_saving_unchanged_minutes_does_not_mark_them_updated(meeting, note_taker):
    services.save_minutes(meeting, note_taker, body="Final", members_only=False, publish=True)
    minutes = services.save_minutes(
        meeting, note_taker, body="Final", members_only=False, publish=True
    )
    assert not services.minutes_were_updated(minutes)


def test_empty_minutes_are_refused(meeting, note_taker):
    with pytest.raises(services.MeetingError):
        services.save_minutes(meeting, note_taker, body="  ", members_only=False)
    assert not Minutes.objects.exists()


def test_a_cancelled_meeting_has_no_minutes(meeting, organiser):
    services.cancel_meeting(meeting, organiser, "Flood")
    with pytest.raises(services.MeetingError):
        services.save_minutes(meeting, organiser, body="x", members_only=False)


# --- Who writes and who reads ---------------------------------------------------------------


def test_who_may_write(meeting, note_taker, organiser, member, other_organiser, network_organiser):
    from django.contrib.auth.models import AnonymousUser

    assert services.can_write_minutes(note_taker, meeting)
    assert services.can_write_minutes(organiser, meeting)
    assert services.can_write_minutes(network_organiser, meeting)
    assert not services.can_write_minutes(member, meeting)
    assert not services.can_write_minutes(other_organiser, meeting)
    assert not services.can_write_minutes(AnonymousUser(), meeting)


def test_drafts_are_read_only_by_writers(meeting, note_taker, member, organiser):
    from django.contrib.auth.models import AnonymousUser

    services.save_minutes(meeting, note_taker, body="Draft", members_only=False)
    meeting.refresh_from_db()
    assert services.can_read_minutes(note_taker, meeting)
    assert services.can_read_minutes(organiser, meeting)
    assert not services.can_read_minutes(member, meeting)
    assert not services.can_read_minutes(AnonymousUser(), meeting)


def test_published_public_minutes_are_for_everyone(meeting, note_taker):
    from django.contrib.auth.models import AnonymousUser

    services.save_minutes(meeting, note_taker, body="x", members_only=False, publish=True)
    meeting.refresh_from_db()
    assert services.can_read_minutes(AnonymousUser(), meeting)
    assert services.can_read_minutes(make_person("anyone@example.org"), meeting)


def test_members_only_minutes(meeting, note_taker, member, other_organiser, network_organiser):
    from django.contrib.auth.models import AnonymousUser

    services.save_minutes(meeting, note_taker, body="x", members_only=True, publish=True)
    meeting.refresh_from_db()
    assert services.can_read_minutes(member, meeting)
    assert services.can_read_minutes(network_organiser, meeting)
    assert not services.can_read_minutes(other_organiser, meeting)
    assert not services.can_read_minutes(make_person("anyone@example.org"), meeting)
    assert not services.can_read_minutes(AnonymousUser(), meeting)
