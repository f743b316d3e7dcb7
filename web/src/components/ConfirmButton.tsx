// A button for what cannot be undone or reaches other people: it asks first, saying what will happen, then acts.
import { Button } from "design-react-kit";

export function ConfirmButton({
  text,
  name,
  question,
  run,
  onDone,
  className,
}: {
  /** The button's visible text, e.g. "Elimina". */
  text: string;
  /** What it acts on, for its accessible name ("Elimina: …"). */
  name: string;
  /** The confirmation, saying what will happen. */
  question: string;
  run: () => Promise<{ error?: unknown }>;
  onDone: () => void;
  className?: string;
}) {
  return (
    <Button
      size="xs"
      color="danger"
      outline
      className={className}
      aria-label={`${text}: ${name}`}
      onClick={async () => {
        if (!window.confirm(question)) return;
        const result = await run();
        if (!result.error) onDone();
      }}
    >
      {text}
    </Button>
  );
}
