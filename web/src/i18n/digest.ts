// The weekly digest's schedule on the profile page; both languages side by side.

const it = {
  "digest.title": "Riepilogo settimanale",
  "digest.intro": "Una mail alla settimana con le riunioni delle prossime due settimane, i verbali da rivedere o approvare, le azioni in scadenza, le bozze di strategia aperte ai commenti e le buone prassi nuove in ciò che segui. Non arriva se non c'è nulla.",
  "digest.day": "Giorno",
  "digest.hour": "Ora",
  "digest.save": "Salva",
  "digest.saved": "Salvato.",
  "digest.next": "Prossimo invio: {when}",
  "digest.off": "Il riepilogo è disattivato nelle notifiche qui sotto.",
  "enum.MONDAY": "Lunedì",
  "enum.TUESDAY": "Martedì",
  "enum.WEDNESDAY": "Mercoledì",
  "enum.THURSDAY": "Giovedì",
  "enum.FRIDAY": "Venerdì",
  "enum.SATURDAY": "Sabato",
  "enum.SUNDAY": "Domenica",
};

const en: Record<keyof typeof it, string> = {
  "digest.title": "Weekly digest",
  "digest.intro": "One mail a week with the meetings of the coming two weeks, minutes to review or approve, action items due, strategy drafts open for comments and new good practices in what you follow. Nothing comes when there is nothing.",
  "digest.day": "Day",
  "digest.hour": "Hour",
  "digest.save": "Save",
  "digest.saved": "Saved.",
  "digest.next": "Next one: {when}",
  "digest.off": "The digest is turned off in the notifications below.",
  "enum.MONDAY": "Monday",
  "enum.TUESDAY": "Tuesday",
  "enum.WEDNESDAY": "Wednesday",
  "enum.THURSDAY": "Thursday",
  "enum.FRIDAY": "Friday",
  "enum.SATURDAY": "Saturday",
  "enum.SUNDAY": "Sunday",
};

export const digest = { it, en };
