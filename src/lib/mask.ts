/** Personal data shown masked to those without need (issue 7): names, phone numbers, ID numbers. */

/** '张三' → '张*', '欧阳娜娜' → '欧***': the first character stays. */
export const maskName = (name: string): string => {
  const chars = [...name.trim()];
  return chars.length <= 1 ? chars.join('') : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
};

/** '13812345678' → '138****5678'. */
export const maskPhone = (phone: string): string => {
  const d = phone.trim();
  return d.length < 7 ? '*'.repeat(d.length) : `${d.slice(0, 3)}${'*'.repeat(d.length - 7)}${d.slice(-4)}`;
};

/** An ID number: the first 6 and the last 4 stay. */
export const maskIdNumber = (id: string): string => {
  const d = id.trim();
  return d.length <= 10 ? '*'.repeat(d.length) : `${d.slice(0, 6)}${'*'.repeat(d.length - 10)}${d.slice(-4)}`;
};

/** A bank account number: only the last 4 stay ('6222021234567890' → '************7890'). */
export const maskAccount = (no: string): string => {
  const d = no.replace(/\s+/g, '');
  return d.length <= 4 ? '*'.repeat(d.length) : `${'*'.repeat(d.length - 4)}${d.slice(-4)}`;
};
