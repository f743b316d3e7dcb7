// The meeting's live changes, shared by the meeting page and its minutes section (one subscription between them:
// urql shares identical operations).
import { graphql } from "../../gql";

/** Each committed change of the meeting: the page reads again what it shows. */
export const MeetingChangesDocument = graphql(`
  subscription MeetingChanges($meetingId: ID!) {
    meetingChanges(meetingId: $meetingId) {
      meetingId
      action
      byPersonId
    }
  }
`);
