/**
 * Payees are organisations (clause 4.2; docs/policy.md "Across programmes"): money goes to the company's account
 * in its registered name, to the committee's custodian account registered to the committee, to the
 * community's own account — never to a person. A line whose payee's account fails this is held out of
 * the batch with the reason, naming the payee.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { Payee } from '../../ledger/accounts.ts';
import { committeeName } from '../../registry/labels.ts';

export interface PayeeAccount {
  payee: Payee;
  /** the organisation's registered name */
  name: string;
  bankName: string | null;
  accountName: string | null;
  accountNo: string | null;
  /** people named on the organisation's record (a custodian, a contact): their names are personal */
  people: string[];
}

export async function payeeAccount(tx: Db, payee: Payee): Promise<PayeeAccount | null> {
  if (payee.type === 'company') {
    const [c] = await tx.select().from(t.companies).where(eq(t.companies.code, payee.code));
    return c
      ? {
          payee,
          name: c.name,
          bankName: c.bankName,
          accountName: c.bankAccountName,
          accountNo: c.bankAccountNo,
          people: [c.contactName ?? ''],
        }
      : null;
  }
  if (payee.type === 'committee') {
    const [w] = await tx
      .select({ w: t.committees, compound: t.compounds.name })
      .from(t.committees)
      .innerJoin(t.compounds, eq(t.compounds.id, t.committees.compoundId))
      .where(eq(t.committees.code, payee.code));
    if (!w) return null;
    const members = ((w.w.members as { name?: string }[] | null) ?? []).map((m) => m.name ?? '');
    return {
      payee,
      name: committeeName(w.compound),
      bankName: w.w.custodianBankName,
      accountName: w.w.custodianAccountName,
      accountNo: w.w.custodianAccountNo,
      people: [w.w.custodianName ?? '', ...members],
    };
  }
  const [c] = await tx.select().from(t.communities).where(eq(t.communities.code, payee.code));
  return c ? { payee, name: c.name, bankName: c.bankName, accountName: c.bankAccountName, accountNo: c.bankAccountNo, people: [] } : null;
}

/** Words that mark an organisation's name (a person's name has none of them). */
const ORGANISATION = /公司|委员会|社区|居委会|中心|局|所|站|银行|集团|合作社|协会|基金|服务部|管理处|物业/;
/** A Chinese personal name: two to four Han characters (a surname and a given name), nothing else. */
const PERSONAL_NAME = /^[\u4e00-\u9fa5·]{2,4}$/u;

/** The names an organisation's account may bear: its registered name (a community also as 居民委员会). */
function acceptedNames(a: PayeeAccount): string[] {
  return a.payee.type === 'community' ? [a.name, `${a.name}居民委员会`] : [a.name];
}

/** Why this payee cannot be paid into its account, or null. */
export function payeeProblem(a: PayeeAccount | null, payee: Payee): { zh: string; en: string } | null {
  const who = a ? `${a.name}（${payee.code}）` : payee.code;
  if (!a) return { zh: `收款单位 ${payee.code} 不在登记库中`, en: `payee ${payee.code} is not in the registry` };
  const name = (a.accountName ?? '').trim();
  if (!name || !(a.accountNo ?? '').trim()) return { zh: `收款单位 ${who} 未登记收款账户`, en: `payee ${who} has no account on record` };
  const personal = a.people.some((p) => p.trim() !== '' && p.trim() === name) || (PERSONAL_NAME.test(name) && !ORGANISATION.test(name));
  if (personal)
    return {
      zh: `收款单位 ${who} 的收款账户户名“${name}”是个人账户：奖补资金只能拨付到单位账户，不得拨付给个人（4.2）`,
      en: `payee ${who}'s account is in a person's name ("${name}"): subsidies are paid to organisations only, never to a person (clause 4.2)`,
    };
  if (!acceptedNames(a).includes(name))
    return {
      zh: `收款单位 ${who} 的收款账户户名“${name}”与登记名称“${a.name}”不一致：须为单位本身的账户（4.2）`,
      en: `payee ${who}'s account name "${name}" is not its registered name "${a.name}": the account must be the organisation's own (clause 4.2)`,
    };
  return null;
}
