"""The issue's "done" sentence, end to end, through the real pages.

"A new organiser can set up an assembly, invite, check 150 people in at the door and see the
assembly become legitimate, with evidence, without reading any documentation."

One long story, told with Django's test client: every step starts from a page a person would be
on, follows the link they would click and fills in the form that page shows (field names and
choices are read from the page, not guessed). Services are only used to check results.
The clock moves with time-machine: three meetings, about a month apart.

All 150 check-ins at each of the three meetings go through teller mode over HTTP (450 in all):
the teller adds each walk-in with "Add someone new" and, seeing a letter with their address, ticks
that in the same form; every tenth person is verified afterwards with the "Verify residency" form
next to their name. The whole test runs in about 30 seconds on SQLite.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from conftest import make_person
from folkmoot.assemblies.models import Assembly, Membership, Role
from folkmoot.attendance import services as attendance_services
from folkmoot.legitimacy import services as legitimacy_services
from folkmoot.meetings.models import Meeting
from folkmoot.outreach.models import OutreachActivity

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Ten full postcodes in Ash Fields (sector TB1 4). Leaflets reach nine of them: 90%.
UNITS = [f"TB1 4A{letter}" for letter in "ABDEFGHJLN"]
LEAFLETED = UNITS[:9]
PEOPLE_AT_THE_DOOR = 150


# --- Reading pages like a person does ---------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # what the browser would send as is
    choices: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> {label: value}
    buttons: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, text)

    def choice(self, name: str, label: str) -> str:
        """The value of the option (or radio button) whose visible label is ``label``."""
        options = self.choices[name]
        assert label in options, f"{label!r} is not one of {sorted(options)} for {name}"
        return options[label]

    def button_text(self) -> str:
        return " ".join(text for _name, _value, text in self.buttons)


BLOCKS = {"p", "li", "div", "section", "td", "th", "tr", "dt", "dd", "br", "ul", "ol", "table"}
BLOCKS |= {"h1", "h2", "h3", "option", "label", "button", "form", "fieldset", "legend"}


class _Reader(HTMLParser):
    """Links, forms and the visible text of a page. Enough of a browser for these pages."""

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[tuple[str, str]] = []
        self.forms: list[Form] = []
        self.text_parts: list[str] = []
        self._link: list | None = None
        self._form: Form | None = None
        self._select: str | None = None
        self._option: list | None = None
        self._textarea: str | None = None
        self._button: list | None = None
        self._labels: dict[str, str] = {}  # id -> label text (for radio buttons)
        self._label: list | None = None
        self._radios: list[tuple[Form, str, str, str]] = []  # (form, name, value, id)

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.text_parts.append(" ")
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and "href" in a:
            self._link = [urljoin(self.url, a["href"]), ""]
        elif tag == "form":
            self._form = Form(
                action=urljoin(self.url, a.get("action") or self.url),
                method=a.get("method", "get").lower(),
            )
            self.forms.append(self._form)
        elif self._form is None:
            pass
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "radio":
                self._form.choices.setdefault(a["name"], {})
                self._radios.append((self._form, a["name"], a.get("value", ""), a.get("id", "")))
                if "checked" in a:
                    self._form.fields[a["name"]] = a.get("value", "")
            elif kind == "checkbox":
                if "checked" in a:
                    self._form.fields[a["name"]] = a.get("value", "on")
            elif kind in ("submit", "button"):
                self._form.buttons.append((a["name"], a.get("value", ""), a.get("value", "")))
            else:
                self._form.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
            self._form.choices[self._select] = {}
            self._form.fields.setdefault(self._select, "")
        elif tag == "option" and self._select:
            self._option = [a.get("value", ""), "", "selected" in a]
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._form.fields[self._textarea] = ""
        elif tag == "button":
            self._button = [a.get("name", ""), a.get("value", ""), ""]
        if tag == "label":
            self._label = [a.get("for", ""), ""]

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.text_parts.append(" ")
        if tag == "a" and self._link:
            self.links.append((" ".join(self._link[1].split()), self._link[0]))
            self._link = None
        elif tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._option and self._form is not None:
            value, label, selected = self._option
            options = self._form.choices[self._select]
            options[" ".join(label.split())] = value
            if selected or len(options) == 1:
                self._form.fields[self._select] = value
            self._option = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "button" and self._button and self._form is not None:
            name, value, text = self._button
            self._form.buttons.append((name, value, " ".join(text.split())))
            self._button = None
        elif tag == "label" and self._label:
            self._labels[self._label[0]] = " ".join(self._label[1].split())
            self._label = None

    def handle_data(self, data):
        self.text_parts.append(data)
        for part in (self._link, self._option, self._label):
            if part is not None:
                part[1] += data
        if self._button is not None:
            self._button[2] += data
        if self._textarea and self._form is not None:
            self._form.fields[self._textarea] += data

    def close(self):
        super().close()
        for form, name, value, id_ in self._radios:
            form.choices[name][self._labels.get(id_, value)] = value


@dataclass
class Page:
    url: str
    status: int
    html: str
    links: list[tuple[str, str]]
    forms: list[Form]
    text: str

    def link(self, words: str) -> str:
        """The address of the first link whose text contains ``words``."""
        for text, href in self.links:
            if words in text:
                return href
        raise AssertionError(f"No link with {words!r} on {self.url}. Links: {self.links}")

    def form(self, button: str) -> Form:
        """The form whose button says ``button``."""
        for form in self.forms:
            if button in form.button_text():
                return form
        raise AssertionError(
            f"No form with a {button!r} button on {self.url}: "
            f"{[f.button_text() for f in self.forms]}"
        )

    def says(self, *phrases: str) -> None:
        for phrase in phrases:
            assert phrase in self.text, f"{phrase!r} is not on {self.url}:\n{self.text[:3000]}"


def read(response) -> Page:
    url = response.request["PATH_INFO"]
    if response.request.get("QUERY_STRING"):
        url += "?" + response.request["QUERY_STRING"]
    body = response.content.decode()
    reader = _Reader("http://testserver" + url)
    reader.feed(body)
    reader.close()
    text = " ".join("".join(reader.text_parts).split())
    return Page(url, response.status_code, body, reader.links, reader.forms, text)


class Browser:
    """One person at a time in front of the site."""

    def __init__(self, client):
        self.client = client

    def sign_in(self, person) -> None:
        # Sessions last two weeks and the clock jumps further, so people sign in again.
        self.client.force_login(person)

    def open(self, url: str) -> Page:
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return read(response)

    def search(self, form: Form, **typed) -> Page:
        """Send a GET form (a search box)."""
        assert form.method == "get", form
        data = {**form.fields, **typed}
        return read(self.client.get(form.action, data, follow=True))

    def submit(self, form: Form, button: str | None = None, *, follow=True, **typed) -> Page:
        """Send a form with what the page filled in, what the person typed, and the button."""
        data = dict(form.fields)
        data.update({name: str(value) for name, value in typed.items()})
        if button is not None:
            for name, value, text in form.buttons:
                if button in text and name:
                    data[name] = value
        assert form.method == "post", form
        response = self.client.post(form.action, data, follow=follow)
        if not follow:
            assert response.status_code == 302, (form.action, response.status_code)
            return None
        assert response.status_code == 200, (form.action, response.status_code)
        return read(response)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), LONDON)


def person_living_in_ash_fields(email: str, name: str, unit: str):
    person = make_person(email, name)
    person.postcode = unit
    person.save(update_fields=["postcode"])
    return person


# --- The journey ------------------------------------------------------------------------------


def test_a_new_organiser_makes_an_assembly_legitimate(client, city, network, network_organiser):
    browser = Browser(client)
    first_day = datetime.date(2026, 3, 2)  # a Monday
    with time_machine.travel(at(first_day, 10), tick=True) as clock:
        # 1. A network organiser starts the Ash Fields assembly and names Ada its organiser.
        ada = person_living_in_ash_fields("ada@example.org", "Ada", UNITS[0])
        browser.sign_in(network_organiser)
        directory = browser.open(reverse("assemblies:directory"))
        start = browser.open(directory.link("Start an assembly"))
        assert start.url == reverse("assemblies:start")
        form = start.form("Start the assembly")
        page = browser.submit(
            form,
            name="Ash Fields Assembly",
            area=form.choice("area", "Ash Fields (neighbourhood with no assembly yet)"),
            organiser_email="ada@example.org",
        )
        page.says("Ash Fields Assembly is started.", "Next: list the area's postcodes")
        [welcome] = mail.outbox
        assert welcome.to == ["ada@example.org"]  # the first organiser hears what to do next
        mail.outbox.clear()
        assembly = Assembly.objects.get(name="Ash Fields Assembly")
        assembly_url = assembly.get_absolute_url()
        assert page.url == assembly_url

        # 2. Ada finds her new assembly on her account page and lists the area's ten postcodes,
        # so coverage can be worked out.
        browser.sign_in(ada)
        account = browser.open(reverse("accounts:profile"))
        home = browser.open(account.link("Ash Fields Assembly"))
        assert home.url == assembly_url
        home.says("For organisers")
        postcodes = browser.open(home.link("The area's postcodes"))
        assert postcodes.url == reverse("outreach:postcodes", args=[assembly.slug])
        postcodes.says("Every postcode must start with one of: TB1 4.")
        page = browser.submit(postcodes.form("Save the list"), lines="\n".join(UNITS))
        page.says("Saved. Ash Fields now has 10 postcodes")

        # 3. Neighbours join, and Ada gives them jobs.
        fay = person_living_in_ash_fields("fay@example.org", "Fay", UNITS[1])
        nell = person_living_in_ash_fields("nell@example.org", "Nell", UNITS[2])
        tom = person_living_in_ash_fields("tom@example.org", "Tom", UNITS[3])
        mia = person_living_in_ash_fields("mia@example.org", "Mia", UNITS[4])
        for neighbour in (fay, nell, tom, mia):
            browser.sign_in(neighbour)
            front = browser.open(reverse("network:home"))
            found = browser.search(front.form("Find"), postcode=neighbour.postcode)
            join = browser.open(browser.open(found.link("Ash Fields Assembly")).link("Join"))
            join.says("Your postcode is in Ash Fields, so you join as a member who lives here.")
            page = browser.submit(join.form("Join Ash Fields Assembly"))
            page.says("Welcome to Ash Fields Assembly. You are a member who lives here.")
        members = {m.person.email for m in Membership.objects.filter(assembly=assembly)}
        assert members == {p.email for p in (ada, fay, nell, tom, mia)}

        browser.sign_in(ada)
        for neighbour, role in ((fay, "Facilitator"), (nell, "Note-taker"), (tom, "Teller")):
            roles = browser.open(browser.open(assembly_url).link("Roles:"))
            form = roles.form("Give the role")
            page = browser.submit(
                form,
                membership=form.choice("membership", neighbour.display_name),
                kind=form.choice("kind", role),
            )
            page.says(f"{neighbour.display_name} is now a {role.lower()} of Ash Fields Assembly.")
        assert set(
            Role.objects.filter(assembly=assembly).values_list("person__display_name", "kind")
        ) == {
            ("Ada", "organiser"),
            ("Fay", "facilitator"),
            ("Nell", "note_taker"),
            ("Tom", "teller"),
        }

        # 4. Three meetings, four weeks apart, each planned three weeks ahead.
        for number in (1, 2, 3):
            plan_day = first_day + datetime.timedelta(weeks=4 * (number - 1))
            meeting_day = plan_day + datetime.timedelta(weeks=3)
            clock.move_to(at(plan_day, 10))
            meeting = plan_and_invite(browser, ada, assembly_url, meeting_day, fay, nell, number)
            meeting_url = meeting.get_absolute_url()

            # The invitation went to every member, once each.
            sent = [message.to[0] for message in mail.outbox[-5:]]
            assert len(mail.outbox) == 5 * number
            assert sorted(sent) == sorted(members)
            link = "http://testserver" + meeting_url
            assert all(link in message.body for message in mail.outbox[-5:])

            # A week before, Mia records the leaflets she put through doors.
            clock.move_to(at(meeting_day - datetime.timedelta(days=7), 16))
            record_leaflets(browser, mia, meeting_url)

            # The evening itself: the door opens at a quarter to seven.
            clock.move_to(at(meeting_day, 18, 45))
            check_in_at_the_door(browser, tom, meeting_url)
            counts = attendance_services.counts(meeting)
            assert counts.verified_residents == PEOPLE_AT_THE_DOOR
            assert counts.people_in_all == PEOPLE_AT_THE_DOOR

            # After the meeting, Fay says which steps of the process were followed.
            clock.move_to(at(meeting_day, 21, 15))
            record_the_process(browser, fay, meeting_url)

            # Two days later Nell publishes the minutes and Ada closes attendance.
            clock.move_to(at(meeting_day + datetime.timedelta(days=2), 10))
            publish_minutes(browser, nell, meeting_url, number)
            close_attendance(browser, ada, meeting_url)

            # 5. What the legitimacy page says now.
            browser.sign_in(ada)
            legitimacy = browser.open(browser.open(assembly_url).link("See the evidence"))
            assert legitimacy.url == reverse("legitimacy:assembly", args=[assembly.slug])
            legitimacy.says(
                "150 checked local residents",
                "90% of postcodes reached (9 of 10)",
                "invitation published 21 days before",
                "5 of 5 steps followed",
            )
            if number < 3:
                legitimacy.says("Legitimacy: ○ Not yet", "What is missing")
                legitimacy.says("Hold 2 more meetings." if number == 1 else "Hold 1 more meeting.")
                assert "Legitimacy: ✓ Legitimate" not in legitimacy.text

        legitimacy.says("Legitimacy: ✓ Legitimate")
        assert "What is missing" not in legitimacy.text
        assert legitimacy.text.count("150 checked local residents") == 3
        assert legitimacy.text.count("invitation published 21 days before") == 3

        # Anyone can see it on the assembly's own page, with the way to the evidence.
        client.logout()
        public = browser.open(assembly_url)
        public.says("Legitimacy ✓ Legitimate", "✓ Met — Everyone in the area was invited")
        assert public.link("See the evidence") == "http://testserver" + legitimacy.url
        assessment, _history = legitimacy_services.assess_assembly(assembly)
        assert assessment.is_legitimate
        assert Meeting.objects.filter(assembly=assembly).count() == 3
        assert OutreachActivity.objects.filter(assembly=assembly).count() == 3


# --- The steps of each meeting -----------------------------------------------------------------


def plan_and_invite(browser, ada, assembly_url, day, fay, nell, number) -> Meeting:
    """Ada plans the meeting, adds the agenda, names who chairs and who takes notes, and
    sends the invitation."""
    browser.sign_in(ada)
    new = browser.open(browser.open(assembly_url).link("Plan a meeting"))
    form = new.form("Plan")
    page = browser.submit(
        form,
        date=day.isoformat(),
        start_time="19:00",
        end_time="21:00",
        venue="Ash Fields Community Centre",
        address="2 Orchard Way, TB1 4AB",
        step_free="on",
        facilitator=form.choice("facilitator", fay.display_name),
        note_taker=form.choice("note_taker", nell.display_name),
    )
    page.says("The meeting is planned. Next, add the agenda, then send the invitation")
    meeting = Meeting.objects.get(assembly__name="Ash Fields Assembly", starts_at=at(day, 19))
    assert page.url == reverse("meetings:agenda", args=[meeting.pk])

    page = browser.submit(page.form("Add to the agenda"), title=f"Safer crossings ({number})")
    page.says("Added to the agenda.")
    publish = browser.open(page.link("Send the invitation"))
    publish.says("One email each goes to 5 people")
    assert "will not count" not in publish.text  # three weeks is notice enough
    page = browser.submit(publish.form("Send the invitation"))
    page.says("The invitation is on its way to every member and supporter.")
    meeting.refresh_from_db()
    assert meeting.invitation_published_at is not None
    return meeting


def record_leaflets(browser, mia, meeting_url) -> None:
    browser.sign_in(mia)
    meeting_page = browser.open(meeting_url)
    record = browser.open(meeting_page.link("Record which postcodes got leaflets"))
    form = record.form("Record it")
    assert form.fields["kind"] == "leaflets"
    assert form.fields["meeting"]  # the meeting she came from is chosen already
    page = browser.submit(
        form,
        postcodes="\n".join(LEAFLETED),
        people_reached=420,
        done_by="Mia and the school run parents",
    )
    page.says("Thank you. Your outreach is recorded and counts towards the next meeting.")


def check_in_at_the_door(browser, tom, meeting_url) -> None:
    """Tom, the teller, adds each walk-in with "Add someone new". Most show him a letter with
    their address as they come in, so he ticks that in the same form. Every tenth person finds
    their letter later: Tom checks it with "Verify residency" next to their name."""
    browser.sign_in(tom)
    teller = browser.open(browser.open(meeting_url).link("Check people in"))
    teller.says("At the door", "Nobody is checked in yet.")
    for n in range(1, PEOPLE_AT_THE_DOOR + 1):
        name = f"Neighbour {n}"
        form = teller.form("Check them in")
        letter = form.choice("method", "A letter or bill with their address")
        shows_proof_later = n % 10 == 1
        page = browser.submit(
            form,
            name=name,
            postcode=UNITS[n % len(UNITS)],
            method="" if shows_proof_later else letter,
        )
        if shows_proof_later:
            page.says(
                f"{name} is checked in. They count as a local resident (they say so).",
                "use “Verify residency” next to their name below",
            )
            verify = page.form(f"Verify {name}")
            page = browser.submit(verify, method=verify.choice("method", "ID with their address"))
            page.says(f"{name} now counts as a local resident (checked).")
        else:
            page.says(f"{name} is checked in. They count as a local resident (checked).")
        teller = page
    teller.says("150 local residents", "(150 checked, 0 say so)")


def record_the_process(browser, fay, meeting_url) -> None:
    browser.sign_in(fay)
    process = browser.open(browser.open(meeting_url).link("Did we follow the process?"))
    form = process.form("Save")
    answers = {name: form.choice(name, "Yes, we did this") for name in form.choices}
    assert len(answers) == 2  # small groups, proposals read back
    page = browser.submit(form, **answers)
    page.says("Saved. 2 answers changed.")


def publish_minutes(browser, nell, meeting_url, number) -> None:
    browser.sign_in(nell)
    minutes = browser.open(browser.open(meeting_url).link("Write the minutes"))
    page = browser.submit(
        minutes.form("Publish the minutes"),
        "Publish the minutes",
        body=f"## Meeting {number}\n\n150 neighbours came. We agreed to ask for safer crossings.",
    )
    page.says("The minutes are published on the meeting page.", "150 neighbours came.")


def close_attendance(browser, ada, meeting_url) -> None:
    browser.sign_in(ada)
    who_came = browser.open(browser.open(meeting_url).link("Who came"))
    close = browser.open(who_came.link("Close attendance"))
    page = browser.submit(close.form("Close attendance now"))
    page.says("Attendance is closed.")
    assert re.search(r"Attendance closed on", page.text)
