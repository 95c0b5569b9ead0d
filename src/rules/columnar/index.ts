/**
 * The columnar settlement path of programme T (step 4): inputs as typed columns, a settlement as
 * codes and integer fen per engagement-period, the explanation of any line rebuilt on demand.
 *
 *   const b = new TakeoverColumnsBuilder(expected, asOf);
 *   for (const row of rows) b.push(row);            // engagements LEFT JOIN period facts, by engagement
 *   const s = settleT(b.build(), policy);           // s.status[i], s.amount[i] (fen), s.decision[i] …
 *   explainLine(columns, s, i, policy);             // the engine's TLine for line i, with its trace
 */
export { DECISION, DECISION_NAMES, FLAG, reasonCodesOf, STATUS, STATUS_NAMES } from './codes.ts';
export {
  columnsFromScenario,
  type EngagementRow,
  NO_DAY,
  type PeriodFactsRow,
  type TakeoverColumns,
  TakeoverColumnsBuilder,
  type TakeoverRow,
} from './columns.ts';
export { engagementScenario, explainLine } from './explain.ts';
export { payableTotal, settleT, type TSettlement } from './settle.ts';
