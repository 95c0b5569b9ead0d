/**
 * What is wrong with a spreadsheet file as a whole, said once, in zh-CN and English, naming the file:
 * `excel.malformed` with the reason in `details.reason` (for clients and tests).
 */
import { type UserError, userError } from '../lib/errors.ts';
import type { ZipProblemReason } from './zip.ts';

export type FileProblem = ZipProblemReason | 'not-workbook' | 'no-sheet';

const MiB = 1024 * 1024;
const size = (bytes: number): string => (bytes >= MiB ? `${+(bytes / MiB).toFixed(1)} MiB` : `${+(bytes / 1024).toFixed(1)} KiB`);

const TEXTS: Record<Exclude<FileProblem, 'no-sheet'>, (name: string, limit: number) => [string, string]> = {
  empty: (name) => [
    `「${name}」是空文件（0 字节），不是 Excel 工作簿：请重新保存或上传 .xlsx 文件`,
    `"${name}" is empty (0 bytes), not an Excel workbook: save or upload the .xlsx file again`,
  ],
  truncated: (name) => [
    `「${name}」不完整（文件被截断，可能是下载或复制没有完成）：请重新获取原文件`,
    `"${name}" is incomplete (the file is truncated, perhaps a download or copy that did not finish): get the original file again`,
  ],
  'not-xlsx': (name) => [
    `「${name}」不是 Excel 工作簿（.xlsx）：请在 Excel 中打开并另存为 .xlsx`,
    `"${name}" is not an Excel workbook (.xlsx): open it in Excel and save it as .xlsx`,
  ],
  xls: (name) => [
    `「${name}」是旧版 Excel（.xls）文件或设有密码：请在 Excel 中另存为 .xlsx（不设密码）`,
    `"${name}" is an old Excel file (.xls) or has a password: save it in Excel as .xlsx (without a password)`,
  ],
  'not-workbook': (name) => [
    `「${name}」是压缩包，但不是 Excel 工作簿（.xlsx）：请在 Excel 中打开原表格并另存为 .xlsx`,
    `"${name}" is a compressed archive but not an Excel workbook (.xlsx): open the spreadsheet in Excel and save it as .xlsx`,
  ],
  'too-large': (name, limit) => [
    `「${name}」解压后超过 ${size(limit)} 的上限（可能是压缩炸弹，或表格过大）：请检查文件，或拆分为多个文件分别导入`,
    `"${name}" unzips to more than the limit of ${size(limit)} (a zip bomb, or a very large sheet): check the file, or split it into several files`,
  ],
  damaged: (name) => [
    `「${name}」已损坏，无法读取：请在 Excel 中打开并重新保存，或重新获取原文件`,
    `"${name}" is damaged and cannot be read: open it in Excel and save it again, or get the original file again`,
  ],
};

/** `detail` (what the reader tripped on) is kept for logs; users get the plain reason. */
export function malformedFile(name: string, reason: Exclude<FileProblem, 'no-sheet'>, limit: number, detail?: string): UserError {
  const [zh, en] = TEXTS[reason](name, limit);
  return userError('excel.malformed', zh, en, { details: { reason, ...(detail ? { detail } : {}) } });
}

/** No sheet by the expected title, and none whose first row holds the required headers. */
export function sheetNotFound(name: string, title: string, required: string[], found: string[]): UserError {
  const zh =
    `「${name}」中没有「${title}」工作表：没有这个名称的工作表，也没有哪张工作表的第一行含有全部必填列（${required.join('、')}）。` +
    `文件中的工作表：${found.length ? found.join('、') : '（无）'}`;
  const en =
    `"${name}" has no sheet "${title}": no sheet has that name, and no sheet's first row holds all the required columns (${required.join(', ')}). ` +
    `Sheets in the file: ${found.length ? found.join(', ') : '(none)'}`;
  return userError('excel.malformed', zh, en, { details: { reason: 'no-sheet', sheets: found } });
}
