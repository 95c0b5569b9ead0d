/** `jiangbu help`: zh-CN by default, English with --lang en. */
import type { Lang } from '../rules/params/types.ts';

const ZH = `jiangbu — 二连浩特市物业管理奖补

规则引擎：
  jiangbu calc 文件.json [--explain] [--lang zh|en] [--set 参数=值 …]
      计算场景中的每一行（文件为 "-" 时读标准输入），输出结果 JSON。
  jiangbu simulate 文件.json --set 参数=值 [--set …]
      模拟测算：公布参数与修改后参数下各项目的合计、差额和变化的每一行。
  jiangbu params [--at YYYY-MM-DD] [--json] [--set 参数=值 …]
      全部参数：值、单位、起止日期、条款、决定（D-n）。
  jiangbu schema
      场景的 JSON Schema。

登记库（内嵌数据库在 ./data 或 JIANGBU_DATA_DIR；设置 DATABASE_URL 时用 PostgreSQL）：
  jiangbu calc --db [--as-of YYYY-MM-DD] [--community 编码] [--compound 编码] [--explain]
      按登记数据计算（评估日默认今天，北京时间）；缺少市场参考价格的半年期在标准错误输出中提示。
  jiangbu seed --scenario 文件.json | --demo | --synthetic --compounds N [--force]
      用场景、演示城市或 N 个合成小区替换登记库（仅用于演示和测试库；库中有导入数据时须加 --force）。
  jiangbu template 种类 文件.xlsx
      空白导入模板：中文表头和填写说明。
  jiangbu import 种类 文件.xlsx [--report 报告.xlsx]
      逐行检查，全部无阻断性错误才写入（全有或全无）；逐行报告（行、列、值、说明）；重复导入不变。
      种类：communities（街道和社区）prices（市场参考价格）roster（2023年底名单）companies（企业）
            engagements（承接）facts（半年情况）committees（业委会）facility（设施改造申请）
            budgets（年度预算，财政局：每个年度和项目一行，填全年总额，账上只记差额）
      导入顺序：communities → prices → roster → companies → engagements → facts → committees → facility
  jiangbu export compounds 文件.xlsx [--as-of 日期]
  jiangbu export roster|companies|engagements 文件.xlsx
  jiangbu export lines 文件.xlsx [--as-of 日期] [--community 编码] [--compound 编码]
  jiangbu export scenario [文件.json] [--as-of 日期]
  jiangbu export budgets 文件.xlsx [--year 年度]
      年度预算（可修改后用 import budgets 重新导入）和预算执行情况。
  jiangbu roster request --compound 编码 --action add|remove|amend --reason 理由 --evidence 文件
                 [--area 面积] [--households 户数] [--name 名称] [--kind compound|scattered]
  jiangbu roster decide 编号 --approve|--reject [--note 说明]
  jiangbu roster changes [--json]
  jiangbu roster seal
      2023年底名单的更正：附证明材料（PDF、图片、XLSX、DOCX）申请，住建局审核；批准后追加更正条目，
      历史保留。seal 封存名单：此后只能经审核的变更增减名单。
  jiangbu account changes [--status requested|approved|rejected] [--json]
  jiangbu account decide 编号 --approve|--reject [--note 说明]
      收款账户变更（企业账户、业委会保管账户）：审核通过前仍按原账户拨付。
  jiangbu audit verify
      校验审计日志的哈希链：完好时输出校验条数（退出码 0），否则指出第一条断裂的记录（退出码 1）。
  jiangbu audit purge --before 日期
      保留期满清理：删除该日期之前的审计记录；日期须早于今天至少 184 天（数据库拒绝删除更新的记录）。
      清理后哈希链仍可校验，清理本身记入审计日志。
  jiangbu report funds|satisfaction [--year 年度] [--json] [--xlsx 文件.xlsx]
  jiangbu report coverage [--as-of 日期] [--json] [--xlsx 文件.xlsx]
      统计报表：奖补资金（按年度、项目、社区、收款方；已预留、已拨付、预算）、2023年底名单的物业服务
      覆盖率（2024年1月起逐月末，评估日默认今天）、群众满意度（年度默认目标年度）。--xlsx 导出中文表头的
      工作簿（记入审计日志），--json 输出 JSON，否则在终端打印表格。
  jiangbu backup 文件 [--force] | jiangbu restore 文件
      内嵌数据库的备份（已有同名文件须加 --force）与恢复：恢复前先完整检查备份，登记库不会被
      坏文件清空；被替换的数据保留在旁。PostgreSQL 请用 pg_dump / pg_restore。
  jiangbu budget show [--year 年度] [--json]
  jiangbu budget set --year 年度 --programme T|W|F --amount 金额 [--note 备注]
      预算（财政局）：各项目年度预算、已批准未拨付、已拨付、可用余额；F 另列各社区额度。调整预算即记一笔账，
      不能调减到已批准和已拨付的金额以下。
  jiangbu settle T --period 2025H1 | W|F --year 2025 [--as-of 日期] [--json]
      生成拨付批次：公示期满无异议、尚未列入批次的可拨付事项；金额、测算说明和参数哈希随批次冻结。
      没有新事项则不生成批次。收款账户不合规（个人账户、户名不符）的事项暂不拨付并说明原因。
  jiangbu batch list|show 批次号 [--json]
  jiangbu batch approve 批次号 --username 财政局用户名      （密码从标准输入读取）
  jiangbu batch bank-file 批次号 文件.xlsx | form 批次号 [文件.html|文件.pdf] | bank-result 批次号 文件.xlsx
      批次审批（须再次输入密码）、银行支付文件、拨付审批表（A4 打印）、导入银行回单（成功/失败/退回）：
      失败和退回的事项回到可拨付，进入下一批次。
  jiangbu spending show 业委会编号 [--json]
      业委会补助收支台账（3.3）：到账、每笔支出（日期、事项、金额、有无票据）和冲正，逐笔余额与合计。
  jiangbu user create --username 用户名 --role 角色 [--scope 编码]
  jiangbu user list [--json]
  jiangbu user lock|unlock 用户名
  jiangbu user reset-password 用户名
      账户（以系统管理员身份操作）。角色：admin auditor bureau finance community company committee；
      community、company、committee 须用 --scope 绑定社区编码、企业统一社会信用代码或业委会编号。
      create 和 reset-password 把一次性密码单独打印在标准输出的最后一行，首次登录后须修改；
      没有默认密码。lock 锁定账户并结束其会话，unlock 解锁（也解除登录失败造成的锁定）。

退出码：0 完成；2 输入或用法有误（问题写在标准错误输出）；1 内部错误。
`;

const EN = `jiangbu — Erenhot property-management subsidies

Rules engine:
  jiangbu calc FILE.json [--explain] [--lang zh|en] [--set PARAM=VALUE …]
      Calculate every line of a scenario (FILE "-" reads stdin). Prints the result JSON.
  jiangbu simulate FILE.json --set PARAM=VALUE [--set …]
      What-if: totals per programme under the published and the changed parameters,
      the difference, and every line that changed.
  jiangbu params [--at YYYY-MM-DD] [--json] [--set PARAM=VALUE …]
      Every parameter with its value, unit, effective dates, clause and decision (D-n).
  jiangbu schema
      The scenario's JSON Schema.

Registry (embedded database in ./data or JIANGBU_DATA_DIR; PostgreSQL when DATABASE_URL is set):
  jiangbu calc --db [--as-of YYYY-MM-DD] [--community CODE] [--compound CODE] [--explain]
      Calculate from the registry (default evaluation date: today, China Standard Time); periods
      without a market reference price are listed on stderr.
  jiangbu seed --scenario FILE.json | --demo | --synthetic --compounds N [--force]
      Replace the registry by a scenario, the demo city or N generated compounds (demo and test
      databases only; a registry holding imported data needs --force).
  jiangbu template KIND FILE.xlsx
      An empty import sheet: Chinese headers and a notes row.
  jiangbu import KIND FILE.xlsx [--report REPORT.xlsx]
      Check every row; change the registry only if no row has a blocking error (all or nothing).
      Prints the row-level report; importing the same file again changes nothing.
      KIND: communities prices roster companies engagements facts committees facility (in that order);
      budgets (the year's appropriations, finance: a row per year and programme, the whole year's
      amount; the ledger moves only the difference)
  jiangbu export compounds FILE.xlsx [--as-of DATE]
  jiangbu export roster|companies|engagements FILE.xlsx
  jiangbu export lines FILE.xlsx [--as-of DATE] [--community CODE] [--compound CODE]
  jiangbu export scenario [FILE.json] [--as-of DATE]
  jiangbu export budgets FILE.xlsx [--year Y]
      The appropriations (edit and import again with import budgets) and how each budget stands.
  jiangbu roster request --compound CODE --action add|remove|amend --reason TEXT --evidence FILE
                 [--area A] [--households N] [--name NAME] [--kind compound|scattered]
  jiangbu roster decide ID --approve|--reject [--note TEXT]
  jiangbu roster changes [--json]
  jiangbu roster seal
      Corrections of the sealed 2023 roster: a request with evidence (PDF, image, XLSX, DOCX),
      decided by the housing bureau; an approval appends a superseding entry, history stays.
      seal: from then on only approved changes add to or remove from the roster.
  jiangbu account changes [--status requested|approved|rejected] [--json]
  jiangbu account decide ID --approve|--reject [--note TEXT]
      Payee account changes (company accounts, committees' custodian accounts): until approved,
      payments use the account on record.
  jiangbu audit verify
      Check the audit trail's hash chain: prints the events checked (exit 0) or names the first
      broken event (exit 1).
  jiangbu audit purge --before DATE
      Retention: removes the events older than DATE, which must be at least 184 days ago (the
      database refuses younger ones); the chain still verifies, and the purge is itself an event.
  jiangbu report funds|satisfaction [--year YEAR] [--json] [--xlsx FILE.xlsx]
  jiangbu report coverage [--as-of DATE] [--json] [--xlsx FILE.xlsx]
      Reports: funds (by year, programme, community and payee: reserved, paid, budget), coverage of
      the 2023 roster (each month end from January 2024; as-of date default today) and satisfaction
      (year default the goal's year). --xlsx writes a workbook with Chinese headers (an audited
      export), --json prints JSON, otherwise tables on the terminal.
  jiangbu backup FILE [--force] | jiangbu restore FILE
      The embedded database to a file (an existing FILE only with --force) and back: the backup is
      checked before the registry is touched; the data replaced is kept beside it.
      For PostgreSQL use pg_dump / pg_restore.
  jiangbu budget show [--year Y] [--json]
  jiangbu budget set --year Y --programme T|W|F --amount AMOUNT [--note TEXT]
      Budgets (finance): each programme's appropriation, reserved, paid and remaining per year; F's
      community quotas too. A change is posted to the ledger; never below what is reserved and paid.
  jiangbu settle T --period 2025H1 | W|F --year 2025 [--as-of DATE] [--json]
      Makes a settlement batch of what is payable (notice closed, no open objection, in no batch yet),
      freezing amounts, explanations and paramsHash; nothing new, no batch. Lines whose payee account
      is not the organisation's own (a person's, another name) are held, with the reason.
  jiangbu batch list|show NO [--json]
  jiangbu batch approve NO --username FINANCE_USER      (password on stdin)
  jiangbu batch bank-file NO FILE.xlsx | form NO [FILE.html|FILE.pdf] | bank-result NO FILE.xlsx
      Approval (password again), the bank payment file, the 拨付审批表 (A4), the bank's answer
      (paid/failed/returned): failed and returned lines are payable again in the next batch.
  jiangbu spending show COMMITTEE [--json]
      An owners' committee's spending ledger (clause 3.3): the grant received, each use (date, item,
      amount, receipt or not) and correction, the balance after each, the totals.
  jiangbu user create --username NAME --role ROLE [--scope CODE]
  jiangbu user list [--json]
  jiangbu user lock|unlock NAME
  jiangbu user reset-password NAME
      Accounts (acting as the administrator). ROLE: admin auditor bureau finance community company
      committee; community, company and committee accounts are bound with --scope to a community
      code, a company's USCC or a committee's code. create and reset-password print a one-time
      password alone on the last line of stdout, to be changed at the first login; there are no
      default passwords. lock locks an account and ends its sessions; unlock lifts any lock (also
      one after failed logins).

Exit status: 0 done; 2 bad input or usage (each problem on stderr); 1 internal error.
`;

export const usage = (lang: Lang): string => (lang === 'en' ? EN : ZH);
