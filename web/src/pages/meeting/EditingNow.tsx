// Who else is writing the minutes right now: the editor says so every 15 seconds while it holds unsaved text, and
// the others with the meeting open see their names for 30 seconds after the last word.
import { useEffect, useState } from "react";
import { useMutation } from "urql";
import { useLive } from "../../components/useLive";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { useSession } from "../../session";
import { MeetingChangesDocument } from "./live";
import type { MeetingData } from "./MeetingPage";

const AnnounceDocument = graphql(`
  mutation AnnounceEditing($meetingId: ID!) {
    announceEditing(meetingId: $meetingId)
  }
`);

const HEARTBEAT_MS = 15_000;
const SHOWN_MS = 30_000;

/** While `editing`, tells the others every 15 seconds. */
export function useEditingHeartbeat(meetingId: string, editing: boolean) {
  const [, announce] = useMutation(AnnounceDocument);
  useEffect(() => {
    if (!editing) return;
    void announce({ meetingId });
    const timer = window.setInterval(() => void announce({ meetingId }), HEARTBEAT_MS);
    return () => window.clearInterval(timer);
  }, [editing, meetingId, announce]);
}

/** The names of the others editing the minutes now, said politely; nothing when nobody else is. */
export function OthersEditing({ meetingId, invitations }: { meetingId: string; invitations: MeetingData["invitations"] }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [seen, setSeen] = useState<Record<string, number>>({});
  const [now, setNow] = useState(() => Date.now());
  useLive(MeetingChangesDocument, { meetingId }, (event) => {
    const change = event.meetingChanges;
    if (change.action !== "editing" || !change.byPersonId || change.byPersonId === me?.id) return;
    const by = change.byPersonId;
    setSeen((current) => ({ ...current, [by]: Date.now() }));
  });
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 5_000);
    return () => window.clearInterval(timer);
  }, []);
  const names = Object.entries(seen)
    .filter(([, at]) => now - at < SHOWN_MS)
    .map(([id]) => invitations.find((i) => i.person?.id === id)?.person?.name ?? t("minutes.someoneElse"));
  if (names.length === 0) return null;
  return (
    <div className="alert alert-warning" role="status" data-testid="others-editing">
      {t("minutes.othersEditing").replace("{names}", names.join(", "))}
    </div>
  );
}
