/** The reports the dashboards read: the server's own types (type-only imports, erased at build). */
export type { AssessmentsReport, PlaceCounts } from '../../../../src/service/reports/assessments.ts';
export type { Share } from '../../../../src/service/reports/common.ts';
export type { CoverageReport } from '../../../../src/service/reports/coverage.ts';
export type { FundsHalfRow, FundsReport, FundsTotal } from '../../../../src/service/reports/funds.ts';
export type { CommunityProgress, ProgressReport } from '../../../../src/service/reports/progress.ts';
export type { PlaceShare, SatisfactionReport } from '../../../../src/service/reports/satisfaction.ts';
