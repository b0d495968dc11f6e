"""Words the back-office pages show for codes (English msgids, translated when shown)."""

from portal.i18n import N_

STATUS_LABELS = {
    "received": N_("Application received"),
    "in_progress": N_("Being handled"),
    "info_needed": N_("More information needed"),
    "decided": N_("Decision"),
    "ended": N_("Entitlement ended"),
}
EVENT_LABELS = {
    "submitted": N_("Application submitted"),
    "assigned": N_("Assigned"),
    "status": N_("Status changed"),
    "info_requested": N_("Information requested"),
    "info_answered": N_("Citizen answered"),
    "message": N_("Message"),
    "note": N_("Internal note"),
    "extended": N_("Term extended"),
    "decision_proposed": N_("Decision proposed"),
    "decision_approved": N_("Proposal approved"),
    "decision_sent_back": N_("Proposal sent back"),
    "decision": N_("Decision sent"),
    "ended": N_("Entitlement ended"),
    "objection": N_("Objection lodged"),
    "hearing_planned": N_("Hearing planned"),
    "hearing_waived": N_("Hearing left out"),
}
OUTCOME_LABELS = {
    "granted": N_("Granted"),
    "refused": N_("Refused"),
    "not_handled": N_("Not handled (buiten behandeling)"),
    # The decision on an objection (Awb 7:11).
    "well_founded": N_("Well-founded (gegrond)"),
    "unfounded": N_("Unfounded (ongegrond)"),
    "inadmissible": N_("Inadmissible (niet-ontvankelijk)"),
}
# The grounds of Awb 7:3 for leaving out the hearing, as the caseworker picks one.
WAIVER_LABELS = {
    "manifestly_inadmissible": N_("a. The objection is manifestly inadmissible"),
    "manifestly_unfounded": N_("b. The objection is manifestly unfounded"),
    "declined": N_("c. The objector does not want to be heard"),
    "no_reply": N_("d. The objector did not say in time that they want to be heard"),
    "fully_met": N_("e. The objection is met in full, nobody else is harmed"),
}
ADVICE_LABELS = {
    "likely": N_("Likely entitled"),
    "unlikely": N_("Likely not entitled"),
    "unknown": N_("Cannot tell from the answers"),
}
AUDIT_ACTION_LABELS = {
    "case.viewed": N_("Viewed the case file"),
    "case.advice_answered": N_("Answered a question for the rules' advice"),
    "document.viewed": N_("Viewed a document"),
    "case.assigned": N_("Assigned the case"),
    "case.handling_started": N_("Started handling"),
    "case.information_requested": N_("Asked for information"),
    "case.message_sent": N_("Sent a message"),
    "case.note_added": N_("Added an internal note"),
    "case.term_extended": N_("Extended the term"),
    "case.decision_proposed": N_("Proposed a decision"),
    "case.decision_approved": N_("Approved a decision"),
    "case.decision_sent_back": N_("Sent a proposal back"),
    "case.hearing_planned": N_("Planned a hearing"),
    "case.hearing_waived": N_("Left out the hearing"),
    "settings.changed": N_("Changed the settings"),
    # portal.appointments (agenda.py, routes_backoffice.py)
    "appointment.attended": N_("Marked an appointment as attended"),
    "appointment.no_show": N_("Marked an appointment as not attended"),
    "appointments.agenda_changed": N_("Changed the opening hours or counters"),
    "appointments.day_viewed": N_("Viewed the appointments of a day"),
    # portal.werk (service.py, routes_backoffice.py)
    "werk.client_viewed": N_("Viewed a client record"),
    "werk.caseload_viewed": N_("Viewed a caseload"),
    "werk.clients_searched": N_("Searched for clients"),
    "werk.contact_added": N_("Added a contact moment"),
    "werk.plan_changed": N_("Changed a plan of approach"),
    "werk.action_added": N_("Added an action to a plan"),
    "werk.plan_offered": N_("Offered a plan version to agree"),
    "werk.plan_agreed": N_("Agreed to a plan"),
    "werk.action_done": N_("Reported an action done"),
    "werk.application_reported": N_("Reported a job application"),
    "werk.client_assigned": N_("Assigned a client to a work coach"),
    "werk.exemption_granted": N_("Granted an exemption from the work obligations"),
    # portal.benefits (routes_backoffice.py)
    "benefit.declaration_viewed": N_("Viewed an income declaration"),
    "benefit.declaration_approved": N_("Approved an income declaration"),
    "benefit.payment_run": N_("Ran the benefit payments of a month"),
    "benefit.change_confirmed": N_("Confirmed a change of a benefit"),
}
SETTING_LABELS = {
    "branding": N_("Wordmark and colours"),
    "notice": N_("Notice banner"),
    "reasons": N_("Reasons for refusal"),
    "answer-by": N_("Answer-by default"),
}


def queue_options(tenant, schemes, statuses, counts, *, senior: bool = False) -> dict[str, list[tuple[str, str]]]:
    """The filter choices with their counts, e.g. ("overdue", "Overdue (3)")."""
    from portal.i18n import gettext as _
    from portal.i18n.vocabulary import scheme_name

    def label(text: str, n: int) -> str:
        return f"{text} ({n})"

    return {
        "scheme": [("", label(_("All schemes"), sum(counts["scheme"].values())))]
        + [(s, label(scheme_name(tenant, s), counts["scheme"].get(s, 0))) for s in schemes],
        # Open or closed is its own filter ("state"), so "all" here is every status of those.
        "status": [("", label(_("All statuses"), sum(v for k, v in counts["status"].items())))]
        + [(s, label(_(STATUS_LABELS[s]), counts["status"].get(s, 0))) for s in statuses],
        "assignee": [("", label(_("Anyone"), counts["assignee"]["anyone"])), ("me", label(_("Me"), counts["assignee"]["me"])),
                     ("nobody", label(_("Nobody"), counts["assignee"]["nobody"]))],
        "deadline": [("", label(_("Any deadline"), counts["deadline"][""])),
                     ("overdue", label(_("Overdue"), counts["deadline"]["overdue"])),
                     ("week", label(_("Due within 7 days"), counts["deadline"]["week"]))],
        "state": [("", _("Open cases")), ("closed", _("Closed cases")), ("all", _("Open and closed cases"))],
        # Only a senior approves, so only a senior is offered "my approval".
        "approval": [("", label(_("Any"), counts["approval"][""])),
                     ("waiting", label(_("Waiting for approval"), counts["approval"]["waiting"]))]
        + ([("mine", label(_("Waiting for my approval"), counts["approval"]["mine"]))] if senior else []),
    }
