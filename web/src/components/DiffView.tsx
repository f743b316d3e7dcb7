// A line comparison from the server (minutes, practices and protocols share the shape): added lines green with "+",
// removed ones red with "-".
export interface DiffRow {
  change: "ADDED" | "REMOVED" | "SAME";
  text: string;
}

export function DiffView({ lines, label }: { lines: DiffRow[]; label: string }) {
  return (
    // Focusable: long lines scroll sideways, and a keyboard must reach them.
    <pre className="mt-2 p-2 border" aria-label={label} tabIndex={0}>
      {lines.map((line, i) => (
        <div key={i} className={line.change === "ADDED" ? "text-success" : line.change === "REMOVED" ? "text-danger" : ""}>
          {line.change === "ADDED" ? "+ " : line.change === "REMOVED" ? "- " : "  "}
          {line.text}
        </div>
      ))}
    </pre>
  );
}
