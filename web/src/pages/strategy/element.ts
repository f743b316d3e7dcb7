// What the strategy's pages share: an element as the version query gives it, and the table's decisions and agenda
// items an element or a version's approval can point at.
import { graphql } from "../../gql";
import type { StrategyVersionQuery } from "../../gql/graphql";

export type Element = NonNullable<StrategyVersionQuery["strategyVersion"]>["elements"][number];

export const TableDecisionsDocument = graphql(`
  query TableDecisions($tableId: ID!) {
    meetings(tableId: $tableId) {
      id
      title
      agenda {
        id
        title
      }
      minutes {
        decisions {
          id
          text
          outcome
        }
      }
    }
  }
`);
