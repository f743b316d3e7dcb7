// A labelled search field that reports its text once typing pauses.
import { Input } from "design-react-kit";
import { useEffect, useState } from "react";
import { useI18n } from "../i18n";

export function SearchBox({ id, onSearch }: { id: string; onSearch: (text: string) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  useEffect(() => {
    const timer = window.setTimeout(() => onSearch(text.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [text, onSearch]);
  return (
    <form role="search" onSubmit={(e) => e.preventDefault()}>
      <Input id={id} type="search" label={t("common.search")} placeholder={t("common.searchPlaceholder")} value={text} onChange={(e) => setText(e.target.value)} />
    </form>
  );
}
