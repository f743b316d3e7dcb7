// The browser tab names the page: the document's title follows the page's main heading ("Seduta plenaria di avvio —
// Tavolo"), whatever page draws it and whenever its data arrives.
import { useEffect } from "react";

const APP = "Tavolo";

/** Keeps `document.title` in step with the first `h1` inside `main`. */
export function useTitleFromHeading() {
  useEffect(() => {
    const main = document.querySelector("main");
    if (!main) return;
    const update = () => {
      const heading = main.querySelector("h1")?.textContent?.replace(/\s+/g, " ").trim();
      const title = heading && heading !== APP ? `${heading} — ${APP}` : APP;
      if (document.title !== title) document.title = title;
    };
    update();
    const observer = new MutationObserver(update);
    observer.observe(main, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, []);
}
