/** The answers the public pages read: the server's own types (type-only imports, erased at build). */

export type { LineJson as CalcLine, ResultJson as CalcResult } from '../../../../src/rules/present.ts';
export type { Scenario } from '../../../../src/rules/scenario/schema.ts';
export type { Bulletin, CompanyRecord, PublicStandings, StandingItem } from '../../../../src/service/bulletin.ts';
export type { PublicCommittee, SpendingLedger } from '../../../../src/service/money/spending.ts';
export type { PublicNotice, PublicNoticeDetail } from '../../../../src/service/notices.ts';
export type { ParamRow } from '../../../../src/service/params.ts';
