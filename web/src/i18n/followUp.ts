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
};

export const followUp = { it, en };
