"""Printable leaflets and posters for a meeting, drawn as PDF with reportlab.

Three layouts share the same content:

- ``leaflet_a5``: a two-sided A5 leaflet, 2 pages (print page 1, put the paper back in the
  printer, print page 2).
- ``leaflet_a4``: the same two sides two-up on A4 landscape, 2 pages: each A4 page holds two
  copies of one side, with a dashed line to cut along. Both copies on a sheet are the same,
  so it does not matter which way the printer flips the paper.
- ``poster_a4``: one A4 page for a noticeboard or a window.

Everything is black on white so it photocopies well; the QR code is drawn as vector squares
and the meeting's address is written out under it for people without a camera phone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

import segno
from django.utils.translation import gettext as _
from reportlab.lib.colors import black, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, Paragraph, Spacer

from folkmoot.meetings.models import Meeting

from . import services

FONT = "Helvetica"
BOLD = "Helvetica-Bold"


@dataclass
class LeafletContent:
    network: str
    assembly: str
    area: str
    title: str
    cancelled: bool
    when: str
    venue: str
    address: str
    online_link: str
    agenda: list[tuple[str, str]]
    access: list[str]
    how_to_join: str
    url: str


def content_for(meeting: Meeting) -> LeafletContent:
    from folkmoot.network.models import Network

    assembly = meeting.assembly
    access = []
    if meeting.step_free:
        access.append(_("Step-free access."))
    if meeting.hearing_loop:
        access.append(_("Hearing loop."))
    if meeting.childcare:
        access.append(_("Childcare: bring your children, we will look after them."))
    if meeting.interpretation:
        access.append(_("Interpretation: %(languages)s.") % {"languages": meeting.interpretation})
    if meeting.accessibility_notes:
        access.append(meeting.accessibility_notes)
    return LeafletContent(
        network=Network.current().name,
        assembly=assembly.name,
        area=assembly.area.name,
        title=meeting.title,
        cancelled=meeting.is_cancelled,
        when=services.when_text(meeting.starts_at, meeting.ends_at),
        venue=meeting.venue,
        address=meeting.address,
        online_link=meeting.online_link,
        agenda=[(item.title, item.details) for item in meeting.agenda.all()],
        access=access,
        how_to_join=assembly.how_to_join
        or _(
            "Just come along. Everyone who lives in %(area)s is welcome, and you do not "
            "need to sign up first."
        )
        % {"area": assembly.area.name},
        url=services.meeting_url(meeting),
    )


# --- Building blocks --------------------------------------------------------------------------


class QRCode(Flowable):
    """A QR code drawn as black squares on white, with its quiet zone."""

    def __init__(self, data: str, size: float):
        super().__init__()
        self.qr = segno.make(data, error="m", micro=False)
        self.size = size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        rows = [list(row) for row in self.qr.matrix_iter(scale=1, border=4)]
        module = self.size / len(rows)
        canvas = self.canv
        canvas.setFillColor(white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(black)
        for r, row in enumerate(rows):
            y = self.size - (r + 1) * module
            for c, dark in enumerate(row):
                if dark:
                    # A hair wider than the module so no white seams show between squares.
                    canvas.rect(c * module, y, module * 1.02, module * 1.02, stroke=0, fill=1)


def _styles(scale: float) -> dict[str, ParagraphStyle]:
    def style(name, size, font=FONT, space=0.4, **kw):
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size * scale,
            leading=size * scale * 1.25,
            spaceAfter=size * scale * space,
            textColor=black,
            **kw,
        )

    return {
        "kicker": style("kicker", 10, BOLD),
        "name": style("name", 24, BOLD, space=0.3),
        "big": style("big", 18, BOLD, space=0.2),
        "heading": style("heading", 13, BOLD, space=0.3),
        "body": style("body", 10.5),
        "item": style(
            "item", 10.5, leftIndent=14 * scale, bulletIndent=0, bulletFontSize=10.5 * scale
        ),
        "small": style("small", 8.5, alignment=TA_CENTER),
        "url": style("url", 9, BOLD, alignment=TA_CENTER),
        "centre": style("centre", 9, alignment=TA_CENTER),
        "cancelled": style(
            "cancelled",
            18,
            BOLD,
            alignment=TA_CENTER,
            borderWidth=2,
            borderColor=black,
            borderPadding=4 * scale,
            space=1,
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _what_it_is(content: LeafletContent) -> str:
    return _(
        "A People's Assembly is a meeting where the people who live in %(area)s decide "
        "together what to do about the things that matter here. Everyone is welcome."
    ) % {"area": content.area}


def _when_where(content: LeafletContent, s) -> list[Flowable]:
    flow: list[Flowable] = []
    if content.cancelled:
        flow.append(_p(_("This meeting is cancelled"), s["cancelled"]))
    flow += [_p(_("When"), s["heading"]), _p(content.when, s["big"]), Spacer(1, 4)]
    flow += [_p(_("Where"), s["heading"]), _p(content.venue, s["big"])]
    if content.address:
        flow.append(_p(content.address, s["body"]))
    if content.online_link:
        flow.append(_p(_("Or join online: %(link)s") % {"link": content.online_link}, s["body"]))
    return flow


def _agenda(content: LeafletContent, s, details: bool = True) -> list[Flowable]:
    flow: list[Flowable] = [_p(_("What we will talk about"), s["heading"])]
    if not content.agenda:
        flow.append(_p(_("The agenda is on our website. Bring what matters to you."), s["body"]))
    for number, (title, text) in enumerate(content.agenda, start=1):
        flow.append(
            Paragraph(
                f"<b>{escape(title)}</b>" + (f" \u2013 {escape(text)}" if details and text else ""),
                s["item"],
                bulletText=f"{number}.",
            )
        )
    return flow


def _access(content: LeafletContent, s) -> list[Flowable]:
    flow: list[Flowable] = [_p(_("Taking part"), s["heading"])]
    for line in content.access:
        flow.append(Paragraph(escape(line), s["item"], bulletText="•"))
    flow.append(
        _p(
            _("Tell us if you need anything else to take part, and we will try to arrange it."),
            s["body"],
        )
    )
    return flow


def _join(content: LeafletContent, s) -> list[Flowable]:
    return [_p(_("How to join"), s["heading"]), _p(content.how_to_join, s["body"])]


def _qr_block(content: LeafletContent, s, size: float) -> list[Flowable]:
    qr = QRCode(content.url, size)
    qr.hAlign = "CENTER"
    return [
        qr,
        _p(_("Scan the code or visit:"), s["centre"]),
        _p(content.url, s["url"]),
    ]


def _fill(canvas: Canvas, x: float, y: float, width: float, height: float, flow) -> None:
    """Draw flowables into a box, shrinking them if they would not fit."""
    frame = Frame(
        x,
        y,
        width,
        height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        showBoundary=0,
    )
    frame.addFromList([KeepInFrame(width, height, flow, mode="shrink")], canvas)


# --- The sides of an A5 leaflet and the poster ------------------------------------------------


def _front(canvas: Canvas, content: LeafletContent, width: float, height: float) -> None:
    s = _styles(1.15)  # the front has room: bigger type reads from the doormat
    margin = 12 * mm
    qr_size = 40 * mm
    bottom = margin + qr_size + 14 * mm
    flow = [
        _p(_("People's Assembly").upper(), s["kicker"]),
        _p(content.assembly, s["name"]),
        _p(_what_it_is(content), s["body"]),
        Spacer(1, 6),
        *_when_where(content, s),
    ]
    _fill(canvas, margin, bottom, width - 2 * margin, height - margin - bottom, flow)
    tail = [
        *_qr_block(content, s, qr_size),
        _p(_("Please turn over: what we will talk about, and how to join."), s["centre"]),
    ]
    _fill(canvas, margin, margin - 4 * mm, width - 2 * margin, qr_size + 18 * mm, tail)


def _back(canvas: Canvas, content: LeafletContent, width: float, height: float) -> None:
    s = _styles(1)
    margin = 12 * mm
    footer = 20 * mm
    flow = [
        *_agenda(content, s),
        Spacer(1, 6),
        *_access(content, s),
        Spacer(1, 6),
        *_join(content, s),
    ]
    _fill(canvas, margin, margin + footer, width - 2 * margin, height - 2 * margin - footer, flow)
    tail = [
        _p(f"{content.assembly} · {content.when} · {content.venue}", s["centre"]),
        _p(content.url, s["url"]),
        _p(content.network, s["small"]),
    ]
    _fill(canvas, margin, margin - 2 * mm, width - 2 * margin, footer, tail)


def _poster(canvas: Canvas, content: LeafletContent, width: float, height: float) -> None:
    s = _styles(1.8)
    margin = 15 * mm
    qr_size = 50 * mm
    bottom = margin + qr_size + 16 * mm
    flow = [
        _p(_("People's Assembly").upper(), s["kicker"]),
        _p(content.assembly, s["name"]),
        _p(_what_it_is(content), s["body"]),
        Spacer(1, 8),
        *_when_where(content, s),
        Spacer(1, 8),
        *_agenda(content, s, details=False),
        Spacer(1, 4),
        *(_access(content, s) if content.access else []),
        *_join(content, s),
    ]
    _fill(canvas, margin, bottom, width - 2 * margin, height - margin - bottom, flow)
    _fill(
        canvas,
        margin,
        margin - 4 * mm,
        width - 2 * margin,
        qr_size + 20 * mm,
        _qr_block(content, s, qr_size),
    )


def _cut_line(canvas: Canvas, x: float, height: float) -> None:
    canvas.saveState()
    canvas.setDash(4, 4)
    canvas.setLineWidth(0.5)
    canvas.line(x, 0, x, height)
    canvas.restoreState()


def _canvas(buffer: io.BytesIO, pagesize, content: LeafletContent, what: str) -> Canvas:
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=1)
    canvas.setTitle(f"{content.assembly}: {content.title} - {what}")
    canvas.setAuthor(content.network)
    canvas.setSubject(content.url)
    return canvas


# --- The three outputs ------------------------------------------------------------------------


def leaflet_a5(meeting: Meeting) -> bytes:
    content = content_for(meeting)
    buffer = io.BytesIO()
    width, height = A5
    canvas = _canvas(buffer, A5, content, _("A5 leaflet"))
    _front(canvas, content, width, height)
    canvas.showPage()
    _back(canvas, content, width, height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def leaflet_a4(meeting: Meeting) -> bytes:
    content = content_for(meeting)
    buffer = io.BytesIO()
    page_width, page_height = landscape(A4)
    side_width = page_width / 2
    canvas = _canvas(buffer, landscape(A4), content, _("A5 leaflets, two to an A4 sheet"))
    for draw in (_front, _back):
        for left in (0, side_width):
            canvas.saveState()
            canvas.translate(left, 0)
            draw(canvas, content, side_width, page_height)
            canvas.restoreState()
        _cut_line(canvas, side_width, page_height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def poster_a4(meeting: Meeting) -> bytes:
    content = content_for(meeting)
    buffer = io.BytesIO()
    width, height = A4
    canvas = _canvas(buffer, A4, content, _("poster"))
    _poster(canvas, content, width, height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
