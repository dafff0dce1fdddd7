"""Every URL name, with the record of the security test world it is tried on.

``ARGS[name](world)`` gives the URL's arguments. Elm Park's records are the ones under test, so
Oak Row's member is the stranger; council pages use the district council (the convener's), and
delegate pages Dana, Elm Park's delegate on it. The recall petition is against Rowan, Oak Row's
delegate: there Oak Row's member is the one who may sign.
"""

from collections.abc import Callable

from folkmoot.assemblies.models import Membership, Role

from .world import World

ArgsFor = Callable[[World], list]


def _membership(world: World) -> int:
    return Membership.objects.get(assembly=world.elm_park, person=world.people["member"]).pk


def _teller_role(world: World) -> int:
    return Role.objects.get(assembly=world.elm_park, kind=Role.Kind.TELLER).pk


def _none(world: World) -> list:
    return []


def _elm(world: World) -> list:
    return [world.elm_park.slug]


def _meeting(world: World) -> list:
    return [world.meeting.pk]


def _district(world: World) -> list:
    return [world.confederation.district.slug]


ARGS: dict[str, ArgsFor] = {
    # --- network, accounts, sign-in ---
    "network:home": _none,
    "network:help": _none,
    "network:help_page": lambda w: ["councils"],
    "accounts:profile": _none,
    "accounts:profile_edit": _none,
    "accounts:data_export": _none,
    "accounts:delete": _none,
    "account_login": _none,
    "account_logout": _none,
    "account_inactive": _none,
    "account_signup": _none,
    "account_reauthenticate": _none,
    "account_email": _none,
    "account_email_verification_sent": _none,
    "account_change_password": _none,
    "account_set_password": _none,
    "account_reset_password": _none,
    "account_confirm_login_code": _none,
    "account_confirm_email": lambda w: ["not-a-real-key"],
    "account_reset_password_from_key_done": _none,
    "account_reset_password_from_key": lambda w: ["1", "not-a-real-key"],
    "account_reset_password_done": _none,
    "account_request_login_code": _none,
    "set_language": _none,
    "admin:index": _none,
    # --- assemblies, membership, supporters, comments ---
    "assemblies:directory": _none,
    "assemblies:start": _none,
    "assemblies:detail": _elm,
    "assemblies:support_assembly": _elm,
    "assemblies:supporters": _elm,
    "assemblies:supporters_csv": _elm,
    "assemblies:comment_post": _elm,
    "assemblies:comment_report": lambda w: [w.comment.pk],
    "assemblies:comment_hide": lambda w: [w.comment.pk],
    "assemblies:comment_restore": lambda w: [w.comment.pk],
    "assemblies:find": _none,
    "assemblies:support": _none,
    "assemblies:support_sent": _none,
    "assemblies:support_confirm": lambda w: [w.supporter.token],
    "assemblies:support_remove": lambda w: [w.supporter.token],
    "assemblies:gatherings": _none,
    "assemblies:gatherings_csv": _none,
    "assemblies:join": _elm,
    "assemblies:leave": _elm,
    "assemblies:members": _elm,
    "assemblies:member_verify": lambda w: [w.elm_park.slug, _membership(w)],
    "assemblies:member_remove": lambda w: [w.elm_park.slug, _membership(w)],
    "assemblies:roles": _elm,
    "assemblies:role_end": lambda w: [w.elm_park.slug, _teller_role(w)],
    # --- meetings ---
    "meetings:detail": _meeting,
    "meetings:edit": _meeting,
    "meetings:agenda": _meeting,
    "meetings:agenda_item": lambda w: [w.meeting.pk, w.agenda_item.pk],
    "meetings:agenda_item_move": lambda w: [w.meeting.pk, w.agenda_item.pk],
    "meetings:agenda_item_remove": lambda w: [w.meeting.pk, w.agenda_item.pk],
    "meetings:publish": _meeting,
    "meetings:cancel": _meeting,
    "meetings:rsvp": _meeting,
    "meetings:minutes": _meeting,
    "meetings:meeting_calendar": _meeting,
    "meetings:list": _elm,
    "meetings:new": _elm,
    "meetings:assembly_calendar": _elm,
    "meetings:personal_calendar": lambda w: [w.people["member"].calendar_token],
    # --- attendance ---
    "attendance:check_in": lambda w: [w.meeting.check_in_code],
    "attendance:check_in_qr": _meeting,
    "attendance:door_sign": _meeting,
    "attendance:teller": _meeting,
    "attendance:teller_check_in": _meeting,
    "attendance:teller_walk_in": _meeting,
    "attendance:teller_tally": _meeting,
    "attendance:teller_undo_tally": _meeting,
    "attendance:attendance": _meeting,
    "attendance:count": _meeting,
    "attendance:close": _meeting,
    "attendance:add_person": _meeting,
    "attendance:add_tally": _meeting,
    "attendance:verify": lambda w: [w.attendance.pk],
    "attendance:strike_out": lambda w: [w.attendance.pk],
    "attendance:residency": lambda w: [w.attendance.pk],
    "attendance:strike_out_tally": lambda w: [w.tally.pk],
    # --- outreach, legitimacy ---
    "outreach:log": _elm,
    "outreach:new": _elm,
    "outreach:postcodes": _elm,
    "outreach:edit": lambda w: [w.elm_park.slug, w.outreach.pk],
    "outreach:delete": lambda w: [w.elm_park.slug, w.outreach.pk],
    "outreach:coverage": _meeting,
    "outreach:leaflet_a5": _meeting,
    "outreach:leaflet_a4": _meeting,
    "outreach:poster": _meeting,
    "legitimacy:assembly": _elm,
    "legitimacy:meeting_process": _meeting,
    # --- proposals, amendments, discussion (the draft is the member's) ---
    "decisions:proposal_list": _elm,
    "decisions:proposal_new": _elm,
    "decisions:proposal": lambda w: [w.proposal.pk],
    "decisions:proposal_edit": lambda w: [w.draft.pk],
    "decisions:proposal_move": lambda w: [w.proposal.pk],
    "decisions:proposal_amend": lambda w: [w.proposal.pk],
    "decisions:proposal_comment": lambda w: [w.proposal.pk],
    "decisions:proposal_agenda": lambda w: [w.proposal.pk],
    "decisions:amendment_accept": lambda w: [w.amendment.pk],
    "decisions:amendment_reject": lambda w: [w.amendment.pk],
    "decisions:amendment_withdraw": lambda w: [w.amendment.pk],
    "decisions:amendment_to_vote": lambda w: [w.amendment.pk],
    "decisions:proposal_comment_report": lambda w: [w.proposal_comment.pk],
    "decisions:proposal_comment_hide": lambda w: [w.proposal_comment.pk],
    "decisions:proposal_comment_restore": lambda w: [w.proposal_comment.pk],
    # --- votes, results, decisions ---
    "decisions:vote_list": _elm,
    "decisions:vote_new": _elm,
    "decisions:vote": lambda w: [w.open_vote.pk],
    "decisions:vote_open": lambda w: [w.open_vote.pk],
    "decisions:vote_close": lambda w: [w.open_vote.pk],
    "decisions:vote_room": lambda w: [w.open_vote.pk],
    "decisions:vote_room_blt": lambda w: [w.open_vote.pk],
    "decisions:vote_result": lambda w: [w.closed_vote.pk],
    "decisions:vote_result_csv": lambda w: [w.closed_vote.pk],
    "decisions:vote_ballots_blt": lambda w: [w.closed_vote.pk],
    "decisions:decision_log": _elm,
    "decisions:decision": lambda w: [w.elm_park.slug, w.decision.pk],
    "decisions:council_vote_list": _district,
    "decisions:council_vote_new": _district,
    "decisions:council_decision_log": _district,
    "decisions:council_decision": lambda w: [w.confederation.district.slug, w.decision.pk],
    # --- councils ---
    "councils:list": _none,
    "councils:meeting_notes": lambda w: [w.confederation.meeting.pk],
    "councils:detail": _district,
    "councils:meeting_new": _district,
    "councils:confederation": _none,
    "councils:questions": _district,
    "councils:question_new": _district,
    "councils:question": lambda w: [w.confederation.district_question.pk],
    "councils:question_refer": lambda w: [w.confederation.district_question.pk],
    "councils:question_open": lambda w: [w.confederation.district_question.pk],
    "councils:question_close": lambda w: [w.confederation.district_question.pk],
    "councils:question_vote": lambda w: [w.confederation.district_question.pk],
    # --- delegation ---
    "delegation:delegate": lambda w: [w.confederation.dana.pk],
    "delegation:assembly_delegates": _elm,
    "delegation:election_new": lambda w: [w.elm_park.slug, w.confederation.elm_seat.pk],
    "delegation:mandate_new": lambda w: [w.elm_park.slug, w.confederation.elm_seat.pk],
    "delegation:council_delegates": _district,
    "delegation:council_election_new": lambda w: [
        w.confederation.district.slug,
        w.confederation.district_seat.pk,
    ],
    "delegation:appoint": lambda w: [w.confederation.elm_seat.pk],
    "delegation:recall_open": lambda w: [w.confederation.dana.pk],
    "delegation:council_recall": lambda w: [w.confederation.cass.pk],
    "delegation:recall_sign": lambda w: [w.confederation.petition.pk],
    "delegation:report_back": lambda w: [w.confederation.dana.pk, w.confederation.meeting.pk],
    # --- the API (reads are public; casting a ballot needs a member's session) ---
    "api-1.0.0:api-root": _none,
    "api-1.0.0:openapi-json": _none,
    "api-1.0.0:openapi-view": _none,
    "api-1.0.0:list_assemblies": _none,
    "api-1.0.0:get_assembly": lambda w: [w.elm_park.pk],
    "api-1.0.0:find": _none,
    "api-1.0.0:create_supporter": _none,
    "api-1.0.0:assembly_legitimacy": lambda w: [w.elm_park.pk],
    "api-1.0.0:list_meetings": lambda w: [w.elm_park.pk],
    "api-1.0.0:get_meeting": _meeting,
    "api-1.0.0:meeting_attendance": _meeting,
    "api-1.0.0:list_proposals": lambda w: [w.elm_park.pk],
    "api-1.0.0:get_proposal": lambda w: [w.proposal.pk],
    "api-1.0.0:list_votes": lambda w: [w.elm_park.pk],
    "api-1.0.0:list_council_votes": _district,
    "api-1.0.0:get_vote": lambda w: [w.open_vote.pk],
    "api-1.0.0:get_result": lambda w: [w.closed_vote.pk],
    "api-1.0.0:cast_ballot": lambda w: [w.open_vote.pk],
    "api-1.0.0:list_councils": _none,
    "api-1.0.0:get_council": _district,
    "api-1.0.0:list_questions": _district,
    "api-1.0.0:get_question": lambda w: [w.confederation.district_question.pk],
    "api-1.0.0:question_trace": lambda w: [w.confederation.district_question.pk],
    "api-1.0.0:list_mandates": _district,
    "api-1.0.0:get_mandate": lambda w: [w.confederation.elm_mandate.pk],
    "api-1.0.0:get_delegate": lambda w: [w.confederation.dana.pk],
}

# Query strings some GETs need to show their page rather than a form error.
QUERY: dict[str, str] = {
    "api-1.0.0:find": "?postcode=TB1+1AB",
    "assemblies:find": "?postcode=TB1+1AB",
}

# POST bodies: the API takes JSON; every form is posted empty (a refusal must come before the
# form is read, so an empty form still shows who may use it).
JSON_POSTS: dict[str, dict] = {
    "api-1.0.0:cast_ballot": {"answer": "for"},
    "api-1.0.0:create_supporter": {
        "name": "Pat",
        "email": "pat.api@example.org",
        "postcode": "TB1 1AB",
        "consent": True,
    },
}

# Forms posted with a valid answer, where an empty form would be refused before anyone's right
# to use it shows: the answer must then depend on who posts it.
FORM_POSTS: dict[str, dict] = {
    "decisions:vote": {"answer": "for"},
    "assemblies:comment_post": {"body": "See you there."},
    "decisions:proposal_comment": {"body": "I agree."},
    "councils:question_vote": {"answer": "for"},
    "meetings:rsvp": {"answer": "yes"},
    "delegation:recall_open": {"reason": "Missed three meetings."},
    "delegation:report_back": {"text": "We voted for, as mandated."},
}


def _count(model_path: str, **filters) -> Callable[[World], int]:
    def count(world: World) -> int:
        from django.apps import apps

        return apps.get_model(model_path).objects.filter(**filters).count()

    return count


# Records a POST adds (or removes) when it is let through: the matrix marks such a cell with
# "*", so a redirect that did something differs from a redirect that refused.
EFFECTS: dict[str, Callable[[World], int]] = {
    "decisions:vote": _count("decisions.Participation"),
    "api-1.0.0:cast_ballot": _count("decisions.Participation"),
    "assemblies:comment_post": _count("assemblies.Comment"),
    "decisions:proposal_comment": _count("assemblies.Comment"),
    "councils:question_vote": _count("councils.SeatVote"),
    "meetings:rsvp": _count("meetings.Rsvp"),
    "delegation:recall_sign": _count("delegation.RecallSignature"),
    "delegation:recall_open": _count("delegation.RecallPetition"),
    "delegation:report_back": _count("delegation.ReportBack"),
    "assemblies:join": _count("assemblies.Membership", left_at__isnull=True),
    "assemblies:leave": _count("assemblies.Membership", left_at__isnull=True),
    "attendance:check_in": _count("attendance.Attendance"),
    "api-1.0.0:create_supporter": _count("assemblies.Supporter"),
    "decisions:amendment_accept": _count("decisions.Amendment", status="proposed"),
    "decisions:amendment_reject": _count("decisions.Amendment", status="proposed"),
    "decisions:amendment_withdraw": _count("decisions.Amendment", status="proposed"),
    "decisions:amendment_to_vote": _count("decisions.Amendment", status="proposed"),
    "assemblies:comment_hide": _count("assemblies.Comment", hidden_at__isnull=True),
    "decisions:proposal_comment_hide": _count("assemblies.Comment", hidden_at__isnull=True),
    "decisions:vote_close": _count("decisions.Vote", status="closed"),
    "meetings:publish": _count("meetings.Meeting", invitation_published_at__isnull=True),
    "outreach:delete": _count("outreach.OutreachActivity"),
    "assemblies:role_end": _count("assemblies.Role", ends_on__isnull=True),
}
