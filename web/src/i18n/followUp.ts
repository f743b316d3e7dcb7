// What a meeting leaves behind and who was there: action items, decisions, guests and substitutes on the
// attendance sheet, review comments; both languages side by side.

const it = {
  "minutes.actionStatus": "Stato dell'azione",
  "minutes.assigneePeople": "Persone",
  "minutes.assigneeOrganizations": "Enti",
  "minutes.fromDecision": "Decisione collegata",
  "minutes.noDecision": "— nessuna —",
  "minutes.actionAdded": "Azione registrata.",
  "meetings.representing": "In rappresentanza di",
  "meetings.ownSeat": "— il proprio ente —",
  "meetings.guestWithoutAccount": "ospite senza account",
  "meetings.quorumPending": "Da verificare in seduta",
  "minutes.openComments": "{count} aperte",
  "minutes.onItem": "Sul punto: {item}",
  "minutes.handled": "Gestita",
  "minutes.handledBy": "Gestita da {name}",
  "minutes.open": "Aperta",
  "minutes.markHandled": "Segna come gestita",
  "minutes.reopen": "Riapri",
  "minutes.replyingTo": "Rispondi a {name}",
  "minutes.commentOn": "Riferita a",
  "minutes.wholeMinutes": "Tutto il verbale",
  "minutes.approveConfirm": "Il verbale sarà approvato e non potrà più essere modificato (solo con un'errata corrige). Procedere?",
  "minutes.approveWithOpen": "{count} osservazioni non sono ancora segnate come gestite. Approvare comunque il verbale? Non potrà più essere modificato.",
};

const en: Record<keyof typeof it, string> = {
  "minutes.actionStatus": "Action status",
  "minutes.assigneePeople": "People",
  "minutes.assigneeOrganizations": "Organizations",
  "minutes.fromDecision": "Linked decision",
  "minutes.noDecision": "— none —",
  "minutes.actionAdded": "Action item recorded.",
  "meetings.representing": "Representing",
  "meetings.ownSeat": "— their own organization —",
  "meetings.guestWithoutAccount": "guest without an account",
  "meetings.quorumPending": "To be checked at the meeting",
  "minutes.openComments": "{count} open",
  "minutes.onItem": "On item: {item}",
  "minutes.handled": "Handled",
  "minutes.handledBy": "Handled by {name}",
  "minutes.open": "Open",
  "minutes.markHandled": "Mark as handled",
  "minutes.reopen": "Reopen",
  "minutes.replyingTo": "Replying to {name}",
  "minutes.commentOn": "About",
  "minutes.wholeMinutes": "The whole minutes",
  "minutes.approveConfirm": "The minutes will be approved and can no longer be changed (only through an erratum). Go ahead?",
  "minutes.approveWithOpen": "{count} observations are not marked as handled yet. Approve the minutes anyway? They can no longer be changed.",
};

export const followUp = { it, en };
