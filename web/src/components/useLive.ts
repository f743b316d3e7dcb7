// Live updates: a subscription whose events ask the page to read again what changed (the events carry ids and
// the kind of change, never content, so what the page shows always comes through the ordinary permission-checked
// queries).
import { useEffect, useRef } from "react";
import { useSubscription, type AnyVariables, type TypedDocumentNode } from "urql";

export function useLive<Data, Variables extends AnyVariables>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  onEvent: (event: Data) => void,
  pause = false,
) {
  const latest = useRef(onEvent);
  useEffect(() => {
    latest.current = onEvent;
  });
  useSubscription<Data, Data, Variables>({ query, variables, pause }, (_previous, event) => {
    latest.current(event);
    return event;
  });
}
