// The period of a report: two dates side by side, each with its label.
import { Input } from "design-react-kit";

export interface Range {
  from: string;
  to: string;
}

export function DateRange({ prefix, range, onChange, fromLabel, toLabel }: { prefix: string; range: Range; onChange: (next: Range) => void; fromLabel: string; toLabel: string }) {
  return (
    <div className="row">
      <div className="col-md-4">
        <Input id={`${prefix}-from`} type="date" label={fromLabel} value={range.from} onChange={(e) => onChange({ ...range, from: e.target.value })} />
      </div>
      <div className="col-md-4">
        <Input id={`${prefix}-to`} type="date" label={toLabel} value={range.to} onChange={(e) => onChange({ ...range, to: e.target.value })} />
      </div>
    </div>
  );
}
