// A line diff (longest common subsequence), for showing two versions of a text side by side.

export type DiffLine = { change: "same" | "added" | "removed"; text: string };

/** The lines of `to` against `from`: kept, added in `to`, removed from `from`, in reading order. */
export function lineDiff(from: string, to: string): DiffLine[] {
  const a = from.split("\n");
  const b = to.split("\n");
  // Texts beyond this are compared as wholes: the table below grows with the product of their lengths.
  if (a.length * b.length > 1_000_000) {
    return [...a.map((text) => ({ change: "removed" as const, text })), ...b.map((text) => ({ change: "added" as const, text }))];
  }
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ change: "same", text: a[i] });
      i++;
      j++;
    } else if (j < b.length && (i === a.length || common[i][j + 1] >= common[i + 1][j])) {
      lines.push({ change: "added", text: b[j] });
      j++;
    } else {
      lines.push({ change: "removed", text: a[i] });
      i++;
    }
  }
  return lines;
}
