// Leaving a page with unsaved text: the browser asks before the tab closes or navigates away.
import { useEffect } from "react";

/** While `dirty`, closing or reloading the page asks for confirmation first. */
export function useUnsavedWarning(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
}
